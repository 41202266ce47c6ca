"""Read the YAML files operators edit; every problem names the file and, where known, the line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a data file, and where."""

    path: Path
    line: int | None
    item: str | None  # the id of the entry at fault, where the file has ids
    message: str

    def __str__(self) -> str:
        where = f"{self.path.name} line {self.line}" if self.line else self.path.name
        if self.item:
            where += f" (id {self.item!r})"
        return f"{where}: {self.message}"


class ContentError(Exception):
    """A data file cannot be used; `problems` lists every reason, the message the first."""

    def __init__(self, problems: list[Problem], subject: str = "The content") -> None:
        self.problems = problems
        more = len(problems) - 1
        extra = f" (and {more} more: run `python main.py content check`)" if more else ""
        super().__init__(f"{subject} cannot be used: {problems[0]}{extra}")


class _StrictLoader(yaml.SafeLoader):
    """A safe loader that refuses a key given twice in one mapping (a common editing slip)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[str] = set()
        for key_node, _ in node.value:
            key = str(key_node.value)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"{key!r} appears twice in one entry", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=True)


class _LineLoader(_StrictLoader):
    """A strict loader that also notes where each mapping and each of its keys began."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=True)
        mapping["__line__"] = node.start_mark.line + 1
        mapping["__lines__"] = {str(k.value): k.start_mark.line + 1 for k, _ in node.value}
        return mapping


def read_yaml(path: Path, subject: str, *, with_lines: bool = False) -> Any:
    """Parse a data file, turning every way it can be unreadable into a ContentError.

    with_lines=True adds `__line__` and `__lines__` (key -> line) to every mapping.
    """

    def fail(line: int | None, message: str) -> ContentError:
        return ContentError([Problem(path, line, None, message)], subject)

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "it is not UTF-8 text"
        raise fail(None, f"cannot be read ({reason})") from None
    for number, line in enumerate(text.splitlines(), start=1):
        if "\t" in line[: len(line) - len(line.lstrip())]:
            raise fail(number, "starts with a tab: indent with spaces only")
    try:
        return yaml.load(text, Loader=_LineLoader if with_lines else _StrictLoader)
    except yaml.reader.ReaderError as error:
        message = "has an invisible control character: delete and retype that line"
        raise fail(text[: error.position].count("\n") + 1, message) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or "unreadable"
        line_number: int | None = mark.line + 1 if mark else None
        if isinstance(error, yaml.constructor.ConstructorError):
            raise fail(line_number, f"{problem}: keep one and delete the other") from None
        hint = "check the indentation (spaces, not tabs) and that every quote is closed"
        raise fail(line_number, f"not valid YAML ({problem}): {hint}") from None


def misshapen(path: Path, subject: str, error: Exception) -> ContentError:
    """Return the error for a file whose sections are missing or of the wrong kind."""
    detail = f"{type(error).__name__}: {error}"
    message = (
        f"a section is missing or misshapen ({detail}): compare it with the comments at its top"
    )
    return ContentError([Problem(path, None, None, message)], subject)
