"""Pace every message through shared send slots, so the total rate never exceeds the limit."""

from __future__ import annotations

import asyncio
import collections
import time
from collections.abc import Callable
from dataclasses import dataclass, field

# A message may go only when the one `rate` sends before it reached Telegram (its answer came
# back) at least a second ago. Counted from the answer, no margin for network jitter is needed:
# whatever slowed that request on its way, it had arrived by then.
CATCH_UP_FRACTION = 0.01


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

    def __init__(self, rate: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = 1 / rate
        self._clock = clock
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
                await asyncio.sleep(ready - now)
            now = self._clock()
            slot = Slot(now)
            if not tracked:
                self.settle(slot)
            self._window.append(slot)
            # Count the next slot from this one, not from when this sender woke (that drifts
            # slower), but never from more than 1% of a slot back: no bursts after a pause.
            self._next_slot = max(ready, now - self.interval * CATCH_UP_FRACTION) + self.interval
            return slot

    def settle(self, slot: Slot) -> None:
        """Note that a slot's request has its answer, so it reached Telegram by now."""
        if slot.reached is None:
            slot.reached = self._clock()
            slot.settled.set()

    def hold(self, seconds: float) -> None:
        """Stop every send for a while, as Telegram asked with retry_after."""
        self._held_until = max(self._held_until, self._clock() + seconds)
