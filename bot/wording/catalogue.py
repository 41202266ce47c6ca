"""The bot's own words, loaded from wording.yaml by stable key."""

from __future__ import annotations

import html
import re
import string
from collections.abc import Mapping
from pathlib import Path

from config.datafiles import ContentError, Problem, read_yaml
from reflections.rules import revealing_opening

WORDING_FILE = Path(__file__).with_name("wording.yaml")
# Read after wording.yaml, each adding keys of its own (a key may be in only one file).
MORE_WORDING = (Path(__file__).with_name("steady.yaml"),)
SUBJECT = "The wording"
DAYS_IN_A_WEEK = 7
# Texts that are never the start of a message (a button, a line added after others).
PREVIEW_EXEMPT = ("button_", "export_", "weeks_mood_", "plan_example_", "plan_leaving_note")


class Wording:
    """Message templates by key; values filled in are HTML-escaped."""

    def __init__(self, messages: Mapping[str, str], commands: Mapping[str, str]) -> None:
        self._messages = dict(messages)
        self.commands = dict(commands)

    def text(self, key: str, **values: object) -> str:
        """Return the message for a key, with values escaped for Telegram HTML."""
        escaped = {name: html.escape(str(value), quote=False) for name, value in values.items()}
        return self._messages[key].format_map(escaped)

    def plain(self, key: str, **values: object) -> str:
        """Return the message for a key as plain text (for files), values left as they are."""
        return self._messages[key].format_map({name: str(v) for name, v in values.items()})

    def message_keys(self) -> set[str]:
        """Return every message key."""
        return set(self._messages)


def load_wording(path: Path = WORDING_FILE, more: tuple[Path, ...] = MORE_WORDING) -> Wording:
    """Load and check the wording files."""

    def fail(message: str) -> ContentError:
        return ContentError([Problem(path, None, None, message)], SUBJECT)

    data = read_yaml(path, SUBJECT)
    if not isinstance(data, dict) or not isinstance(data.get("commands"), dict):
        raise fail("must be a mapping of keys to text, with a 'commands' section")
    commands = data.pop("commands")
    for extra in more:
        added = read_yaml(extra, SUBJECT)
        if not isinstance(added, dict):
            raise ContentError([Problem(extra, None, None, "must be a mapping of keys to text")])
        if twice := sorted(set(added) & (set(data) | {"commands"})):
            message = f"{twice[0]!r} is also in {path.name}: keep it in one file"
            raise ContentError([Problem(extra, None, None, message)], SUBJECT)
        data.update(added)
    for key, value in [*data.items(), *commands.items()]:
        if not isinstance(value, str) or not value.strip():
            raise fail(f"the text for {key!r} is empty or not text")
        try:
            list(string.Formatter().parse(value))
        except ValueError:
            braces = "has an unmatched { or }: write {{ or }} for a literal brace"
            raise fail(f"the text for {key!r} {braces}") from None
    for key, value in data.items():
        word = None if key.startswith(PREVIEW_EXEMPT) else revealing_opening(_as_shown(value))
        if word:
            raise fail(f"the text for {key!r} has {word!r} where a lock screen can show it")
    if len(str(data.get("day_names", "")).split()) != DAYS_IN_A_WEEK:
        raise fail("day_names needs seven short names, Monday first, separated by spaces")
    return Wording(data, commands)


def _as_shown(template: str) -> str:
    """Return a template as a screen shows it: placeholders filled, tags gone, entities read."""
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    return html.unescape(re.sub(r"<[^>]+>", "", template.format_map(dict.fromkeys(names, "x"))))
