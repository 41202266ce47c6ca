"""How long the /weeks picture takes to draw, and that drawing it never holds the event loop."""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from datetime import date, timedelta

from pictures.weeks import DAYS, render_weeks
from states.kinds import Mood

LAST = date(2026, 12, 5)
LABELS = {mood: mood.value for mood in Mood}


def full_weeks() -> dict[date, Mood]:
    """Eight weeks with a check-in every day: the most there is to draw."""
    moods = list(Mood)
    return {LAST - timedelta(days=n): moods[n % len(moods)] for n in range(DAYS)}


async def loop_stall(moods: dict[date, Mood]) -> float:
    """Draw in a worker thread, as /weeks does; return the longest the loop waited meanwhile."""
    longest, drawing = (
        0.0,
        asyncio.create_task(asyncio.to_thread(render_weeks, moods, LAST, LABELS)),
    )
    while not drawing.done():
        started = time.perf_counter()
        await asyncio.sleep(0.001)
        longest = max(longest, time.perf_counter() - started - 0.001)
    await drawing
    return longest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    moods = full_weeks()
    render_weeks(moods, LAST, LABELS)  # the first draw builds matplotlib's font cache
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        render_weeks(moods, LAST, LABELS)
        times.append((time.perf_counter() - started) * 1000)
    stall = asyncio.run(loop_stall(moods)) * 1000
    print(
        f"render eight full weeks: median {statistics.median(times):.0f} ms, "
        f"max {max(times):.0f} ms over {runs} runs (target < 300 ms)"
    )
    print(f"event loop's longest wait while drawing in a thread: {stall:.1f} ms")


if __name__ == "__main__":
    main()
