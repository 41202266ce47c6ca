"""Buttons: every piece of button data fits Telegram's 64-byte limit and routes somewhere."""

from __future__ import annotations

from zoneinfo import available_timezones

from bot import keyboards
from bot.handlers.buttons import ROUTES
from bot.wording.catalogue import load_wording
from scheduler.places import load_places

WORDING = load_wording()
PLACES = load_places()


def every_keyboard() -> list:
    every_zone = tuple(sorted(z for z in available_timezones() if "/" in z))
    return [
        keyboards.times(True), keyboards.times(False),
        keyboards.zones(PLACES, True), keyboards.zones(PLACES, False, every_zone),
        keyboards.days(WORDING, True), keyboards.day_toggles(WORDING, 0b1010101, True),
        keyboards.pauses(WORDING), keyboards.settings(WORDING, True),
        keyboards.settings(WORDING, False), keyboards.stop_choice(WORDING),
        keyboards.reflection(WORDING),
    ]  # fmt: skip


def test_button_data_fits_and_routes() -> None:
    for markup in every_keyboard():
        for row in markup.inline_keyboard:
            for button in row:
                data = button.callback_data
                assert len(data.encode("utf-8")) <= 64
                action = data.partition(":")[0].removesuffix("+")
                assert action in ROUTES, data


def test_places_file_names_only_real_zones() -> None:
    zones = set(available_timezones())
    assert set(PLACES.common.values()) <= zones
    assert set(PLACES.aliases.values()) <= zones
