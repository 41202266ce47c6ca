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
        (
            r"\b(?:more|less|rather|either)\b[^?]*\bor\b"
            r"(?![^?]*\b(?:neither|both|in between|something else|or what)\b)",
            "it offers two framings to choose between: leave room for neither, or ask openly",
        ),
        (
            r"\b(?:words|names|things) (?:you were|you've been|they) called\b|\binsults?\b"
            r"|\bcalled you\b|\bwhat (?:they|he|she) said about you\b",
            "it invites writing insults into a journal that keeps them: ask about the person",
        ),
        (
            r"\bmake sense of (?:it|that|them|this|their|what they)\b"
            r"|\bwhy\b[^?]*\b(?:they|he|she)\b|\bexplain (?:it|their|his|her|why)\b",
            "it asks the partner to explain the other person: ask about the partner's own side",
        ),
    )
)
SAME_OPENING_WORDS = 3  # prompts that begin with the same three words open the same way
MOST_WITH_ONE_OPENING = 2


def opening(prompt: str) -> str:
    """Return how a prompt opens: its first words, in lower case, without punctuation."""
    return " ".join(re.findall(r"[a-z']+", prompt.lower().replace("’", "'"))[:SAME_OPENING_WORDS])


def prompt_problems(prompt: str) -> list[str]:
    """Return what is wrong with a prompt, if anything."""
    found = [] if prompt.endswith("?") else ["the prompt is a question: end it with '?'"]
    return found + [reason for pattern, reason in RULES if pattern.search(prompt)]
