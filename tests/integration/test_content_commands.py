"""`python main.py content …`, /about, and refusing to start on a broken library."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

import main
from fake_bot_api.harness import BotHarness
from fake_bot_api.people import FakePerson
from reflections import loader
from tests.conftest import TOKEN


def test_content_check_passes_on_the_shipped_library(capsys: pytest.CaptureFixture[str]) -> None:
    assert main.main(["content", "check"]) == 0
    assert "41 reflections, fine" in capsys.readouterr().out


def test_content_list_and_show(capsys: pytest.CaptureFixture[str]) -> None:
    assert main.main(["content", "list"]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[0] == " 1. depending-on-each-other: Leaning on someone (Leaning on others)"
    assert listing[-1].endswith("the-open-door: Your decision, your pace (Your decision)")
    assert main.main(["content", "show", "trust"]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("Today's reflection\n\nTrust\n\nTrust lets us relax.")
    assert "▎ Trust" in shown
    assert main.main(["content", "show", "no-such-id"]) == 1
    assert "No reflection has the id 'no-such-id'" in capsys.readouterr().err


@pytest.fixture
def broken_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    text = loader.LIBRARY_FILE.read_text(encoding="utf-8").replace(
        "    source: Trust\n", "    source: Trust me\n"
    )
    path = tmp_path / "library.yaml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(loader, "LIBRARY_FILE", path)
    return path


def test_content_check_names_the_line_and_exits_1(
    broken_library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main.main(["content", "check"]) == 1
    err = capsys.readouterr().err
    line = next(
        number
        for number, text in enumerate(broken_library.read_text().splitlines(), start=1)
        if text == "    source: Trust me"
    )
    assert f"library.yaml line {line} (id 'trust'): this passage is not in" in err
    assert "no reflection quotes this bullet: 'Trust'" in err


def test_content_check_flags_two_reflections_that_say_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = loader.LIBRARY_FILE.read_text(encoding="utf-8")
    library = yaml.safe_load(text)["reflections"]
    copied = library[1]["body"].strip().split("\n")[0]
    # The second reflection's first paragraph, put in place of the third's.
    third = library[2]["body"].strip().split("\n")[0]
    path = tmp_path / "library.yaml"
    path.write_text(text.replace(third, copied, 1), encoding="utf-8")
    monkeypatch.setattr(loader, "LIBRARY_FILE", path)
    assert main.main(["content", "check"]) == 1
    err = capsys.readouterr().err
    first = library[1]["id"]
    second = library[2]["id"]
    assert re.search(
        rf"line \d+ \({first!r}\) and line \d+ \({second!r}\): their bodies share", err
    )


def test_the_bot_refuses_to_start_on_a_broken_library(
    broken_library: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    clean_environment: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", "http://127.0.0.1:9")
    assert main.main(["run"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("The reflections cannot be used: library.yaml line ")
    assert "run `python main.py content check`" in err[-1]


async def test_about_cites_the_source(bot: BotHarness, person: FakePerson) -> None:
    await person.send("/about")
    about = person.last_text
    assert "41 reflections are drawn from one short document" in about
    assert "Each quotes the passage it comes from, word for word" in about  # the document credited
    assert "The first fortnight starts with what can steady you" in about  # the real order
    assert "to its last line" not in about
    assert "Self-trust is a place of safety within." in about
    assert "not a person" in person.last_text
