"""Rules for the journey's order: a first fortnight that steadies, nothing too close together."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from itertools import pairwise

from reflections.document import Document, normalise
from reflections.library import Reflection

FIRST_FORTNIGHT = 14
HARM_IN_FIRST_FORTNIGHT = 2
THEME_GAP = 10  # two reflections with the same theme come more than this many days apart
MOST_QUOTES = 2  # no passage is quoted by more than this many reflections
# What a reflection may be marked `heavy` for. Only the first may come in the first fortnight,
# and at most twice: validating that the reactions are what such a hurt does.
HARM = "names the harm"
LATER_ONLY = ("the person who caused it", "home not safe")
HEAVY = (HARM, *LATER_ONLY)

# Words that make a reflection heavy even if no one marked it so: a backstop for an editor who
# forgets `heavy`. The words go by what they name; a mark says the same more surely.
NAMES_THE_HARM = re.compile(r"\b(betray\w*|trauma\w*|abus\w*)\b", re.I)
ABOUT_THE_PERSON = re.compile(
    r"\bthe person (?:who|you) (?:hurt|harmed|betrayed|relied)\w*|\bcausing the harm\b", re.I
)
HOME_NOT_SAFE = re.compile(r"\bhome may be\b|\bliving with the person\b|\bnot safe at home\b", re.I)

Report = Callable[[Reflection, str], None]


def weight(reflection: Reflection) -> str | None:
    """Return what makes a reflection heavy: its mark, or else what its words name."""
    if reflection.heavy:
        return reflection.heavy
    text = f"{reflection.title} {reflection.body}"
    for pattern, heavy in (
        (ABOUT_THE_PERSON, LATER_ONLY[0]),
        (HOME_NOT_SAFE, LATER_ONLY[1]),
        (NAMES_THE_HARM, HARM),
    ):
        if pattern.search(text):
            return heavy
    return None


def order_problems(reflections: Sequence[Reflection], document: Document, report: Report) -> None:
    """Report every place where the order breaks a rule, against the reflection at fault."""
    _first_fortnight(reflections, report)
    _passages(reflections, report)
    _introductions(reflections, document, report)
    _themes(reflections, report)


def _first_fortnight(reflections: Sequence[Reflection], report: Report) -> None:
    harm = 0
    for day, reflection in enumerate(reflections[:FIRST_FORTNIGHT], start=1):
        heavy = weight(reflection)
        if heavy in LATER_ONLY:
            report(reflection, f"day {day} is about {heavy}: move it after day 14")
        elif heavy == HARM:
            harm += 1
            if harm > HARM_IN_FIRST_FORTNIGHT:
                report(
                    reflection,
                    f"day {day} is the third in the first 14 that names the harm: at most "
                    f"{HARM_IN_FIRST_FORTNIGHT} may; move it after day 14",
                )


def same_passage(first: Reflection, second: Reflection) -> bool:
    """Tell whether two reflections quote the same passage (or one quotes part of the other's)."""
    a = normalise(first.source)
    b = normalise(second.source)
    return a in b or b in a


def _passages(reflections: Sequence[Reflection], report: Report) -> None:
    for day, (before, reflection) in enumerate(pairwise(reflections), start=2):
        if same_passage(before, reflection):
            report(reflection, f"day {day} quotes the same passage as the day before it")
    for index, reflection in enumerate(reflections):
        earlier = [r for r in reflections[:index] if same_passage(r, reflection)]
        if len(earlier) >= MOST_QUOTES:
            ids = ", ".join(r.id for r in earlier)
            report(
                reflection,
                f"its passage is already quoted by {ids}: "
                f"quote a passage at most {MOST_QUOTES} times",
            )


def _introductions(reflections: Sequence[Reflection], document: Document, report: Report) -> None:
    """A passage ending in ':' introduces the bullets that follow it; it must come first."""
    introduced = _introduced_bullets(document)
    position = {normalise(r.source): day for day, r in enumerate(reflections, start=1)}
    for day, reflection in enumerate(reflections, start=1):
        introduction = introduced.get(normalise(reflection.source))
        if introduction is None:
            continue
        introduced_on = position.get(introduction)
        if introduced_on is None or introduced_on > day:
            report(
                reflection,
                f"day {day} quotes a bullet introduced by {introduction!r}: the reflection "
                "quoting that introduction must come before it",
            )


def _introduced_bullets(document: Document) -> dict[str, str]:
    """Return each bullet of the document with the introduction (ending in ':') above it."""
    found: dict[str, str] = {}
    current: str | None = None
    for unit in document.units:
        if unit.kind == "paragraph":
            current = normalise(unit.text) if unit.text.rstrip().endswith(":") else None
        elif current:
            found[normalise(unit.text)] = current
    return found


def _themes(reflections: Sequence[Reflection], report: Report) -> None:
    last: dict[str, tuple[int, str]] = {}
    for day, reflection in enumerate(reflections, start=1):
        theme = reflection.theme.casefold()
        if theme in last and day - last[theme][0] <= THEME_GAP:
            earlier_day, earlier_id = last[theme]
            report(
                reflection,
                f"day {day} has the theme {reflection.theme!r}, like {earlier_id} on day "
                f"{earlier_day}: keep the same theme more than {THEME_GAP} days apart",
            )
        last[theme] = (day, reflection.id)
