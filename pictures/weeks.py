"""The picture /weeks sends: one calm mark per day noted, eight weeks across; nothing else."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from matplotlib.figure import Figure

from states.kinds import Mood

WEEKS = 8
DAYS = WEEKS * 7
# Rows from the top: no score, no colour for "bad", just where each word sits.
ROWS = {Mood.STEADY: 4, Mood.OKAY: 3, Mood.LOW: 2, Mood.VERY_LOW: 1, Mood.UNSAID: 0}
INK = "#5b7c99"  # one calm blue-grey for every mark; never red
PAPER = "#fbfaf7"


@dataclass(frozen=True, slots=True)
class Chart:
    png: bytes
    marks: int  # how many days the picture shows a mark for


def render_weeks(moods: dict[date, Mood], last_day: date, labels: dict[Mood, str]) -> Chart:
    """Draw the eight weeks ending on `last_day` as a PNG; days with no check-in stay empty."""
    first_day = last_day - timedelta(days=DAYS - 1)
    shown = {day: mood for day, mood in moods.items() if first_day <= day <= last_day}
    figure = Figure(figsize=(8, 3.2), dpi=100, facecolor=PAPER)
    axes = figure.add_axes((0.14, 0.16, 0.83, 0.78), facecolor=PAPER)
    said = [(day, mood) for day, mood in sorted(shown.items()) if mood != Mood.UNSAID]
    unsaid = [day for day, mood in shown.items() if mood == Mood.UNSAID]
    if said:
        axes.scatter(
            [(day - first_day).days for day, _ in said],
            [ROWS[mood] for _, mood in said],
            s=46,
            color=INK,
            linewidths=0,
        )
    if unsaid:
        axes.scatter(
            [(day - first_day).days for day in unsaid],
            [ROWS[Mood.UNSAID]] * len(unsaid),
            s=30,
            facecolors="none",
            edgecolors=INK,
            linewidths=1,
        )
    axes.set_xlim(-1, DAYS)
    axes.set_ylim(-0.7, 4.7)
    axes.set_yticks(list(ROWS.values()), [labels[mood] for mood in ROWS])
    starts = [first_day + timedelta(weeks=week) for week in range(WEEKS)]
    axes.set_xticks([week * 7 for week in range(WEEKS)], [f"{d.day} {d:%b}" for d in starts])
    for week in range(1, WEEKS):
        axes.axvline(week * 7 - 0.5, color="#e4e1da", linewidth=0.8, zorder=0)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    axes.spines["bottom"].set_color("#c9c5bc")
    axes.tick_params(colors="#55524d", length=0, labelsize=9)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", facecolor=PAPER)
    drawn = sum(np.shape(collection.get_offsets())[0] for collection in axes.collections)
    return Chart(buffer.getvalue(), marks=drawn)
