"""Measure what the fake saw: the most sends within any one second."""

from __future__ import annotations


def busiest_second(stamps: list[float]) -> int:
    """Return the most sends that fell within any one-second window."""
    stamps = sorted(stamps)
    best = 0
    start = 0
    for end, stamp in enumerate(stamps):
        while stamp - stamps[start] >= 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best
