"""The steadying set: a few gentle reflections for heavy days, kept apart from the journey."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

from config.datafiles import ContentError, Problem, misshapen, read_yaml
from reflections.rules import revealing_opening

STEADYING_FILE = Path(__file__).with_name("steadying.yaml")
SUBJECT = "The steadying set"
ID = re.compile(r"steady-[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True, slots=True)
class Steadying:
    id: str
    title: str
    body: str

    def paragraphs(self) -> list[str]:
        """Return the body's paragraphs, each on one line."""
        return [" ".join(block.split()) for block in self.body.strip().split("\n\n") if block]


@dataclass(frozen=True, slots=True)
class SteadyingSet:
    first_line: str
    reflections: tuple[Steadying, ...]
    doubting_yourself: frozenset[str]  # journey ids under which marked notes are offered

    def get(self, reflection_id: str) -> Steadying | None:
        return next((r for r in self.reflections if r.id == reflection_id), None)

    def for_day(self, ordinal: int) -> Steadying:
        """Return the one for a day (by its ordinal), so a day always gets the same one."""
        return self.reflections[ordinal % len(self.reflections)]

    def render(self, reflection: Steadying) -> str:
        """Return the message: a neutral first line, the title, the body."""
        parts = [escape(self.first_line, quote=False), f"<b>{escape(reflection.title)}</b>"]
        parts += [escape(paragraph, quote=False) for paragraph in reflection.paragraphs()]
        return "\n\n".join(parts)


def load_steadying(path: Path = STEADYING_FILE) -> SteadyingSet:
    """Load and check the steadying set; every problem names the line."""
    data = read_yaml(path, SUBJECT, with_lines=True)
    try:
        first_line = str(data["first_line"]).strip()
        doubting = frozenset(str(item) for item in data.get("doubting_yourself") or [])
        entries = [
            (Steadying(str(e["id"]), str(e["title"]).strip(), str(e["body"])), e["__line__"])
            for e in data["reflections"]
        ]
    except (KeyError, TypeError) as error:
        raise misshapen(path, SUBJECT, error) from None
    problems = []
    seen = set()
    for item, line in entries:
        if not ID.fullmatch(item.id) or item.id in seen:
            problems.append(Problem(path, line, item.id, "needs its own id starting 'steady-'"))
        seen.add(item.id)
        words = len(item.body.split())
        if not item.title or not 30 <= words <= 120:
            problems.append(
                Problem(path, line, item.id, f"needs a title and 30-120 words ({words})")
            )
        shown = "\n".join([first_line, item.title, *item.paragraphs()])
        if word := revealing_opening(shown):
            problems.append(Problem(path, line, item.id, f"{word!r} would show on a lock screen"))
    if not entries or not first_line:
        problems.append(Problem(path, None, None, "needs a first_line and at least one reflection"))
    if problems:
        raise ContentError(problems, SUBJECT)
    return SteadyingSet(first_line, tuple(item for item, _ in entries), doubting)
