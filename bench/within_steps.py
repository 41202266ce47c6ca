"""Within's side of the benchmarks, each run in a fresh process and printing one JSON line."""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import tempfile
import time

from sqlalchemy import delete, update

from bench.common import TOKEN
from bot.app import build_application
from bot.context import resources_of
from config.settings import Settings, load_settings
from fake_bot_api import FakeTelegram
from fake_bot_api.harness import BotHarness
from storage.models import Delivery, Person, utc_now


def settings_for(url: str, api: str, rate: int) -> Settings:
    return load_settings(
        {
            "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": api, "DATABASE_URL": url,
            "MAX_MESSAGES_PER_SECOND": str(rate), "DATA_DIR": tempfile.mkdtemp(),
            "PAID_BROADCAST": "true" if rate > 30 else "false",
            "LOG_LEVEL": "WARNING",
        },
        env_file=None,
    )  # fmt: skip


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def broadcast(url: str, api: str, rate: int, due: int, commands: bool) -> dict:
    """Deliver everyone due; optionally send /settings every half second and time the answers."""
    application = build_application(settings_for(url, api, rate), deliver=False)
    async with BotHarness(application, FakeTelegram(token=TOKEN)) as bot:
        engine = resources_of(application).engine
        assert engine is not None
        person, latencies, finished = bot.person(1), [], asyncio.Event()

        async def ask_settings() -> None:
            while not finished.is_set():
                await asyncio.sleep(0.5)
                started = time.perf_counter()
                await person.send("/settings")
                latencies.append(time.perf_counter() - started)

        asker = asyncio.create_task(ask_settings()) if commands else None
        cpu, wall, sent = time.process_time(), time.perf_counter(), 0
        while sent < due:
            report = await engine.tick()
            sent += report.sent
            if report.due == 0:
                break
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        finished.set()
        if asker:
            await asker
    latencies.sort()
    return {
        "sent": sent, "seconds": wall, "cpu_ms_per_message": cpu * 1000 / max(sent, 1),
        "messages_per_second": sent / wall,
        "command_p50": statistics.median(latencies) if latencies else None,
        "command_p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
        if latencies else None,
        "commands": len(latencies),
    }  # fmt: skip


async def startup_and_tick(url: str, api: str, due: int, ticks: int) -> dict:
    """Time the start, then ticks that each find `due` people due among everyone stored."""
    started = time.perf_counter()
    application = build_application(settings_for(url, api, 1000), deliver=False)
    async with BotHarness(application, FakeTelegram(token=TOKEN)) as bot:
        startup = time.perf_counter() - started
        resources = resources_of(bot.application)
        durations = []
        for _ in range(ticks):
            async with resources.database.sessions.begin() as session:
                await session.execute(delete(Delivery).where(Delivery.chat_id <= due))
                await session.execute(
                    update(Person).where(Person.chat_id <= due).values(next_delivery_at=utc_now())
                )
            began = time.perf_counter()
            assert resources.engine is not None  # built at start
            report = await resources.engine.tick()
            durations.append(time.perf_counter() - began)
            assert report.sent == due, report
    return {
        "startup_seconds": startup,
        "tick_ms_median": statistics.median(durations) * 1000,
        "peak_mb": peak_mb(),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=["broadcast", "startup"])
    parser.add_argument("--url", required=True)
    parser.add_argument("--api", required=True)
    parser.add_argument("--rate", type=int, default=25)
    parser.add_argument("--due", type=int, default=10)
    parser.add_argument("--ticks", type=int, default=5)
    parser.add_argument("--commands", action="store_true")
    a = parser.parse_args()
    if a.step == "broadcast":
        result = asyncio.run(broadcast(a.url, a.api, a.rate, a.due, a.commands))
    else:
        result = asyncio.run(startup_and_tick(a.url, a.api, a.due, a.ticks))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
