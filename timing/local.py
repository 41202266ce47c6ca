"""Next-delivery maths: local time, zone, days and pauses in; the next UTC instant out."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

EVERY_DAY = 0b1111111  # bit 0 is Monday, as in date.weekday()
WEEKDAYS = 0b0011111
WEEKENDS = 0b1100000
MAX_DAYS_AHEAD = 400  # a year's pause plus a week always finds an allowed day


@lru_cache(maxsize=1024)
def zone(name: str) -> ZoneInfo:
    """Return a time zone by IANA name (cached: it is looked up on every delivery)."""
    return ZoneInfo(name)


def allowed(days: int, on: date) -> bool:
    """Tell whether a local date is one of the chosen days."""
    return bool(days & (1 << on.weekday()))


def local_instant(on: date, at: time, tz: ZoneInfo) -> datetime:
    """Return the UTC instant for a local date and time, resolving daylight-saving changes.

    A time that happens twice (clocks going back) resolves to the first; a time that does not
    exist (clocks going forward) resolves to the first valid instant after it, the moment the
    clocks jump.
    """
    wall = datetime.combine(on, at)
    first = wall.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if first.astimezone(tz).replace(tzinfo=None) == wall:
        return first
    # In a gap: fold=1 reads the wall time with the later offset, landing before the jump.
    low = wall.replace(tzinfo=tz, fold=1).astimezone(UTC)
    high = first
    low, high = min(low, high), max(low, high)
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(tz).replace(tzinfo=None) >= wall:
            high = middle
        else:
            low = middle
    return high.replace(microsecond=0)


def local_date(instant: datetime, timezone: str) -> date:
    """Return the person's local date at an instant."""
    return instant.astimezone(zone(timezone)).date()


def next_delivery_at(
    *,
    now: datetime,
    timezone: str,
    send_time: time,
    days: int,
    after_date: date | None = None,
    not_before: datetime | None = None,
) -> datetime:
    """Return the next instant to deliver, strictly after now.

    after_date: no delivery on or before this local date (already delivered, or skipped).
    not_before: no delivery before this instant (a pause that ends then).
    """
    if not days & EVERY_DAY:
        raise ValueError("at least one day must be chosen")
    tz = zone(timezone)
    start = max(now, not_before) if not_before else now
    candidate = start.astimezone(tz).date()
    if after_date is not None and candidate <= after_date:
        candidate = after_date + timedelta(days=1)
    for _ in range(MAX_DAYS_AHEAD):
        if allowed(days, candidate):
            instant = local_instant(candidate, send_time, tz)
            if instant > now and (not_before is None or instant >= not_before):
                return instant
        candidate += timedelta(days=1)
    raise ValueError("no delivery date found within a year")  # unreachable with a day chosen


def latest_occurrence(
    *,
    now: datetime,
    timezone: str,
    send_time: time,
    days: int,
    after_date: date | None = None,
    not_before: datetime | None = None,
) -> datetime | None:
    """Return the most recent delivery instant at or before now, if one is still owed."""
    tz = zone(timezone)
    candidate = now.astimezone(tz).date()
    for _ in range(8):
        if after_date is not None and candidate <= after_date:
            return None
        if allowed(days, candidate):
            instant = local_instant(candidate, send_time, tz)
            if instant <= now:
                return instant if not_before is None or instant >= not_before else None
        candidate -= timedelta(days=1)
    return None
