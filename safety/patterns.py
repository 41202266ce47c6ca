"""Load crisis.yaml into a Detector: word families expanded, every pattern compiled and indexed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from config.datafiles import ContentError, Problem, misshapen, read_yaml
from safety.detector import JOINERS, KINDS, Detector, Kind, Trigger

CRISIS_FILE = Path(__file__).with_name("crisis.yaml")
SUBJECT = "The crisis phrases"
MACRO = re.compile(r"\{(\w+)\}")
GAP = r"(?:\w+ )"  # "any word" in a pattern; compiled so that it never steps over a negator
WORD_START = re.compile(r"[a-z]+")


@cache
def load_detector(path: Path = CRISIS_FILE) -> Detector:
    """Load the patterns (word families expanded); name a pattern that fails."""
    data = read_yaml(path, SUBJECT)
    try:
        words = {str(name): str(value) for name, value in data["words"].items()}
        spelled = {str(k).lower(): str(v).lower() for k, v in data["spellings"].items()}
        negators = _words(data["negators"])
        # A gap may not step over a negator or a joining word: "he has never hit me" is not a hit.
        stops = sorted(negators | (JOINERS - {","}))
        words["gap"] = r"(?:(?!(?:" + "|".join(stops) + r")\b)\w+ )"
        kinds = {
            name: Kind(
                triggers=tuple(_compile_each(path, data["kinds"][name]["patterns"], words)),
                exclusions=_compile_optional(path, data["kinds"][name].get("not"), words),
            )
            for name in KINDS
        }
        return Detector(
            spellings=re.compile(
                r"\b(?:"
                + "|".join(re.escape(w) for w in sorted(spelled, key=len, reverse=True))
                + r")(?![a-z0-9])"
            ),
            spelled=spelled,
            keep=_words(data["keep"]),
            lemmas={str(k).lower(): str(v).lower() for k, v in (data.get("lemmas") or {}).items()},
            negators=negators,
            breakers=_words(data["negation_breakers"]),
            first_person=_words(data["first_person"]),
            third_person=_words(data["third_person"]),
            kinds=kinds,
            everywhere=_compile_optional(path, data.get("not_any"), words),
        )
    except (KeyError, TypeError, AttributeError) as error:
        raise misshapen(path, SUBJECT, error) from None


def _words(values: Any) -> frozenset[str]:
    return frozenset(str(value).lower() for value in values)


def _expand(path: Path, pattern: Any, words: dict[str, str]) -> str:
    """Expand a pattern's word families; name it if it will not compile."""
    text = MACRO.sub(lambda match: words[match[1]], str(pattern).replace(GAP, "{gap}"))
    try:
        re.compile(text)
    except re.error as error:
        message = f"the pattern {str(pattern)!r} is not valid ({error})"
        raise ContentError([Problem(path, None, None, message)], SUBJECT) from None
    return text


def _compile_each(path: Path, patterns: Any, words: dict[str, str]) -> list[Trigger]:
    triggers = []
    for pattern in patterns:
        text = _expand(path, pattern, words)
        triggers.append(Trigger(re.compile(text), first_words(text)))
    return triggers


def _compile_optional(path: Path, patterns: Any, words: dict[str, str]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{_expand(path, p, words)})" for p in patterns))


def first_words(pattern: str) -> frozenset[str] | None:
    """Return the words a match must start with, or None when that cannot be read off simply.

    Reads what the patterns here begin with: `\\b`, then a word, or a group of alternatives each
    beginning with a word (nested groups too). Anything else means "try it everywhere".
    """
    found: set[str] = set()
    for branch in _top_level_branches(pattern):
        words = _branch_first_words(branch.removeprefix(r"\b"))
        if words is None:
            return None
        found |= words
    return frozenset(found)


def _branch_first_words(text: str) -> frozenset[str] | None:
    if text.startswith("(?:"):
        end = _group_end(text)
        if end is None or text[end + 1 : end + 2] in ("?", "*", "{"):
            return None  # an optional group: the match could start after it
        return first_words(text[3:end])
    word = WORD_START.match(text)
    if word is None:
        return None
    follows = text[word.end() : word.end() + 1]
    if follows not in ("", " ", "\\", ")"):
        return None  # a word cut short by a class, a group or a quantifier: not a whole word
    return frozenset({word[0]})


def _walk(text: str) -> Iterator[tuple[int, str, int]]:
    """Yield each unescaped character of a pattern, with the group depth just after it."""
    depth = 0
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        depth += (char == "(") - (char == ")")
        yield index, char, depth
        index += 1


def _group_end(text: str) -> int | None:
    """Return the index of the parenthesis closing the group `text` opens with."""
    return next((i for i, char, depth in _walk(text) if char == ")" and depth == 0), None)


def _top_level_branches(body: str) -> list[str]:
    """Split a pattern at its own `|`, not at those of the groups inside it."""
    bars = [index for index, char, depth in _walk(body) if char == "|" and depth == 0]
    starts = [0, *(bar + 1 for bar in bars)]
    ends = [*bars, len(body)]
    return [body[start:end] for start, end in zip(starts, ends, strict=True)]
