"""The bot's own words, loaded from wording.yaml by stable key."""

from __future__ import annotations

import html
import string
from collections.abc import Mapping
from pathlib import Path

import yaml

WORDING_FILE = Path(__file__).with_name("wording.yaml")


class WordingError(Exception):
    """The wording file cannot be used; the message says what to fix."""


class Wording:
    """Message templates by key; values filled in are HTML-escaped."""

    def __init__(self, messages: Mapping[str, str], commands: Mapping[str, str]) -> None:
        self._messages = dict(messages)
        self.commands = dict(commands)

    def text(self, key: str, **values: object) -> str:
        """Return the message for a key, with values escaped for Telegram HTML."""
        escaped = {name: html.escape(str(value), quote=False) for name, value in values.items()}
        return self._messages[key].format_map(escaped)

    def raw(self, key: str, **values: str) -> str:
        """Return the message for a key, with values that are already safe HTML."""
        return self._messages[key].format_map(values)

    def message_keys(self) -> set[str]:
        """Return every message key."""
        return set(self._messages)


def load_wording(path: Path = WORDING_FILE) -> Wording:
    """Load and check the wording file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        problem = getattr(error, "problem", None) or "unreadable"
        raise WordingError(
            f"{path}{where} is not valid YAML ({problem}): check the indentation "
            "(spaces, not tabs) and that every quote is closed."
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("commands"), dict):
        raise WordingError(f"{path} must be a mapping of keys to text, with a 'commands' section.")
    commands = data.pop("commands")
    for key, value in [*data.items(), *commands.items()]:
        if not isinstance(value, str) or not value.strip():
            raise WordingError(f"{path}: the text for {key!r} is empty or not text.")
        try:
            list(string.Formatter().parse(value))
        except ValueError:
            raise WordingError(
                f"{path}: the text for {key!r} has an unmatched {{ or }}: "
                "write {{ or }} for a literal brace."
            ) from None
    return Wording(data, commands)
