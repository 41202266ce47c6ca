"""The clock the bot and scheduler read: the system's, or a manual one for tests and previews."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Return the current instant, timezone-aware."""
    return datetime.now(UTC)


class ManualClock:
    """A clock that stands still until moved: for tests and for previewing days in a minute."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("the clock needs an aware datetime")
        self.now = start.astimezone(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        """Move forward, e.g. advance(hours=2); return the new time."""
        self.now += timedelta(**delta)
        return self.now

    def set(self, instant: datetime) -> None:
        self.now = instant.astimezone(UTC)
