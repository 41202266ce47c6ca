"""Serve a FakeTelegram over HTTP on loopback, as https://api.telegram.org would."""

from __future__ import annotations

import json
import socket
import struct
from typing import Any

import tornado.httpserver
import tornado.netutil
import tornado.web

from fake_bot_api.errors import ApiError, ConnectionDropped
from fake_bot_api.state import FakeTelegram


class _MethodHandler(tornado.web.RequestHandler):
    def initialize(self, fake: FakeTelegram) -> None:
        self.fake = fake

    async def get(self, token: str, method: str) -> None:
        await self.post(token, method)

    async def post(self, token: str, method: str) -> None:
        try:
            if token != self.fake.token:
                raise ApiError.unauthorized()
            result = await self.fake.call(method, self._params())
            self._answer(200, {"ok": True, "result": result})
        except ApiError as error:
            self._answer(error.status, error.payload())
        except ConnectionDropped:
            self._reset()

    def _reset(self) -> None:
        """Drop the connection with a TCP reset, as a failing network or proxy does."""
        stream = self.request.connection.stream  # type: ignore[union-attr]
        stream.socket.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        stream.close()

    def _params(self) -> dict[str, Any]:
        request = self.request
        if request.headers.get("Content-Type", "").startswith("application/json"):
            return json.loads(request.body or b"{}")
        params: dict[str, Any] = {}
        for source in (request.query_arguments, request.body_arguments):
            for name, values in source.items():
                params[name] = _decode(values[-1].decode("utf-8"))
        for name, files in request.files.items():
            params[name] = (files[0].filename, files[0].body)
        for name, value in list(params.items()):
            if isinstance(value, str) and value.startswith("attach://"):
                attached = request.files.get(value.removeprefix("attach://"))
                if attached:
                    params[name] = (attached[0].filename, attached[0].body)
        return params

    def _answer(self, status: int, body: dict[str, Any]) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body))


def _decode(value: str) -> Any:
    """Decode the JSON-encoded parameters (markup, lists, booleans); leave plain text alone."""
    if value[:1] in ("{", "[") or value in ("true", "false"):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


class FakeBotApiServer:
    """An HTTP server on 127.0.0.1 and a free port; use as an async context manager."""

    def __init__(self, fake: FakeTelegram, extra_routes: list[tuple] | None = None) -> None:
        self.fake = fake
        self.extra_routes = extra_routes or []
        self.port = 0
        self._server: tornado.httpserver.HTTPServer | None = None

    @property
    def root_url(self) -> str:
        """Return the address to put in TELEGRAM_API_BASE_URL."""
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        application = tornado.web.Application(
            [(r"/bot([^/]+)/(\w+)", _MethodHandler, {"fake": self.fake}), *self.extra_routes],
            log_function=lambda handler: None,  # access lines would carry the token
        )
        sockets = tornado.netutil.bind_sockets(0, "127.0.0.1")
        self.port = sockets[0].getsockname()[1]
        self._server = tornado.httpserver.HTTPServer(application)
        self._server.add_sockets(sockets)

    async def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
            self._server = None

    async def __aenter__(self) -> FakeBotApiServer:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()
