"""The button codec: what it makes it reads back; anything crafted or outdated reads as None."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.callback_data import Action, Button


@pytest.mark.parametrize(
    "button",
    [
        Button(Action.TIME, "0730", setup=True),
        Button(Action.ZONE, "America/Argentina/Buenos_Aires"),
        Button(Action.ZONE, "America/Port-au-Prince", setup=True),
        Button(Action.DAY, "6", setup=True),
        Button(Action.PAUSE, "365"),
        Button(Action.PAUSE, "open"),
        Button(Action.RESUME),
        Button(Action.COUNTRY, "none", setup=True),
        Button(Action.ENTRY, "undo123456789012345678"),
        Button(Action.JOURNAL, "12"),
    ],
)
def test_what_it_makes_it_reads_back(button: Button) -> None:
    assert Button.decode(button.encode()) == button


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "pause",
        "pause:²",
        "pause:٣",
        "pause:0",
        "pause:1000",
        "pause: 3",
        "pause+:3",
        "time:2460",
        "time:730",
        "time:07:30",
        "day:7",
        "day:-1",
        "journal:-1",
        "journal:1e3",
        "entry:zap12",
        "entry:undo",
        "entry:undo1x",
        "entry:undo12\n",
        "entry:keep12345678901234567890",
        "erase:maybe",
        "tz:../../etc/passwd",
        "tz:Europe/London/Extra/More",
        "resume:x",
        "retired-feature:1",
        "sos:gb",
        "country:GBR",
        "delete:everything",
        "ask:stop",
        "x" * 65,
    ],
)
def test_crafted_or_outdated_data_reads_as_nothing(data: str | None) -> None:
    assert Button.decode(data) is None


@given(st.text(max_size=70))
def test_any_text_decodes_to_nothing_or_to_itself(data: str) -> None:
    button = Button.decode(data)
    assert button is None or button.encode() == data


@pytest.mark.parametrize(
    "button",
    [Button(Action.PAUSE, "x"), Button(Action.RESUME, "1"), Button(Action.PAUSE, "3", setup=True)],
)
def test_it_refuses_to_make_what_it_would_not_read(button: Button) -> None:
    with pytest.raises(ValueError, match="not a valid button"):
        button.encode()


def test_entry_buttons_carry_a_verb_and_a_number() -> None:
    button = Button.decode("entry:keep42")
    assert button is not None and (button.verb, button.number) == ("keep", 42)
