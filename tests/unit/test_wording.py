"""The bot's wording file: every key the code uses exists, and broken edits are explained."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
import yaml

from bot.wording.catalogue import MORE_WORDING, WORDING_FILE, load_wording
from config.datafiles import ContentError
from fake_bot_api.telegram_html import parse_html

BOT_DIR = Path(__file__).resolve().parents[2] / "bot"
KEY_USE = re.compile(r"""wording\.(?:text|plain)\(\s*["']([a-z_]+)["']""")
KEY_CHOICE = re.compile(r"""key = ((?:"[a-z_]+"(?: if [^"]+ else )?)+)""")


def keys_used_in_code() -> set[str]:
    used: set[str] = set()
    for path in BOT_DIR.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        used.update(KEY_USE.findall(source))
        for choice in KEY_CHOICE.findall(source):
            used.update(re.findall(r'"([a-z_]+)"', choice))
    return used


def test_every_key_used_in_code_exists() -> None:
    used = keys_used_in_code()
    assert {"welcome", "stopped", "private_only"} <= used
    assert used <= load_wording().message_keys()


def test_every_message_is_valid_telegram_html() -> None:
    wording = load_wording()
    templates = yaml.safe_load(WORDING_FILE.read_text(encoding="utf-8"))
    for more in MORE_WORDING:
        templates.update(yaml.safe_load(more.read_text(encoding="utf-8")))
    for key in wording.message_keys():
        names = {name for _, name, _, _ in string.Formatter().parse(templates[key]) if name}
        filled = wording.text(key, **{name: "<x> & y" for name in names})
        assert "<x>" not in filled
        parse_html(filled)


def test_values_are_escaped() -> None:
    wording = load_wording()
    text = wording.text(
        "settings_summary",
        time="<b>",
        zone="A & B",
        days="x",
        checkins="z",
        discreet="d",
        silent="y",
    )
    assert "&lt;b&gt;" in text and "A &amp; B" in text


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("commands:\n  start: Begin\nwelcome: |\n\tHello\n", "line 4: .*tab"),
        ("commands:\n  start: Begin\nwelcome: 'unclosed\n", "not valid YAML"),
        ("commands:\n  start: Begin\nwelcome: Hello {name\n", "unmatched"),
        ("welcome: Hello\n", "'commands' section"),
        ("commands:\n  start: Begin\nwelcome:\n", "empty"),
        ("commands:\n  start: Begin\nwelcome: About your partner's addiction\n", "lock screen"),
    ],
)
def test_broken_edits_are_explained(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "wording.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ContentError, match=expected):
        load_wording(path)


def test_a_key_in_two_wording_files_is_refused(tmp_path: Path) -> None:
    more = tmp_path / "more.yaml"
    more.write_text("welcome: Hello again\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"'welcome' is also in wording\.yaml"):
        load_wording(more=(more,))


def test_every_part_of_the_plan_has_its_words() -> None:
    from states.kinds import PlanPart

    keys = load_wording().message_keys()
    for part in PlanPart:
        assert {f"plan_part_{part}", f"plan_question_{part}", f"plan_example_{part}"} <= keys
