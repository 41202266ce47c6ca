"""Pace every message through shared send slots, so the total rate never exceeds the limit."""

from __future__ import annotations

import asyncio
import collections
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

# A message may go only when the one `rate` sends before it reached Telegram (its answer came
# back) at least a second ago. Counted from the answer, no margin for network jitter is needed:
# whatever slowed that request on its way, it had arrived by then.
# A sleep wakes a little late (about half a millisecond here); slots may run up to this far behind
# the clock and be caught up, or at a thousand a second every wake-up would cost a third of the
# rate. The window above still keeps any one second to `rate`.
CATCH_UP_SECONDS = 0.005


@dataclass(eq=False)
class Slot:
    """One send: when it was let go, and when it was known to have reached Telegram."""

    start: float
    reached: float | None = None
    settled: asyncio.Event = field(default_factory=asyncio.Event)


class Pacer:
    """Hand out send slots at most `rate` a second, to everything that sends; 429s pause all.

    A tracked send counts in the window from when it is settled (its answer came back), not from
    when it left: a request slowed on its way can then never bunch up with later ones at Telegram.
    """

    def __init__(
        self,
        rate: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.interval = 1 / rate
        # The monotonic clock and its sleep, together: a test hands in time it moves itself.
        self._clock = clock
        self._sleep = sleep
        self._window: collections.deque[Slot] = collections.deque(maxlen=max(1, int(rate)))
        self._next_slot = 0.0
        self._held_until = 0.0
        self._lock = asyncio.Lock()

    async def wait(self, *, tracked: bool = False) -> Slot:
        """Wait for the next free slot; slots are taken in the order callers arrive.

        A tracked slot must be handed back to `settle` once its request has an answer.
        """
        async with self._lock:
            oldest = self._window[0] if len(self._window) == self._window.maxlen else None
            if oldest is not None:
                await oldest.settled.wait()
            while True:
                now = self._clock()
                ready = max(self._next_slot, self._held_until)
                if oldest is not None and oldest.reached is not None:  # settled, just above
                    ready = max(ready, oldest.reached + 1.0)
                if ready <= now:
                    break
                await self._sleep(ready - now)
            now = self._clock()
            slot = Slot(now)
            if not tracked:
                self.settle(slot)
            self._window.append(slot)
            # Count the next slot from this one, not from when this sender woke (that drifts
            # slower), but never from more than CATCH_UP_SECONDS back: no bursts after a pause.
            self._next_slot = max(ready, now - CATCH_UP_SECONDS) + self.interval
            return slot

    def settle(self, slot: Slot) -> None:
        """Note that a slot's request has its answer, so it reached Telegram by now."""
        if slot.reached is None:
            slot.reached = self._clock()
            slot.settled.set()

    def hold(self, seconds: float) -> None:
        """Stop every send for a while, as Telegram asked with retry_after."""
        self._held_until = max(self._held_until, self._clock() + seconds)


@dataclass(slots=True)
class _Bucket:
    tokens: float
    stamp: float


class ChatBuckets:
    """A token bucket per chat: `burst` at once, then `per_second`; waits are reserved in order.

    `reserve` never blocks: it takes a token (going into debt if none is left) and says how long
    the caller must wait for it, so callers keep the order in which they asked.
    """

    PRUNE_EVERY = 1024

    def __init__(
        self, burst: int, per_second: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.burst = burst
        self.per_second = per_second
        self._clock = clock
        self._buckets: dict[int, _Bucket] = {}
        self._added = 0

    def reserve(self, chat_id: int) -> float:
        """Take one token for this chat; return the seconds to wait before acting (often 0)."""
        now = self._clock()
        bucket = self._buckets.get(chat_id)
        if bucket is None:
            self._added += 1
            if self._added % self.PRUNE_EVERY == 0:
                self._prune(now)
            bucket = self._buckets[chat_id] = _Bucket(float(self.burst), now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.stamp) * self.per_second)
        bucket.stamp = now
        bucket.tokens -= 1
        return 0.0 if bucket.tokens >= 0 else -bucket.tokens / self.per_second

    def __len__(self) -> int:
        return len(self._buckets)

    def _prune(self, now: float) -> None:
        """Forget chats whose bucket has filled up again: they are as good as new."""
        full = [
            chat_id
            for chat_id, bucket in self._buckets.items()
            if bucket.tokens + (now - bucket.stamp) * self.per_second >= self.burst
        ]
        for chat_id in full:
            del self._buckets[chat_id]
