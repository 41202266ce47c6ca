"""Pace every message through shared send slots, so the total rate never exceeds the limit."""

from __future__ import annotations

import asyncio
import collections
import time
from collections.abc import Callable

# A message may go only when the one `rate` sends before it left more than a second ago, plus
# this much: requests reach Telegram with a few milliseconds of jitter, and none may bunch up.
JITTER_ALLOWANCE = 0.025
CATCH_UP_FRACTION = 0.01


class Pacer:
    """Hand out send slots at most `rate` a second, to everything that sends; 429s pause all."""

    def __init__(self, rate: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = 1 / rate
        self._clock = clock
        self._window: collections.deque[float] = collections.deque(maxlen=max(1, int(rate)))
        self._next_slot = 0.0
        self._held_until = 0.0
        self._lock = asyncio.Lock()

    async def wait(self) -> None:
        """Wait for the next free slot; slots are taken in the order callers arrive."""
        async with self._lock:
            while True:
                now = self._clock()
                ready = max(self._next_slot, self._held_until)
                if len(self._window) == self._window.maxlen:
                    ready = max(ready, self._window[0] + 1.0 + JITTER_ALLOWANCE)
                if ready <= now:
                    break
                await asyncio.sleep(ready - now)
            now = self._clock()
            self._window.append(now)
            # Count the next slot from this one, not from when this sender woke (that drifts
            # slower), but never from more than 1% of a slot back: no bursts after a pause.
            self._next_slot = max(ready, now - self.interval * CATCH_UP_FRACTION) + self.interval

    def hold(self, seconds: float) -> None:
        """Stop every send for a while, as Telegram asked with retry_after."""
        self._held_until = max(self._held_until, self._clock() + seconds)
