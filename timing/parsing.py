"""Understand what people type for times and pause lengths; None means "not understood"."""

from __future__ import annotations

import re
from datetime import time

TIME = re.compile(
    r"^(?P<hour>\d{1,2})(?:\s*[:.h]\s*(?P<minute>\d{2}))?\s*(?P<half>a\.?\s?m\.?|p\.?\s?m\.?)?$"
)
PAUSE = re.compile(r"^(?P<count>\d{1,3}|a|an|one)\s*(?P<unit>d|days?|w|wks?|weeks?)$")
MAX_PAUSE_DAYS = 365
ANSWER_LIMIT = 40


def parse_time(text: str) -> time | None:
    """Read a time of day: 7, 7am, 07:30, 7.30pm, 19:30, 7:30 PM, 12am (midnight)."""
    typed = text.strip().lower()
    if len(typed) > ANSWER_LIMIT:
        return None
    if typed in ("noon", "midday"):
        return time(12)
    if typed == "midnight":
        return time(0)
    match = TIME.match(typed)
    if match is None:
        return None
    hour = int(match["hour"])
    minute = int(match["minute"] or 0)
    half = (match["half"] or "").replace(".", "").replace(" ", "")
    if minute > 59:
        return None
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    elif hour > 23:
        return None
    return time(hour, minute)


def parse_pause_days(text: str) -> int | None:
    """Read a pause length in days: 5d, 2w, 3 days, a week. From 1 day to a year."""
    typed = " ".join(text.strip().lower().split())
    if len(typed) > ANSWER_LIMIT:
        return None
    match = PAUSE.match(typed)
    if match is None:
        return None
    count = 1 if match["count"] in ("a", "an", "one") else int(match["count"])
    days = count * (7 if match["unit"].startswith("w") else 1)
    return days if 1 <= days <= MAX_PAUSE_DAYS else None
