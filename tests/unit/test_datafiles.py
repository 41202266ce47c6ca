"""Every data file an operator edits fails the same way: one ContentError naming file and line."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from config.datafiles import ContentError, read_yaml
from safety.directory import load_directory
from safety.patterns import load_detector
from timing.places import load_places

LOADERS: dict[str, Callable[[Path], Any]] = {
    "crisis.yaml": load_detector.__wrapped__,  # the cached loader, uncached
    "support.yaml": load_directory,
    "places.yaml": load_places,
}


@pytest.mark.parametrize("name", LOADERS)
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("a: 1\n\tb: 2\n", r" line 2: starts with a tab"),
        ("a: 'unclosed\n", r" line \d+: not valid YAML"),
        ("a: 1\na: 2\n", r" line 2: 'a' appears twice"),
        ("just text\n", r": a section is missing or misshapen"),
        ("a: \x07\n", r" line 1: has an invisible control character"),
    ],
)
def test_a_broken_file_is_named_with_its_line(
    tmp_path: Path, name: str, content: str, expected: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(
        ContentError, match=rf"cannot be used: {re.escape(name)}{expected}"
    ) as caught:
        LOADERS[name](path)
    assert name in str(caught.value) and "\n" not in str(caught.value)


def test_a_pattern_that_will_not_compile_is_named(tmp_path: Path) -> None:
    path = tmp_path / "crisis.yaml"
    kinds = "".join(
        f"  {k}:\n    patterns: ['(unclosed']\n" for k in ("self", "danger", "distress")
    )
    sections = "spellings: {}\nwords: {}\nkeep: []\nnegators: []\nnegation_breakers: []\n"
    sections += "first_person: []\nthird_person: []\n"
    path.write_text(f"{sections}kinds:\n{kinds}", encoding="utf-8")
    with pytest.raises(ContentError, match=r"crisis.yaml: the pattern '\(unclosed' is not valid"):
        load_detector.__wrapped__(path)


def test_an_unreadable_file_says_so(tmp_path: Path) -> None:
    path = tmp_path / "places.yaml"
    path.write_bytes(b"\xff\xfe not utf-8")
    with pytest.raises(ContentError, match=r"places\.yaml: cannot be read"):
        read_yaml(path, "The places file")
