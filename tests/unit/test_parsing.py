"""Reading what people type: times, pause lengths and time zones."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from timing.parsing import parse_pause_days, parse_time
from timing.places import ZoneAnswer, find_zone, load_places

PLACES = load_places()
WINTER = datetime(2026, 1, 15, 12, tzinfo=UTC)
SUMMER = datetime(2026, 7, 15, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("7", time(7)),
        ("7am", time(7)),
        ("07:30", time(7, 30)),
        ("7.30pm", time(19, 30)),
        ("19:30", time(19, 30)),
        ("7:30 PM", time(19, 30)),
        ("12am", time(0)),
        ("12pm", time(12)),
        ("7 a.m.", time(7)),
        (" 21h15 ", time(21, 15)),
        ("0:05", time(0, 5)),
        ("noon", time(12)),
    ],
)
def test_times_people_write(typed: str, expected: time) -> None:
    assert parse_time(typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "25:00",
        "soon",
        "",
        "13pm",
        "0am",
        "7:60",
        "7:3",
        "🌅",
        "7" * 5000,
        "'; DROP TABLE people;--",
        "<b>7</b>",
        "-7",
        "7:30:15",
    ],
)
def test_times_not_understood(typed: str) -> None:
    assert parse_time(typed) is None


@pytest.mark.parametrize(
    ("typed", "days"),
    [("5d", 5), ("2w", 14), ("3 days", 3), ("1 week", 7), ("a week", 7), ("1 DAY", 1)],
)
def test_pause_lengths(typed: str, days: int) -> None:
    assert parse_pause_days(typed) == days


@pytest.mark.parametrize("typed", ["0d", "forever", "400d", "53w", "-2d", "😴", "x" * 5000, ""])
def test_pause_lengths_not_understood(typed: str) -> None:
    assert parse_pause_days(typed) is None


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("Europe/London", "Europe/London"),
        ("europe/london", "Europe/London"),
        ("London", "Europe/London"),
        ("dublin", "Europe/Dublin"),
        ("New York", "America/New_York"),
        ("new_york", "America/New_York"),
        ("Toronto", "America/Toronto"),
        ("Sydney", "Australia/Sydney"),
        ("auckland", "Pacific/Auckland"),
        ("Lord Howe", "Australia/Lord_Howe"),
        ("kolkata", "Asia/Kolkata"),
        ("Manchester", "Europe/London"),
        ("UK", "Europe/London"),
        ("Ireland", "Europe/Dublin"),
        ("New Zealand", "Pacific/Auckland"),
        ("London time", "Europe/London"),
    ],
)
def test_zones_by_name_city_or_country(typed: str, zone: str) -> None:
    assert find_zone(typed, PLACES, WINTER) == ZoneAnswer(zone=zone)


def test_countries_with_several_zones_offer_choices() -> None:
    answer = find_zone("USA", PLACES, WINTER)
    assert answer.zone is None and "America/Chicago" in answer.choices
    assert "Australia/Perth" in find_zone("australia", PLACES, WINTER).choices


def test_offsets_are_explained_with_the_zones_at_that_offset_today() -> None:
    winter = find_zone("UTC+2", PLACES, WINTER)
    assert winter.offset and winter.zone is None
    assert "Europe/Athens" in winter.choices and "Europe/Paris" not in winter.choices
    summer = find_zone("GMT+2", PLACES, SUMMER)
    assert "Europe/Paris" in summer.choices and "Europe/Athens" not in summer.choices
    assert "Asia/Kolkata" in find_zone("+05:30", PLACES, WINTER).choices
    assert "UTC" in find_zone("GMT", PLACES, WINTER).choices  # GMT is London in winter, too


@pytest.mark.parametrize("typed", ["UTC", "utc", "Etc/UTC", "UTC+0", "UTC time"])
def test_utc_is_a_zone_a_person_may_keep(typed: str) -> None:
    assert find_zone(typed, PLACES, WINTER) == ZoneAnswer(zone="UTC")


@pytest.mark.parametrize("typed", ["Atlantis", "", "🌍", "x" * 5000, "<script>", "Europe/"])
def test_unknown_places(typed: str) -> None:
    assert find_zone(typed, PLACES, WINTER) == ZoneAnswer()


def test_every_zone_button_names_a_zone_it_understands() -> None:
    for zone in [*PLACES.common.values(), *PLACES.by_offset]:
        assert find_zone(zone, PLACES, WINTER) == ZoneAnswer(zone=zone), zone
