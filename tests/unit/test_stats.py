"""The /stats capacity line: percentiles, how late the last of a busy minute goes, durations."""

from __future__ import annotations

from bot.handlers.admin import last_one_late, percentiles, seconds


def test_percentiles_by_nearest_rank() -> None:
    assert percentiles([float(n) for n in range(100, 0, -1)]) == (50.0, 95.0, 100.0)
    assert percentiles([7.0]) == (7.0, 7.0, 7.0)


def test_the_last_of_a_busy_minute_waits_a_tick_and_the_queue_ahead() -> None:
    assert last_one_late(due=1500, rate=25, tick_seconds=30) == 90
    assert last_one_late(due=10, rate=1000, tick_seconds=5) == 5.01


def test_durations_are_short() -> None:
    assert [seconds(v) for v in (0.4, 12.6, 60, 185, 3600)] == [
        "0 s",
        "13 s",
        "1 min",
        "3 min 5 s",
        "60 min",
    ]
