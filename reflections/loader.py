"""Read the library YAML, remembering lines, and validate it into a Library."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from reflections.document import Document, load_document
from reflections.library import ContentError, Library, Problem
from reflections.rules import validate

LIBRARY_FILE = Path(__file__).with_name("library.yaml")


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers where each mapping and key was, and refuses duplicate keys."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        lines: dict[str, int] = {}
        for key_node, _ in node.value:
            key = str(key_node.value)
            if key in lines:
                raise yaml.constructor.ConstructorError(
                    None, None, f"{key!r} appears twice in one entry", key_node.start_mark
                )
            lines[key] = key_node.start_mark.line + 1
        mapping = super().construct_mapping(node, deep=True)
        mapping["__line__"] = node.start_mark.line + 1
        mapping["__lines__"] = lines
        return mapping


def read_yaml(path: Path) -> Any:
    """Parse a YAML file, turning syntax errors into a Problem naming the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "it is not UTF-8 text"
        raise ContentError([Problem(path, None, None, f"cannot be read ({reason})")]) from None
    for number, line in enumerate(text.splitlines(), start=1):
        if "\t" in line[: len(line) - len(line.lstrip())]:
            message = "starts with a tab: indent with spaces only"
            raise ContentError([Problem(path, number, None, message)])
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        message = "has an invisible control character: delete and retype that line"
        raise ContentError([Problem(path, line, None, message)]) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or "unreadable"
        hint = "check the indentation (spaces, not tabs) and that every quote is closed"
        line = mark.line + 1 if mark else None
        raise ContentError(
            [Problem(path, line, None, f"not valid YAML ({problem}): {hint}")]
        ) from None


def load_library(path: Path | None = None, document: Document | None = None) -> Library:
    """Read and validate the library; raise ContentError listing every problem."""
    path = path or LIBRARY_FILE
    library, problems = validate(read_yaml(path), path, document or load_document())
    if problems or library is None:
        raise ContentError(problems or [Problem(path, None, None, "holds no reflections")])
    return library
