"""Prometheus metrics: every name and label in one place. Labels never carry a chat id or text."""

from __future__ import annotations

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

UPDATES = Counter("within_updates", "Updates handled, by kind.", ["kind"])
HANDLER_ERRORS = Counter(
    "within_handler_errors", "Errors while handling, by exception kind.", ["kind"]
)
DATABASE_ERRORS = Counter("within_database_errors", "Errors that came from the database.")
REFLECTIONS = Counter(
    "within_reflections",
    "Reflection deliveries by outcome: sent, retried, failed, deactivated, skipped, recovered.",
    ["outcome"],
)
LATENESS = Histogram(
    "within_lateness_seconds",
    "Seconds from the person's chosen local time to Telegram's answer.",
    buckets=(1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800, 3600, 10800),
)
TICK = Histogram(
    "within_tick_seconds",
    "How long one delivery tick took, from claiming to the last outcome recorded.",
    buckets=(0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 120),
)
DUE = Gauge("within_due_last_tick", "People found due by the last delivery tick.")
TOO_MANY = Counter("within_telegram_429", "Answers of 429 Too Many Requests from Telegram.")
HELD = Counter("within_telegram_held_seconds", "Seconds all sending was held after a 429.")
RETRIES = Counter(
    "within_telegram_retries",
    "Bot API requests tried again, by method and fault: 5xx, not_sent, maybe_sent, 429.",
    ["method", "fault"],
)
EDITS_SKIPPED = Counter(
    "within_edits_skipped", "Edits not sent because the message already showed what they asked."
)
BLOCKED = Counter(
    "within_blocked_on_reply", "People found to have blocked the bot while being answered."
)
WAITING = Gauge("within_sends_waiting", "Messages waiting for a send slot from the pacer.")


def exposition() -> tuple[bytes, str]:
    """Return the current metrics in Prometheus' text format, and its content type."""
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
