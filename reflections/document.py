"""The source document: its text, and the paragraphs, bullets and sentences a library must cover."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SOURCE_FILE = Path(__file__).with_name("source.txt")
BULLET = "•"
QUOTE_STYLES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def normalise(text: str) -> str:
    """Make quote styles, dashes and whitespace uniform, for comparing passages."""
    return " ".join(text.translate(QUOTE_STYLES).split())


@dataclass(frozen=True, slots=True)
class Unit:
    """A paragraph or a bulleted item of the document, which some reflection must quote."""

    kind: str  # "paragraph" or "bullet"
    text: str

    def sentences(self) -> list[str]:
        """Return the unit's sentences (a bullet is one)."""
        return SENTENCE_END.split(self.text) if self.kind == "paragraph" else [self.text]


@dataclass(frozen=True, slots=True)
class Document:
    text: str
    units: tuple[Unit, ...]

    def contains(self, passage: str) -> bool:
        """Tell whether a passage appears in the document, allowing for spacing and quotes."""
        wanted = normalise(passage)
        return bool(wanted) and any(wanted in normalise(unit.text) for unit in self.units)


@cache
def load_document(path: Path = SOURCE_FILE) -> Document:
    """Read the source document and split it into paragraphs and bullets."""
    text = path.read_text(encoding="utf-8")
    units: list[Unit] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith(BULLET):
            units.append(Unit("bullet", stripped.removeprefix(BULLET).strip()))
        elif stripped:
            units.append(Unit("paragraph", stripped))
    return Document(text=text, units=tuple(units))
