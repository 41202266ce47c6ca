"""What the fake Bot API knows: chats, messages sent, updates waiting, errors to return."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import itertools
import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fake_bot_api.errors import ApiError, ConnectionDropped
from fake_bot_api.methods import METHODS

BOT_USER = {"id": 7000001, "is_bot": True, "first_name": "Within", "username": "WithinTestBot"}


@dataclass(slots=True)
class Call:
    """One Bot API request the bot made."""

    method: str
    params: dict[str, Any]
    at: float
    fault: str | None = None  # what Telegram's side did to this call instead of answering it
    refused: str | None = None  # the description of an error answer the call itself earned


@dataclass(slots=True)
class PlannedFailure:
    error: ApiError | ConnectionDropped
    method: str | None
    chat_id: int | None
    times: int


@dataclass
class Trouble:
    """Faults on a share of calls, picked by a seeded random: a Telegram having a bad day.

    Each share is of all calls but getUpdates: `bad_gateway` answers 502, `reset` drops the
    connection before the call is handled, `too_many` answers 429 (retry after one second).
    At most `in_a_row` calls fail one after another: a bad day, not an outage.
    """

    bad_gateway: float = 0.0
    reset: float = 0.0
    too_many: float = 0.0
    seed: int = 27
    in_a_row: int = 2

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)
        self._failed_in_a_row = 0

    def pick(self) -> ApiError | ConnectionDropped | None:
        failure = self._pick()
        self._failed_in_a_row = self._failed_in_a_row + 1 if failure is not None else 0
        if self._failed_in_a_row > self.in_a_row:
            self._failed_in_a_row = 0
            return None
        return failure

    def _pick(self) -> ApiError | ConnectionDropped | None:
        roll = self._random.random()
        if roll < self.bad_gateway:
            return ApiError.server_error()
        if roll < self.bad_gateway + self.reset:
            return ConnectionDropped(handled=False)
        if roll < self.bad_gateway + self.reset + self.too_many:
            return ApiError.too_many_requests(1)
        return None


@dataclass
class FakeTelegram:
    """The Bot API's state and behaviour, shared by the HTTP server and the test helpers."""

    token: str
    latency: float = 0.0
    clock: Callable[[], float] = time.time
    calls: list[Call] = field(default_factory=list)
    sent: dict[int, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    documents: dict[int, list[tuple[str, bytes]]] = field(default_factory=lambda: defaultdict(list))
    photos: dict[int, list[bytes]] = field(default_factory=lambda: defaultdict(list))
    # What people sent the bot, so that a bot may delete their messages as Telegram allows.
    received: dict[int, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    commands: list[dict[str, str]] = field(default_factory=list)
    descriptions: dict[str, str] = field(default_factory=dict)
    webhook: dict[str, Any] = field(default_factory=dict)
    known_chats: dict[int, dict[str, Any]] = field(default_factory=dict)
    blocked: set[int] = field(default_factory=set)
    left_chats: set[int] = field(default_factory=set)
    bot_user: dict[str, Any] = field(default_factory=lambda: dict(BOT_USER))
    flood_limit: int | None = None  # messages per second before answering 429, as Telegram does
    accept_any_chat: bool = False  # for benchmarks: every chat exists
    trouble: Trouble | None = None  # faults on a share of calls

    def __post_init__(self) -> None:
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = defaultdict(lambda: itertools.count(1))
        self._failures: list[PlannedFailure] = []
        self._changed = asyncio.Condition()
        self._recent_sends: collections.deque[float] = collections.deque()
        self.too_many_requests = 0

    # --- the Bot API side -------------------------------------------------------------------

    async def call(self, method: str, params: dict[str, Any]) -> Any:
        """Answer one Bot API method call, or raise ApiError."""
        arrived = time.monotonic()  # Telegram counts requests as they arrive
        if self.latency:
            await asyncio.sleep(self.latency)
        if method.lower() == "getupdates":
            return await self._get_updates(params)
        call = Call(method, params, arrived)
        self.calls.append(call)
        try:
            after = self._planned_failure(method, params, call)
            self._enforce_flood_limit(method)
            handler = METHODS.get(method.lower())
            if handler is None:
                raise ApiError.not_found()
            try:
                result = handler(self, params)
            except ApiError as error:
                call.refused = error.description
                raise
            if after is not None:
                raise after  # handled, but the answer never gets back
            return result
        finally:
            async with self._changed:
                self._changed.notify_all()

    def next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids[chat_id])

    def check_reachable(self, chat_id: int) -> None:
        """Raise the error Telegram gives for a chat the bot cannot write to."""
        if self.accept_any_chat and chat_id not in self.known_chats:
            self.known_chats[chat_id] = {"id": chat_id, "type": "private", "first_name": "Sam"}
        if chat_id in self.blocked:
            raise ApiError.blocked()
        if chat_id not in self.known_chats or chat_id in self.left_chats:
            raise ApiError.chat_not_found()

    def _enforce_flood_limit(self, method: str) -> None:
        if self.flood_limit is None or method.lower() not in ("sendmessage", "senddocument"):
            return
        now = time.monotonic()
        while self._recent_sends and now - self._recent_sends[0] >= 1.0:
            self._recent_sends.popleft()
        if len(self._recent_sends) >= self.flood_limit:
            self.too_many_requests += 1
            raise ApiError.too_many_requests(1)
        self._recent_sends.append(now)

    def _planned_failure(
        self, method: str, params: dict[str, Any], call: Call
    ) -> ConnectionDropped | None:
        """Raise the failure planned for this call; return one that comes after handling it."""
        failure = self.trouble.pick() if self.trouble is not None else None
        chat_id = params.get("chat_id")
        for planned in self._failures if failure is None else ():
            if planned.method not in (None, method):
                continue
            if planned.chat_id is not None and str(planned.chat_id) != str(chat_id):
                continue
            planned.times -= 1
            if planned.times <= 0:
                self._failures.remove(planned)
            failure = planned.error
            break
        if failure is None:
            return None
        call.fault = _fault_name(failure)
        if isinstance(failure, ConnectionDropped) and failure.handled:
            return failure
        raise failure

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if not self._updates and timeout:
            async with self._changed:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait_for(lambda: self._updates), timeout)
        limit = int(params.get("limit") or 100)
        return self._updates[:limit]

    # --- the test side ----------------------------------------------------------------------

    def fail(
        self,
        error: ApiError | ConnectionDropped,
        *,
        method: str | None = "sendMessage",
        chat_id: int | None = None,
        times: int = 1,
    ) -> None:
        """Make the next matching call(s) fail with a real Telegram error."""
        self._failures.append(PlannedFailure(error, method, chat_id, times))

    async def queue_update(self, update: dict[str, Any]) -> None:
        """Queue an update (from make_update) for the bot's next getUpdates."""
        self._updates.append(update)
        async with self._changed:
            self._changed.notify_all()

    def make_update(self, **content: Any) -> dict[str, Any]:
        """Return an update with a fresh id, without queueing it."""
        return {"update_id": next(self._update_ids), **content}

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
        """Wait until the bot has done something that makes predicate true."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(predicate), timeout)

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    def texts(self, chat_id: int) -> list[str]:
        """Return the visible text of every message the bot has sent to a chat, oldest first."""
        return [message.get("text", "") for message in self.sent[chat_id]]


def _fault_name(failure: ApiError | ConnectionDropped) -> str:
    if isinstance(failure, ConnectionDropped):
        return "reset after handling" if failure.handled else "reset"
    return str(failure.status)
