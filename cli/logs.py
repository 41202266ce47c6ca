"""Logging set-up: our own records at LOG_LEVEL, libraries quieter, no message text anywhere."""

from __future__ import annotations

import logging

# Libraries that log URLs (holding the bot token) or whole updates at INFO or DEBUG.
QUIET_LIBRARIES = (
    "httpx",
    "httpcore",
    "telegram",
    "apscheduler",
    "tornado",
    "aiosqlite",
    "alembic",
)


def configure_logging(level: str) -> None:
    """Send logs to stderr; library records below WARNING are dropped whatever the level."""
    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        force=True,
    )
    quiet_libraries()


def quiet_libraries() -> None:
    """Drop library records below WARNING: they hold tokens in URLs and whole updates."""
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(logging.WARNING)
