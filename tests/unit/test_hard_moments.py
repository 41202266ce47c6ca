"""The pure parts of the hard moments: button data, typed days, when a noted day falls."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from bot.callback_data import Action, Button
from bot.handlers.dates import parse_day
from config.datafiles import ContentError
from reflections.loader import load_library
from reflections.steadying import load_steadying
from storage.models import HardDate
from storage.steadying import falls_on
from usecases.dates import next_year_of


@pytest.mark.parametrize(
    "button",
    [
        Button(Action.STEADY, "senses-3"),
        Button(Action.STEADY, "wait-30"),
        Button(Action.NOT_TODAY),
        Button(Action.KNOWN, "unmark1234567890123456789"),
        Button(Action.DATES, "drop42"),
    ],
)
def test_new_buttons_read_back(button: Button) -> None:
    assert Button.decode(button.encode()) == button


@pytest.mark.parametrize(
    "data",
    [
        "steady:wait-15",
        "steady:senses-7",
        "steady:hold",
        "aside:20261205",
        "known:mark",
        "known:markx1",
        "dates:drop",
        "dates:rename3",
    ],
)
def test_crafted_new_buttons_are_refused(data: str) -> None:
    assert Button.decode(data) is None


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("14 March", (3, 14, None)),
        ("march 14", (3, 14, None)),
        ("14/03", (3, 14, None)),
        ("14.03.2027", (3, 14, 2027)),
        ("2027-03-14", (3, 14, 2027)),
        ("14 Mar 2027", (3, 14, 2027)),
        ("29 Feb", (2, 29, None)),
        ("  8  December, ", (12, 8, None)),
        ("31 February", None),
        ("soon", None),
        ("", None),
        ("14/13", None),
    ],
)
def test_typed_days(typed: str, found: tuple[int, int, int | None] | None) -> None:
    assert parse_day(typed) == found


def test_a_noted_day_falls_on_its_day_and_29_february_on_the_28th_otherwise() -> None:
    yearly = HardDate(month=12, day=8, year=None)
    assert falls_on(yearly, date(2026, 12, 8)) and falls_on(yearly, date(2031, 12, 8))
    assert not falls_on(yearly, date(2026, 12, 7))
    once = HardDate(month=12, day=8, year=2026)
    assert falls_on(once, date(2026, 12, 8)) and not falls_on(once, date(2027, 12, 8))
    leap = HardDate(month=2, day=29, year=None)
    assert falls_on(leap, date(2027, 2, 28)) and falls_on(leap, date(2028, 2, 29))
    assert not falls_on(leap, date(2028, 2, 28))  # in a leap year, the 29th itself


def test_only_once_means_the_next_time_the_day_comes() -> None:
    assert next_year_of(12, 8, date(2026, 12, 5)) == 2026
    assert next_year_of(12, 4, date(2026, 12, 5)) == 2027
    assert next_year_of(2, 29, date(2026, 12, 5)) == 2028


def test_the_steadying_set_names_only_reflections_in_the_library() -> None:
    steadying = load_steadying()
    library = load_library()
    assert steadying.doubting_yourself and steadying.doubting_yourself <= set(library.order)
    assert not {r.id for r in steadying.reflections} & set(library.order)  # apart from it
    assert steadying.for_day(10) == steadying.for_day(10 + len(steadying.reflections))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Words " * 40, None),
        ("Words " * 5, "30-120 words"),
        ("After the affair, " + "words " * 40, "'affair' would show on a lock screen"),
    ],
)
def test_the_steadying_file_is_checked(tmp_path: Path, body: str, expected: str | None) -> None:
    path = tmp_path / "steadying.yaml"
    entry = {"id": "steady-one", "title": "One", "body": body}
    path.write_text(yaml.safe_dump({"first_line": "Gentler", "reflections": [entry]}))
    if expected is None:
        assert load_steadying(path).reflections[0].id == "steady-one"
        return
    with pytest.raises(ContentError, match=re.escape(expected)):
        load_steadying(path)
