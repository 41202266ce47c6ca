"""Pace every message through shared send slots, so the total rate never exceeds the limit."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

# Dispatch a little under the limit: arrival times at Telegram jitter by a few milliseconds.
SAFETY_MARGIN = 0.98
CATCH_UP_FRACTION = 0.01


class Pacer:
    """Hand out send slots at most `rate` a second, to everything that sends; 429s pause all."""

    def __init__(self, rate: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = 1 / (rate * SAFETY_MARGIN)
        self._clock = clock
        self._next_slot = 0.0
        self._held_until = 0.0
        self._lock = asyncio.Lock()

    async def wait(self) -> None:
        """Wait for the next free slot; slots are taken in the order callers arrive."""
        async with self._lock:
            while True:
                now = self._clock()
                ready = max(self._next_slot, self._held_until)
                if ready <= now:
                    break
                await asyncio.sleep(ready - now)
            # Count from the slot, not from when this sender woke (that would drift slower), but
            # never from more than 1% of a slot back: sends stay at least 0.99 slots apart, which
            # with the margin leaves room for 10 ms of network jitter at 25 a second.
            floor = self._clock() - self.interval * CATCH_UP_FRACTION
            self._next_slot = max(ready, floor) + self.interval

    def hold(self, seconds: float) -> None:
        """Stop every send for a while, as Telegram asked with retry_after."""
        self._held_until = max(self._held_until, self._clock() + seconds)

    @property
    def held_for(self) -> float:
        return max(0.0, self._held_until - self._clock())
