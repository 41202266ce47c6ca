"""The reflection library: read from YAML with line numbers, checked, and held in journey order."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Reflection:
    id: str
    theme: str
    title: str
    body: str
    source: str
    prompt: str | None
    fidelity: str | None = None  # where the body goes beyond its passage on purpose, and why
    heavy: str | None = None  # what makes it heavy, if anything (see reflections/order_rules.py)

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
