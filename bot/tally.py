"""Count failures by kind, so a storm of one kind is one log line and a count, not thousands."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

REPORT_EVERY = 60.0  # seconds between the counts of a kind seen again


@dataclass
class _Seen:
    since_report: int = 0
    reported_at: float = 0.0


class Tally:
    """The first failure of a kind is logged in full; after that, a count now and then."""

    def __init__(self, log: logging.Logger, level: int, every: float = REPORT_EVERY) -> None:
        self.log = log
        self.level = level
        self.every = every
        self.seen: dict[str, _Seen] = {}

    def note(self, kind: str, first: str, *args: object) -> None:
        """Log `first` (a format with `args`) for a new kind, or a count if one is due."""
        now = time.monotonic()
        seen = self.seen.get(kind)
        if seen is None:
            self.seen[kind] = _Seen(0, now)
            self.log.log(self.level, first, *args)
            return
        seen.since_report += 1
        if now - seen.reported_at >= self.every:
            self.log.log(
                self.level, "%s again: %d more since last reported", kind, seen.since_report
            )
            seen.since_report = 0
            seen.reported_at = now
