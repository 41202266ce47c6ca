"""python-telegram-bot's rate limiter hook, feeding every chat message through one Pacer."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

import metrics
from scheduler.pacing import ChatBuckets, Pacer, Slot

log = logging.getLogger(__name__)
Result = bool | dict[str, Any] | list[dict[str, Any]]
SENDING = ("send", "copy", "forward")


def retry_seconds(error: RetryAfter) -> float:
    """Return how long Telegram asked us to wait, whichever type this PTB version uses."""
    value = getattr(error, "_retry_after", None)
    if isinstance(value, timedelta):
        return value.total_seconds()
    return float(value if value is not None else 1)


class PacedRateLimiter(BaseRateLimiter[int]):
    """Pace every request to a chat through the shared Pacer; on 429 pause all and retry."""

    def __init__(
        self, pacer: Pacer, chats: ChatBuckets, paid: Pacer | None = None, max_retries: int = 3
    ) -> None:
        self.pacer = pacer
        self.paid = paid  # paid broadcasts (reflections only) have their own, higher ceiling
        self.max_retries = max_retries
        # Each chat waits for its own turn before it queues for the shared pacer.
        self.chats = chats

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        chat_id = data.get("chat_id")
        paced = chat_id is not None
        pacer = (
            self.paid if self.paid is not None and data.get("allow_paid_broadcast") else self.pacer
        )
        retries = self.max_retries if rate_limit_args is None else rate_limit_args
        if isinstance(chat_id, int) and endpoint.lower().startswith(SENDING):
            wait = self.chats.reserve(chat_id)
            if wait > 0:
                await asyncio.sleep(wait)
        for attempt in range(retries + 1):
            slot = await self._wait(pacer) if paced else None
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                seconds = retry_seconds(error) + 0.1
                pacer.hold(seconds)
                metrics.TOO_MANY.inc()
                metrics.HELD.inc(seconds)
                log.warning("Telegram asked to slow down: all sending paused for %.1f s", seconds)
                if attempt == retries:
                    raise
                if not paced:
                    await asyncio.sleep(seconds)
            finally:
                if slot is not None:
                    pacer.settle(slot)
        raise AssertionError("unreachable: the loop returns or raises")

    @staticmethod
    async def _wait(pacer: Pacer) -> Slot:
        metrics.WAITING.inc()
        try:
            return await pacer.wait(tracked=True)
        finally:
            metrics.WAITING.dec()
