"""python-telegram-bot's rate limiter hook: every request paced, and retried when that helps."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.ext import BaseRateLimiter

import metrics
from bot.pacing import ChatBuckets, Pacer, Slot
from bot.retries import PLANS, Fault, Plan, Retry, fault_of
from bot.shown import ShownMessages

log = logging.getLogger(__name__)
Result = bool | dict[str, Any] | list[dict[str, Any]]
SENDING = ("send", "copy", "forward")
NOT_MODIFIED = "message is not modified"


def retry_seconds(error: RetryAfter) -> float:
    """Return how long Telegram asked us to wait, whichever type this PTB version uses."""
    value = getattr(error, "_retry_after", None)
    if isinstance(value, timedelta):
        return value.total_seconds()
    return float(value if value is not None else 1)


class PacedRateLimiter(BaseRateLimiter[Retry]):
    """Pace every request to a chat through the shared Pacer; try transient failures again.

    A 429 pauses all sending for as long as Telegram asks. 5xx answers and dropped connections
    are tried again after a jittered, doubling wait, as `bot.retries` decides for the kind of
    request. Each request is retried where it stands, so a chat's messages keep their order.
    An edit that would change nothing is not sent, and "message is not modified" is success.
    """

    def __init__(
        self, pacer: Pacer, chats: ChatBuckets, paid: Pacer | None = None, max_retries: int = 3
    ) -> None:
        self.pacer = pacer
        self.paid = paid  # paid broadcasts (reflections only) have their own, higher ceiling
        self.max_retries = max_retries  # for 429s
        # Each chat waits for its own turn before it queues for the shared pacer.
        self.chats = chats
        self.shown = ShownMessages()

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
        rate_limit_args: Retry | None,
    ) -> Result:
        if self.shown.unchanged(endpoint, data):
            metrics.EDITS_SKIPPED.inc()
            return True  # what Telegram answers for an edit with nothing to return
        chat_id = data.get("chat_id")
        if isinstance(chat_id, int) and endpoint.lower().startswith(SENDING):
            wait = self.chats.reserve(chat_id)
            if wait > 0:
                await asyncio.sleep(wait)
        result = await self._with_retries(callback, args, kwargs, endpoint, data, rate_limit_args)
        self.shown.note(endpoint, data, result)
        return result

    async def _with_retries(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        kind: Retry | None,
    ) -> Result:
        paced = data.get("chat_id") is not None
        pacer = (
            self.paid if self.paid is not None and data.get("allow_paid_broadcast") else self.pacer
        )
        plan = PLANS[kind or Retry.REPLY]
        started = time.monotonic()
        faults = 0
        too_many = 0
        while True:
            slot = await self._wait(pacer) if paced else None
            pause = 0.0  # slept after the slot is settled, so a retry never holds up the pacer
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                seconds = retry_seconds(error) + 0.1
                pacer.hold(seconds)
                metrics.TOO_MANY.inc()
                metrics.HELD.inc(seconds)
                log.warning("Telegram asked to slow down: all sending paused for %.1f s", seconds)
                if too_many == self.max_retries or not _in_time(plan, started, seconds):
                    raise
                too_many += 1
                metrics.RETRIES.labels(endpoint, Fault.TOO_MANY.value).inc()
                pause = 0.0 if paced else seconds  # paced requests wait out the hold in the pacer
            except BadRequest as error:
                if NOT_MODIFIED in error.message.lower():
                    return True  # the message already shows what was asked
                raise
            except NetworkError as error:
                fault = fault_of(error)
                pause = plan.wait(faults)
                if fault not in plan.faults or faults + 1 >= plan.attempts:
                    raise
                if not _in_time(plan, started, pause):
                    raise
                faults += 1
                metrics.RETRIES.labels(endpoint, fault.value).inc()
                log.info("%s from the Bot API (%s): trying again", fault.value, endpoint)
            finally:
                if slot is not None:
                    pacer.settle(slot)
            await asyncio.sleep(pause)

    @staticmethod
    async def _wait(pacer: Pacer) -> Slot:
        metrics.WAITING.inc()
        try:
            return await pacer.wait(tracked=True)
        finally:
            metrics.WAITING.dec()


def _in_time(plan: Plan, started: float, wait: float) -> bool:
    """Tell whether another try after `wait` seconds still falls within the plan's time."""
    return time.monotonic() - started + wait <= plan.within_seconds
