"""Rules a prompt must keep, so it is safe to sit with alone: each broken one says why."""

from __future__ import annotations

import re

# (what is wrong, and why it matters to someone reading alone at night)
RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), reason)
    for pattern, reason in (
        (
            r"^(?:who|whom)\b(?!.*\bor what\b)|\bwith whom\b(?!.*\bor what\b)",
            "it can be answered 'no one': ask about what, or add 'or what'",
        ),
        (
            r"\bwhen did you (?:first|last|find|discover|learn|realise|realize|notice|know)\b"
            r"|\bhow did you (?:find out|discover)\b|\bbefore you knew\b|\bthe day you found\b",
            "it asks when something happened, inviting 'never' or a timeline: ask about now",
        ),
        (
            r"\bis (?:it|that|this) (?:kind|good|healthy|helpful|helping|working|right)\b",
            "it judges how someone copes: ask what helps, without grading it",
        ),
        (
            r"\bput (?:it |them |that )?down\b",
            "'put down' reads both as 'write down' and 'belittle': say which",
        ),
    )
)


def prompt_problems(prompt: str) -> list[str]:
    """Return what is wrong with a prompt, if anything."""
    found = [] if prompt.endswith("?") else ["the prompt is a question: end it with '?'"]
    return found + [reason for pattern, reason in RULES if pattern.search(prompt)]
