"""The webhook edge: the secret first, a 1 MiB limit, timeouts, 400 with no traceback."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
import tornado.netutil

from bot.app import WithinApplication, build_application
from bot.webhook import MAX_BODY, SECRET_HEADER, webhook_server
from fake_bot_api import FakeBotApiServer
from tests.conftest import make_settings

SECRET = "s3cret-for-tests"


@dataclass
class Edge:
    application: WithinApplication
    port: int

    async def request(self, head: str, body: bytes = b"", *, wait: float = 5.0) -> bytes:
        """Send raw bytes; return whatever comes back before the server answers or closes."""
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        writer.write(head.encode("latin-1") + body)
        await writer.drain()
        try:
            return await asyncio.wait_for(reader.read(65536), wait)
        finally:
            writer.close()


@pytest.fixture
async def edge(fake_server: FakeBotApiServer, sqlite_url: str) -> AsyncIterator[Edge]:
    application = build_application(make_settings(fake_server.root_url, sqlite_url), deliver=False)
    server = webhook_server(application, "hook", SECRET, body_seconds=0.5)
    sockets = tornado.netutil.bind_sockets(0, "127.0.0.1")
    server.add_sockets(sockets)
    try:
        yield Edge(application, sockets[0].getsockname()[1])
    finally:
        server.stop()


def post(length: int, secret: str = SECRET) -> str:
    return (
        f"POST /hook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"{SECRET_HEADER}: {secret}\r\nContent-Length: {length}\r\n\r\n"
    )


async def test_a_wrong_secret_is_refused_before_the_body_is_read(edge: Edge) -> None:
    answer = await edge.request(post(50 * MAX_BODY, secret="wrong"), b"{")  # 50 MiB promised
    assert answer.startswith(b"HTTP/1.1 403")
    assert edge.application.update_queue.empty()


async def test_a_body_over_the_limit_is_refused_unread(edge: Edge) -> None:
    answer = await edge.request(post(MAX_BODY + 1), b"{")
    assert answer == b"" or answer.startswith(b"HTTP/1.1 4")  # refused or closed, unread
    assert edge.application.update_queue.empty()


async def test_a_half_sent_body_is_dropped_after_the_body_timeout(edge: Edge) -> None:
    started = time.monotonic()
    answer = await edge.request(post(100), b'{"update_id":', wait=5.0)  # then nothing more
    assert time.monotonic() - started < 3  # closed by the server (timeout 0.5 s), not by us
    assert answer == b"" or answer.startswith(b"HTTP/1.1 4")
    assert edge.application.update_queue.empty()


@pytest.mark.parametrize("body", [b"[1, 2]", b'"text"', b"12", b"null", b"{not json", b"\xff\xfe"])
async def test_anything_but_a_json_object_is_400_with_no_traceback(
    edge: Edge, body: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    answer = await edge.request(post(len(body)), body)
    assert answer.startswith(b"HTTP/1.1 400")
    assert b"Traceback" not in answer
    assert "Traceback" not in caplog.text
    assert not any(record.exc_info for record in caplog.records)
    assert edge.application.update_queue.empty()


async def test_a_real_update_with_the_secret_is_queued(edge: Edge) -> None:
    update = json.dumps(
        {
            "update_id": 7,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": 5, "type": "private"},
                "text": "hello",
            },
        }
    ).encode()
    answer = await edge.request(post(len(update)), update)
    assert answer.startswith(b"HTTP/1.1 200")
    assert edge.application.update_queue.qsize() == 1


@pytest.mark.parametrize(
    "body",
    [
        b'{"update_id": 1, "message": ' + b"[" * 200_000 + b"]" * 200_000 + b"}",
        b'{"update_id": 1, "message": {"message_id": 1, "date": 1e20, '
        b'"chat": {"id": 1, "type": "private"}, "text": "hi"}}',
        b'{"update_id": 1, "message": {"message_id": 1, "date": 99999999999999, '
        b'"chat": {"id": 1, "type": "private"}, "text": "hi"}}',
    ],
    ids=["nested-200000-deep", "date-1e20", "date-past-year-9999"],
)
async def test_a_body_that_cannot_become_an_update_is_400_not_500(
    edge: Edge, body: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    answer = await edge.request(post(len(body)), body)
    assert answer.startswith(b"HTTP/1.1 400"), answer[:40]
    assert not any(record.exc_info for record in caplog.records)
    assert edge.application.update_queue.empty()
