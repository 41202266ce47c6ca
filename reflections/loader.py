"""Read the library YAML, remembering lines, and validate it into a Library."""

from __future__ import annotations

from pathlib import Path

from config.datafiles import ContentError, Problem, read_yaml
from reflections.document import Document, load_document
from reflections.library import Library
from reflections.rules import validate

LIBRARY_FILE = Path(__file__).with_name("library.yaml")
SUBJECT = "The reflections"


def load_library(path: Path | None = None, document: Document | None = None) -> Library:
    """Read and validate the library; raise ContentError listing every problem."""
    path = path or LIBRARY_FILE
    data = read_yaml(path, SUBJECT, with_lines=True)
    library, problems = validate(data, path, document or load_document())
    if problems or library is None:
        raise ContentError(problems or [Problem(path, None, None, "holds no reflections")], SUBJECT)
    return library
