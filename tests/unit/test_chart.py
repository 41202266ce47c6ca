"""The /weeks picture: the right size, never blank, one mark per day noted, nothing more."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from matplotlib.image import imread

from pictures.weeks import DAYS, render_weeks
from states.kinds import Mood

LAST = date(2026, 12, 5)
LABELS = {mood: mood.value for mood in Mood}
MOODS = list(Mood)


def weeks(count: int, every: int = 1) -> dict[date, Mood]:
    return {LAST - timedelta(days=n * every): MOODS[n % len(MOODS)] for n in range(count)}


@pytest.mark.parametrize(
    ("name", "moods"),
    [("empty", {}), ("sparse", weeks(9, every=6)), ("full", weeks(DAYS))],
)
def test_the_chart_is_a_real_picture_with_one_mark_a_day(name: str, moods: dict) -> None:
    chart = render_weeks(moods, LAST, LABELS)
    pixels = imread(io.BytesIO(chart.png))
    assert pixels.shape[:2] == (320, 800)
    assert (pixels != pixels[0, 0]).any(), "not blank: axes and labels at least"
    assert chart.marks == len(moods)


def test_days_outside_the_eight_weeks_are_left_out() -> None:
    moods = {LAST - timedelta(days=DAYS): Mood.LOW, LAST + timedelta(days=1): Mood.LOW}
    assert render_weeks({**moods, LAST: Mood.OKAY}, LAST, LABELS).marks == 1


def test_no_red_anywhere() -> None:
    pixels = imread(io.BytesIO(render_weeks(weeks(DAYS), LAST, LABELS).png))
    red = pixels[..., 0]
    green = pixels[..., 1]
    blue = pixels[..., 2]
    assert not ((red > 0.6) & (green < 0.4) & (blue < 0.4)).any()
