"""The lean Bot API client: keep-alive, chunked answers, closed connections, timeouts, proxies."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import pytest
from telegram.error import NetworkError, TimedOut
from telegram.request import HTTPXRequest, RequestData
from telegram.request._requestparameter import RequestParameter

from bot.http import LeanRequest, make_request

Answer = Callable[[int], bytes]


@pytest.fixture
async def server() -> AsyncIterator[tuple[str, list[int], dict]]:
    """A tiny HTTP server whose behaviour each test sets through `control`."""
    connections: list[int] = []
    control: dict = {"answer": lambda n: _reply(b'{"ok":true}'), "close_after": None, "delay": 0}

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(1)
        served = 0
        while True:
            head = await reader.readuntil(b"\r\n\r\n") if not reader.at_eof() else b""
            if not head:
                break
            headers = [line.lower() for line in head.split(b"\r\n")]
            sizes = [line.split(b":")[1] for line in headers if line.startswith(b"content-length")]
            length = int(sizes[0]) if sizes else 0
            control.setdefault("bodies", []).append(await reader.readexactly(length))
            await asyncio.sleep(control["delay"])
            writer.write(control["answer"](served))
            await writer.drain()
            served += 1
            if control["close_after"] is not None and served >= control["close_after"]:
                break
        writer.close()

    listener = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = listener.sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}/bot1:x/getMe", connections, control
    listener.close()


def _reply(body: bytes, extra: str = "") -> bytes:
    return (
        f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        f"{extra}\r\n"
    ).encode() + body


async def test_keep_alive_reuses_one_connection(server) -> None:
    url, connections, _ = server
    client = LeanRequest(connections=4)
    for _ in range(5):
        assert await client.do_request(url, "POST") == (200, b'{"ok":true}')
    assert len(connections) == 1
    await client.shutdown()


async def test_chunked_answers_are_read_whole(server) -> None:
    url, _, control = server
    control["answer"] = lambda n: (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        b'5\r\n{"ok"\r\n6\r\n:true}\r\n0\r\n\r\n'
    )
    client = LeanRequest()
    assert await client.do_request(url, "POST") == (200, b'{"ok":true}')


async def test_a_connection_the_server_closed_is_replaced(server) -> None:
    url, connections, control = server
    control["close_after"] = 1  # the server drops each connection after one answer
    client = LeanRequest(connections=1)
    for _ in range(3):
        assert (await client.do_request(url, "POST"))[0] == 200
    assert len(connections) == 3


async def test_a_slow_server_times_out(server) -> None:
    url, _, control = server
    control["delay"] = 2
    with pytest.raises(TimedOut):
        await LeanRequest(timeout=0.3).do_request(url, "POST")


async def test_nobody_listening_is_a_network_error() -> None:
    with pytest.raises(NetworkError):
        await LeanRequest().do_request("http://127.0.0.1:9/bot1:x/getMe", "POST")


async def test_form_bodies_are_sent(server) -> None:
    url, _, control = server
    data = RequestData([RequestParameter("chat_id", 5, []), RequestParameter("text", "é&", [])])
    code, _ = await LeanRequest().do_request(url, "POST", data)
    assert code == 200
    assert control["bodies"] == [b"chat_id=5&text=%C3%A9%26"]


def test_a_proxy_in_the_environment_uses_the_standard_client(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.invalid:3128")
    assert isinstance(make_request(4), HTTPXRequest)
    monkeypatch.delenv("HTTPS_PROXY")
    for name in ("HTTP_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    assert isinstance(make_request(4), LeanRequest)
