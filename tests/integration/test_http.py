"""The Bot API client over aiohttp: keep-alive, no resending, limits, timeouts, proxies."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import pytest
from telegram.error import NetworkError, TimedOut
from telegram.request import RequestData
from telegram.request._requestparameter import InputFile, RequestParameter

from bot.http import MAX_ANSWER, AiohttpRequest
from bot.retries import Fault, NotSent, Unavailable, fault_of

Answer = Callable[[int], bytes]


@pytest.fixture
async def server() -> AsyncIterator[tuple[str, list[int], dict]]:
    """A tiny HTTP server whose behaviour each test sets through `control`."""
    connections: list[int] = []
    control: dict = {
        "answer": lambda n: _reply(b'{"ok":true}'),
        "close_after": None,
        "delay": 0,
        "drop_after": None,
    }

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
            control.setdefault("heads", []).append(head)
            control.setdefault("bodies", []).append(await reader.readexactly(length))
            if control["drop_after"] is not None and served >= control["drop_after"]:
                break  # read the request, then close without a word
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


def _reply(body: bytes, extra: str = "", status: int = 200) -> bytes:
    return (
        f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        f"{extra}\r\n"
    ).encode() + body


async def test_keep_alive_reuses_one_connection(server) -> None:
    url, connections, _ = server
    client = AiohttpRequest(connections=4)
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
    client = AiohttpRequest()
    assert await client.do_request(url, "POST") == (200, b'{"ok":true}')
    await client.shutdown()


async def test_a_request_whose_connection_closes_unanswered_is_never_sent_again(server) -> None:
    url, _, control = server
    control["drop_after"] = 1  # answers the first request, then reads one more and hangs up
    client = AiohttpRequest(connections=1)
    data = RequestData([RequestParameter("chat_id", 5, []), RequestParameter("text", "once", [])])
    assert (await client.do_request(url, "POST", data))[0] == 200
    with pytest.raises(NetworkError):
        await client.do_request(url, "POST", data)
    assert len(control["bodies"]) == 2  # the second arrived once, and was not resent
    await client.shutdown()


async def test_an_answer_over_the_limit_is_refused(server) -> None:
    url, _, control = server
    control["answer"] = lambda n: _reply(b"x" * (MAX_ANSWER + 1))
    client = AiohttpRequest()
    with pytest.raises(NetworkError):
        await client.do_request(url, "POST")
    await client.shutdown()


async def test_a_slow_server_times_out(server) -> None:
    url, _, control = server
    control["delay"] = 2
    client = AiohttpRequest(timeout=0.3)
    with pytest.raises(TimedOut):
        await client.do_request(url, "POST")
    await client.shutdown()


async def test_nobody_listening_is_a_request_never_sent() -> None:
    client = AiohttpRequest()
    with pytest.raises(NotSent):  # a NetworkError that may safely be tried again
        await client.do_request("http://127.0.0.1:9/bot1:x/getMe", "POST")
    await client.shutdown()


async def test_a_5xx_is_telegram_unavailable_and_a_dropped_connection_may_have_arrived(
    server,
) -> None:
    url, _, control = server
    control["answer"] = lambda n: _reply(b'{"ok":false,"error_code":502}', status=502)
    client = AiohttpRequest()
    with pytest.raises(Unavailable) as unavailable:
        await client.do_request(url, "POST")
    assert fault_of(unavailable.value) == Fault.UNAVAILABLE
    control["drop_after"] = 0
    with pytest.raises(NetworkError) as dropped:
        await client.do_request(url, "POST")
    assert fault_of(dropped.value) == Fault.MAYBE_SENT
    await client.shutdown()


async def test_form_and_file_bodies_are_sent(server) -> None:
    url, _, control = server
    client = AiohttpRequest()
    data = RequestData([RequestParameter("chat_id", 5, []), RequestParameter("text", "é&", [])])
    assert (await client.do_request(url, "POST", data))[0] == 200
    assert control["bodies"] == [b"chat_id=5&text=%C3%A9%26"]
    upload = InputFile(b"journal bytes", filename="notes.md")
    files = RequestData(
        [RequestParameter("chat_id", 5, []), RequestParameter.from_input("document", upload)]
    )
    assert (await client.do_request(url, "POST", files))[0] == 200
    assert b"multipart/form-data" in control["heads"][1]
    assert b'filename="notes.md"' in control["bodies"][1]
    assert b"journal bytes" in control["bodies"][1]
    await client.shutdown()


async def test_a_proxy_in_the_environment_is_used(server, monkeypatch: pytest.MonkeyPatch) -> None:
    url, _, control = server
    proxy = url.split("/bot")[0]
    monkeypatch.setenv("HTTP_PROXY", proxy)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    client = AiohttpRequest()
    assert (await client.do_request("http://api.telegram.invalid/bot1:x/getMe", "POST"))[0] == 200
    assert control["heads"][0].startswith(b"POST http://api.telegram.invalid/bot1:x/getMe ")
    await client.shutdown()
