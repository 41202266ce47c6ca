"""Serve the fake Bot API on its own, for benchmarks: `python -m fake_bot_api --latency 0.04`.

Prints the port, then serves until stopped. GET /_stats returns what it has seen as JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import time

import tornado.web

from fake_bot_api.server import FakeBotApiServer
from fake_bot_api.state import FakeTelegram


class _Stats(tornado.web.RequestHandler):
    def initialize(self, fake: FakeTelegram) -> None:
        self.fake = fake

    def get(self) -> None:
        sends = [c for c in self.fake.calls if c.method == "sendMessage"]
        self.finish(
            json.dumps(
                {
                    "accepted": {str(k): len(v) for k, v in self.fake.sent.items() if v},
                    "attempts": len(sends),
                    "too_many_requests": self.fake.too_many_requests,
                    "stamps": [c.at for c in sends],
                    "clock": time.monotonic(),
                }
            )
        )


async def serve(token: str, latency: float, flood_limit: int | None) -> None:
    fake = FakeTelegram(token=token, latency=latency, flood_limit=flood_limit, accept_any_chat=True)
    server = FakeBotApiServer(fake, extra_routes=[(r"/_stats", _Stats, {"fake": fake})])
    await server.start()
    print(server.port, flush=True)
    stopping = asyncio.Event()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(signal_number, stopping.set)
    await stopping.wait()
    await server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m fake_bot_api", description=__doc__)
    parser.add_argument("--token", required=True)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds per call")
    parser.add_argument("--flood-limit", type=int, default=None, help="429 above this rate")
    arguments = parser.parse_args()
    asyncio.run(serve(arguments.token, arguments.latency, arguments.flood_limit))


if __name__ == "__main__":
    main()
