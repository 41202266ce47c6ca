"""The Bot API's HTTP client: a small python-telegram-bot adapter over aiohttp.

aiohttp keeps a pool of connections and never resends a POST by itself: whether a request that
may have arrived is sent again is decided in one place, `bot.retries`. For that, a connection
that could not be made and a 5xx answer raise errors of their own. Answers are read up to a
limit, and every request has its own time limits. HTTP(S)_PROXY and NO_PROXY are read from the
environment once, at start (aiohttp's own trust_env would look for a .netrc file in a thread on
every request).
"""

from __future__ import annotations

import ssl
import urllib.request
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

from bot.retries import NotSent, Unavailable

MAX_ANSWER = 16 * 1024 * 1024  # the Bot API answers in kilobytes; a larger answer is refused
CONNECT_SECONDS = 5.0


class AiohttpRequest(BaseRequest):
    """BaseRequest over one aiohttp session, opened at initialize and closed at shutdown."""

    def __init__(self, connections: int = 32, read_timeout: float = 5.0, timeout: float = 10.0):
        self._connections = connections
        self._read_timeout = read_timeout
        self._timeout = timeout
        self._session: aiohttp.ClientSession | None = None
        self._proxies: dict[str, str] = {}
        self._proxy_for: dict[tuple[str, str], str | None] = {}

    @property
    def read_timeout(self) -> float:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._connections, ssl=_tls_context())
            self._session = aiohttp.ClientSession(connector=connector, auto_decompress=True)
            self._proxies = urllib.request.getproxies_environment()
            self._proxy_for.clear()

    async def shutdown(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = None,
        write_timeout: object = None,
        connect_timeout: object = None,
        pool_timeout: object = None,
    ) -> tuple[int, bytes]:
        if self._session is None:
            await self.initialize()
        assert self._session is not None
        # python-telegram-bot passes a sentinel for "not set"; long polls pass their own timeout.
        given = read_timeout if isinstance(read_timeout, int | float) else None
        total = self._timeout if given is None else given + 5
        limits = aiohttp.ClientTimeout(total=total, connect=CONNECT_SECONDS)
        try:
            async with self._session.request(
                method, url, data=_body(request_data), timeout=limits, proxy=self._proxy(url)
            ) as response:
                if response.status >= 500:  # Telegram's own trouble: retried as a kind apart
                    raise Unavailable(response.status)
                return response.status, await _read_limited(response)
        except (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError) as error:
            raise NotSent(f"{type(error).__name__} connecting to the Bot API") from None
        except TimeoutError:
            raise TimedOut("Timed out talking to the Bot API") from None
        except (aiohttp.ClientError, OSError, ValueError) as error:
            raise NetworkError(f"{type(error).__name__} talking to the Bot API") from None

    def _proxy(self, url: str) -> str | None:
        """Return the proxy for a URL's scheme and host, as the environment says (remembered)."""
        parts = urlsplit(url)
        key = (parts.scheme, parts.hostname or "")
        if key not in self._proxy_for:
            bypass = key[1] and urllib.request.proxy_bypass(key[1])  # NO_PROXY
            chosen = self._proxies.get(key[0]) or self._proxies.get("all")
            self._proxy_for[key] = None if bypass else chosen
        return self._proxy_for[key]


def _body(request_data: RequestData | None) -> Any:
    """Return a form for aiohttp: URL-encoded, or multipart when there are files."""
    if request_data is None:
        return None
    if not request_data.contains_files:
        return aiohttp.FormData(request_data.json_parameters)
    form = aiohttp.FormData()
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, (filename, content, mimetype) in request_data.multipart_data.items():
        data = content if isinstance(content, bytes) else content.read()
        form.add_field(name, data, filename=filename, content_type=mimetype)
    return form


async def _read_limited(response: aiohttp.ClientResponse) -> bytes:
    """Read an answer, refusing one longer than MAX_ANSWER."""
    if (response.content_length or 0) > MAX_ANSWER:
        raise ValueError("the Bot API's answer is too large")
    body = bytearray()
    async for chunk in response.content.iter_chunked(64 * 1024):
        body += chunk
        if len(body) > MAX_ANSWER:
            raise ValueError("the Bot API's answer is too large")
    return bytes(body)


def _tls_context() -> ssl.SSLContext:
    try:
        import certifi

        return ssl.create_default_context(cafile=certifi.where())
    except ImportError:
        return ssl.create_default_context()


def make_request(connections: int, read_timeout: float = 5.0) -> BaseRequest:
    """Return the Bot API client: a pool of `connections`, answers awaited `read_timeout`."""
    return AiohttpRequest(connections=connections, read_timeout=read_timeout)
