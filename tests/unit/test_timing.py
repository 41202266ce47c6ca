"""Next-delivery maths across zones, days, pauses and daylight-saving changes."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timing.local import (
    EVERY_DAY,
    WEEKDAYS,
    allowed,
    local_date,
    local_instant,
    next_delivery_at,
)

ZONES = [
    "Europe/London",
    "Europe/Dublin",
    "America/New_York",
    "America/Los_Angeles",
    "America/St_Johns",
    "Pacific/Pago_Pago",
    "Pacific/Honolulu",
    "Pacific/Kiritimati",
    "Australia/Lord_Howe",
    "Australia/Adelaide",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Pacific/Auckland",
    "Pacific/Chatham",
    "America/Sao_Paulo",
    "Africa/Casablanca",
    "Asia/Tehran",
    "Europe/Moscow",
    "America/Santiago",
    "UTC",
]


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def test_later_today_if_the_time_has_not_passed() -> None:
    now = utc(2026, 12, 7, 6, 0)  # Monday, London is on GMT
    assert next_delivery_at(
        now=now, timezone="Europe/London", send_time=time(7, 30), days=EVERY_DAY
    ) == utc(2026, 12, 7, 7, 30)


def test_tomorrow_if_it_has() -> None:
    now = utc(2026, 12, 7, 8, 0)
    assert next_delivery_at(
        now=now, timezone="Europe/London", send_time=time(7, 30), days=EVERY_DAY
    ) == utc(2026, 12, 8, 7, 30)


def test_weekdays_skip_the_weekend() -> None:
    friday_evening = utc(2026, 12, 11, 20, 0)
    assert next_delivery_at(
        now=friday_evening, timezone="Europe/London", send_time=time(7, 30), days=WEEKDAYS
    ) == utc(2026, 12, 14, 7, 30)


def test_never_twice_on_a_date_already_delivered() -> None:
    now = utc(2026, 12, 7, 6, 0)
    assert next_delivery_at(
        now=now,
        timezone="Europe/London",
        send_time=time(7, 30),
        days=EVERY_DAY,
        after_date=date(2026, 12, 7),
    ) == utc(2026, 12, 8, 7, 30)


def test_a_pause_ends_at_its_instant() -> None:
    now = utc(2026, 12, 7, 6, 0)
    resume = utc(2026, 12, 10, 0, 0)
    assert next_delivery_at(
        now=now,
        timezone="Europe/London",
        send_time=time(7, 30),
        days=EVERY_DAY,
        not_before=resume,
    ) == utc(2026, 12, 10, 7, 30)


def test_spring_forward_gap_goes_at_the_jump() -> None:
    # London, 29 March 2026: 01:00 GMT becomes 02:00 BST, so 01:30 does not exist.
    assert local_instant(date(2026, 3, 29), time(1, 30), ZoneInfo("Europe/London")) == utc(
        2026, 3, 29, 1, 0
    )
    # New York, 8 March 2026: 02:00 EST becomes 03:00 EDT.
    assert local_instant(date(2026, 3, 8), time(2, 15), ZoneInfo("America/New_York")) == utc(
        2026, 3, 8, 7, 0
    )


def test_lord_howe_half_hour_gap() -> None:
    # Lord Howe, 4 October 2026: 02:00 (+10:30) becomes 02:30 (+11).
    instant = local_instant(date(2026, 10, 4), time(2, 10), ZoneInfo("Australia/Lord_Howe"))
    assert instant == utc(2026, 10, 3, 15, 30)
    assert instant.astimezone(ZoneInfo("Australia/Lord_Howe")).time() == time(2, 30)


def test_fall_back_goes_once_at_the_first() -> None:
    # London, 25 October 2026: 01:30 happens at 00:30 UTC (BST) and again at 01:30 UTC (GMT).
    assert local_instant(date(2026, 10, 25), time(1, 30), ZoneInfo("Europe/London")) == utc(
        2026, 10, 25, 0, 30
    )
    after_first = utc(2026, 10, 25, 0, 45)
    assert next_delivery_at(
        now=after_first,
        timezone="Europe/London",
        send_time=time(1, 30),
        days=EVERY_DAY,
        after_date=date(2026, 10, 25),
    ) == utc(2026, 10, 26, 1, 30)


def test_half_hour_zone() -> None:
    assert next_delivery_at(
        now=utc(2026, 6, 1, 0, 0), timezone="Asia/Kolkata", send_time=time(8, 0), days=EVERY_DAY
    ) == utc(2026, 6, 1, 2, 30)


def test_no_days_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one day"):
        next_delivery_at(now=utc(2026, 1, 1), timezone="UTC", send_time=time(8), days=0)


instants = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31)).map(
    lambda naive: naive.replace(tzinfo=UTC)
)


@settings(max_examples=400, deadline=None)
@given(
    now=instants,
    timezone=st.sampled_from(ZONES),
    send_time=st.times(),
    days=st.integers(1, EVERY_DAY),
    after_offset=st.one_of(st.none(), st.integers(-3, 3)),
    pause_hours=st.one_of(st.none(), st.integers(0, 24 * 20)),
)
def test_properties_across_zones_and_dates(
    now: datetime,
    timezone: str,
    send_time: time,
    days: int,
    after_offset: int | None,
    pause_hours: int | None,
) -> None:
    today = local_date(now, timezone)
    after_date = today + timedelta(days=after_offset) if after_offset is not None else None
    not_before = now + timedelta(hours=pause_hours) if pause_hours is not None else None
    result = next_delivery_at(
        now=now,
        timezone=timezone,
        send_time=send_time,
        days=days,
        after_date=after_date,
        not_before=not_before,
    )
    tz = ZoneInfo(timezone)
    on = result.astimezone(tz).date()
    assert result > now  # always in the future
    assert allowed(days, on)  # on an allowed day
    assert after_date is None or on > after_date  # never twice on one local date
    assert not_before is None or result >= not_before
    assert result == local_instant(on, send_time, tz)  # at the chosen time, DST resolved
    # Never skipping an allowed date: no earlier allowed date had a valid instant.
    day = today if after_date is None else max(today, after_date + timedelta(days=1))
    while day < on:
        if allowed(days, day):
            earlier = local_instant(day, send_time, tz)
            assert earlier <= now or (not_before is not None and earlier < not_before)
        day += timedelta(days=1)


@settings(max_examples=200, deadline=None)
@given(now=instants, timezone=st.sampled_from(ZONES), send_time=st.times())
def test_one_delivery_per_local_date_over_a_fortnight(
    now: datetime, timezone: str, send_time: time
) -> None:
    dates = []
    current = now
    after = None
    for _ in range(14):
        instant = next_delivery_at(
            now=current, timezone=timezone, send_time=send_time, days=EVERY_DAY, after_date=after
        )
        after = local_date(instant, timezone)
        dates.append(after)
        current = instant
    assert len(set(dates)) == 14
    assert all((b - a).days == 1 for a, b in itertools.pairwise(dates))


def test_latest_occurrence_is_the_most_recent_owed() -> None:
    from timing.local import latest_occurrence

    wednesday_10 = utc(2026, 12, 9, 10, 0)
    kwargs: dict[str, Any] = {"timezone": "Europe/London", "send_time": time(8), "days": EVERY_DAY}
    assert latest_occurrence(now=wednesday_10, **kwargs) == utc(2026, 12, 9, 8, 0)
    assert latest_occurrence(now=wednesday_10, after_date=date(2026, 12, 9), **kwargs) is None
    assert latest_occurrence(now=utc(2026, 12, 9, 7, 0), **kwargs) == utc(2026, 12, 8, 8, 0)
    assert latest_occurrence(now=wednesday_10, not_before=utc(2026, 12, 9, 9, 0), **kwargs) is None
