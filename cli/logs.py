"""Logging set-up: our own records at LOG_LEVEL, libraries quieter, no message text anywhere."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

# Libraries that log URLs (holding the bot token) or whole updates at INFO or DEBUG.
QUIET_LIBRARIES = (
    "httpx",
    "httpcore",
    "telegram",
    "apscheduler",
    "tornado",
    "aiosqlite",
    "alembic",
    "aiohttp",
)
# What a record may carry besides its event: numbers that count or time something, never text.
COUNTS_FIELD = "counts"


class JsonLines(logging.Formatter):
    """One JSON object a line: time, level, logger, event and counts (numbers only)."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "event": record.getMessage(),
        }
        counts = getattr(record, COUNTS_FIELD, None)
        if isinstance(counts, dict):
            line[COUNTS_FIELD] = {
                str(name): value
                for name, value in counts.items()
                if isinstance(value, int | float) and not isinstance(value, bool)
            }
        if record.exc_info and record.exc_info[0] is not None:
            line["error"] = record.exc_info[0].__name__  # the kind only: never a traceback's text
        return json.dumps(line, ensure_ascii=False)


def configure_logging(level: str, form: str = "plain") -> None:
    """Send logs to stderr, plain or as JSON lines; library records below WARNING are dropped."""
    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        force=True,
    )
    if form == "json":
        for handler in logging.getLogger().handlers:
            handler.setFormatter(JsonLines())
    quiet_libraries()


def quiet_libraries() -> None:
    """Drop library records below WARNING: they hold tokens in URLs and whole updates."""
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(logging.WARNING)
