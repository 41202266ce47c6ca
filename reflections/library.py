"""The reflection library: read from YAML with line numbers, checked, and held in journey order."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the library, and where."""

    path: Path
    line: int | None
    reflection_id: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path.name} line {self.line}" if self.line else self.path.name
        if self.reflection_id:
            where += f" (id {self.reflection_id!r})"
        return f"{where}: {self.message}"


class ContentError(Exception):
    """The library cannot be used; problems lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = str(problems[0])
        more = len(problems) - 1
        extra = f" (and {more} more: run `python main.py content check`)" if more else ""
        super().__init__(f"The reflections cannot be used: {first}{extra}")


@dataclass(frozen=True, slots=True)
class Reflection:
    id: str
    theme: str
    title: str
    body: str
    source: str
    prompt: str | None

    def paragraphs(self) -> list[str]:
        """Return the body's paragraphs, each on one line."""
        blocks = self.body.strip().split("\n\n")
        return [" ".join(block.split()) for block in blocks if block.strip()]


@dataclass(frozen=True, slots=True)
class Messages:
    first_line: str
    new_round: str


@dataclass(frozen=True, slots=True)
class Library:
    reflections: tuple[Reflection, ...]
    messages: Messages

    @property
    def order(self) -> list[str]:
        """Return every id in journey order."""
        return [reflection.id for reflection in self.reflections]

    def get(self, reflection_id: str) -> Reflection | None:
        return next((r for r in self.reflections if r.id == reflection_id), None)
