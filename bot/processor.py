"""Handle updates side by side, each chat's in order, so one busy chat never delays another."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

import metrics
from bot.pacing import ChatBuckets

log = logging.getLogger(__name__)

# python-telegram-bot's own gate counts every update waiting anywhere, so it is set far above
# what arrives; the real bound is `workers`, which a chat's queued updates never hold.
WAITING_LIMIT = 1_000_000
Notice = Callable[[int], Awaitable[Any]]


@dataclass(frozen=True, slots=True)
class ChatLimits:
    """How fast one chat may go: a burst at once, then so many a second.

    Updates from a chat beyond the limit wait (never dropped); messages to a chat keep to
    Telegram's guidance of about one a second, so a flood of replies to one chat never sits
    ahead of another chat's in the shared pacer.
    """

    updates_burst: int = 20
    updates_per_second: float = 1.0
    sends_burst: int = 4
    sends_per_second: float = 1.0


NO_CHAT_LIMITS = ChatLimits(10**9, 1e9, 10**9, 1e9)  # a pretend Telegram: tests, the console


@dataclass
class _Chat:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    queued: int = 0
    told: bool = False  # told "I'll catch up" during this burst


def update_kind(update: object) -> str:
    """Name what an update is, for counting: never who sent it or what it says."""
    if not isinstance(update, Update):
        return "other"
    if update.callback_query is not None:
        return "button"
    if update.edited_message is not None:
        return "edit"
    if update.my_chat_member is not None:
        return "membership"
    message = update.message
    if message is not None:
        return "command" if (message.text or "").startswith("/") else "message"
    return "other"


class ChatOrderedProcessor(BaseUpdateProcessor):
    """Updates of one chat run one at a time, in the order they came; chats run side by side.

    At most `workers` updates run at once, and a chat's waiting updates hold none of them. Past
    its limits a chat's updates are not dropped, only slowed, and it hears once (through
    `notice`) that the bot will catch up.
    """

    def __init__(self, limits: ChatLimits, workers: int = 32) -> None:
        super().__init__(WAITING_LIMIT)
        self._workers = asyncio.Semaphore(workers)
        self._buckets = ChatBuckets(limits.updates_burst, limits.updates_per_second)
        self._chats: dict[int, _Chat] = {}
        self.notice: Notice | None = None

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        metrics.UPDATES.labels(update_kind(update)).inc()
        chat_id = (
            update.effective_chat.id
            if isinstance(update, Update) and update.effective_chat
            else None
        )
        if chat_id is None:
            async with self._workers:
                await coroutine
            return
        chat = self._chats.setdefault(chat_id, _Chat())
        chat.queued += 1
        try:
            async with chat.lock:
                await self._keep_pace(chat_id, chat)
                async with self._workers:
                    await coroutine
        finally:
            chat.queued -= 1
            if chat.queued == 0:
                del self._chats[chat_id]

    async def _keep_pace(self, chat_id: int, chat: _Chat) -> None:
        wait = self._buckets.reserve(chat_id)
        if wait <= 0:
            chat.told = chat.told and chat.queued > 1  # a new burst may be told again
            return
        if not chat.told and self.notice is not None:
            chat.told = True
            try:
                await self.notice(chat_id)
            except Exception as error:  # the notice is a courtesy; the update still runs
                log.warning("could not say 'catching up' (%s)", type(error).__name__)
        await asyncio.sleep(wait)
