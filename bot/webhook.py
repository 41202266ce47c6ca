"""Webhook mode: our own small HTTP server, so it can also answer a load balancer's /healthz."""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from typing import Any

import tornado.httpserver
import tornado.netutil
import tornado.web
from telegram import Update

from bot.context import resources_of
from bot.lifecycle import running, until_signalled

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 1024 * 1024  # Telegram's updates are a few kilobytes; a bigger body is refused unread
BODY_SECONDS = 10.0  # a body must arrive within this
IDLE_SECONDS = 30.0  # a connection may wait this long for its next request's headers


@tornado.web.stream_request_body
class _UpdateHandler(tornado.web.RequestHandler):
    """Telegram's updates: the secret is checked from the headers before any body is read."""

    def initialize(self, bot_application: Any, secret: str) -> None:
        self.bot_application = bot_application
        self.secret = secret
        self.chunks: list[bytes] = []

    def prepare(self) -> None:
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            self.set_status(403)  # not from Telegram: the body is never read, nothing processed
            self.finish()

    def data_received(self, chunk: bytes) -> None:
        self.chunks.append(chunk)

    async def post(self) -> None:
        try:
            payload = json.loads(b"".join(self.chunks))
            if not isinstance(payload, dict):
                raise TypeError("not a JSON object")
            update = Update.de_json(payload, self.bot_application.bot)
        except (
            ValueError,
            TypeError,
            KeyError,
            AttributeError,
            RecursionError,
            OverflowError,
            OSError,
        ):
            # Parsed or not, a body that cannot become an Update (nested thousands deep, a
            # date past the calendar's end) is the sender's mistake: 400, never a 500.
            self.set_status(400)
            self.finish()
            return
        await self.bot_application.update_queue.put(update)
        self.set_status(200)
        self.finish()

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.finish()  # a status and nothing else: no page, no traceback

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        log.warning("webhook request failed (%s)", getattr(typ, "__name__", "error"))


class _HealthHandler(tornado.web.RequestHandler):
    def initialize(self, bot_application: Any) -> None:
        self.bot_application = bot_application

    async def get(self) -> None:
        try:
            await asyncio.wait_for(resources_of(self.bot_application).database.ping(), timeout=5)
            status = 200
            body = {"ok": True, "database": "reachable"}
        except Exception as error:  # any failure to reach the database means "not healthy"
            log.warning("health check: database unreachable (%s)", type(error).__name__)
            status = 503
            body = {"ok": False, "database": "unreachable"}
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body))


def web_app(application: Any, path: str, secret: str) -> tornado.web.Application:
    """Return the routes: the webhook path and /healthz. /metrics is not here: it is served
    on its own loopback port (METRICS_PORT), never beside what faces the internet."""
    return tornado.web.Application(
        [
            (
                f"/{path.strip('/')}",
                _UpdateHandler,
                {"bot_application": application, "secret": secret},
            ),
            (r"/healthz", _HealthHandler, {"bot_application": application}),
        ],
        log_function=lambda handler: None,  # access lines could carry the webhook path
    )


def webhook_server(
    application: Any, path: str, secret: str, *, body_seconds: float = BODY_SECONDS
) -> tornado.httpserver.HTTPServer:
    """Return the HTTP server, with the limits that keep a stranger's request cheap."""
    return tornado.httpserver.HTTPServer(
        web_app(application, path, secret),
        max_body_size=MAX_BODY,
        body_timeout=body_seconds,
        idle_connection_timeout=IDLE_SECONDS,
        max_header_size=16 * 1024,
    )


async def serve_webhook(
    application: Any,
    *,
    listen: str,
    port: int,
    path: str,
    url: str,
    secret: str,
    allowed_updates: list[str],
) -> None:
    """Run the application behind our webhook server until SIGINT or SIGTERM."""
    server = webhook_server(application, path, secret)
    async with running(application):
        server.add_sockets(tornado.netutil.bind_sockets(port, listen))
        await application.bot.set_webhook(url, secret_token=secret, allowed_updates=allowed_updates)
        log.info("webhook server listening on %s:%d", listen, port)
        await until_signalled()
        server.stop()
