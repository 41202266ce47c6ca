"""Buttons: every piece of button data fits Telegram's 64-byte limit and routes somewhere."""

from __future__ import annotations

from zoneinfo import available_timezones

from telegram import InlineKeyboardMarkup

from bot import keyboards
from bot.buttons import ROUTES
from bot.callback_data import Action, Button
from bot.wording.catalogue import load_wording
from safety.directory import load_directory
from states.kinds import PlanPart
from timing.places import load_places

WORDING = load_wording()
PLACES = load_places()
DIRECTORY = load_directory()


def every_keyboard() -> list[InlineKeyboardMarkup]:
    every_zone = tuple(sorted(z for z in available_timezones() if "/" in z))
    return [
        keyboards.times(True),
        keyboards.times(False),
        keyboards.zones(PLACES, True),
        keyboards.zones(PLACES, False, every_zone),
        keyboards.days(WORDING, True),
        keyboards.day_toggles(WORDING, 0b1010101, True),
        keyboards.pauses(WORDING),
        keyboards.settings(WORDING, True),
        keyboards.settings(WORDING, False),
        keyboards.stop_choice(WORDING),
        keyboards.reflection(WORDING),
        keyboards.keep_or_not(WORDING, 2**62),
        keyboards.undo_entry(WORDING, 2**62),
        keyboards.delete_choice(WORDING),
        keyboards.countries(WORDING, DIRECTORY, Action.SOS, False),
        keyboards.countries(WORDING, DIRECTORY, Action.COUNTRY, True),
        keyboards.plan_actions(WORDING),
        keyboards.plan_parts(WORDING),
        *(keyboards.plan_step(WORDING, part, step) for part in PlanPart for step in (True, False)),
        *(keyboards.plan_services(WORDING, part) for part in PlanPart),
        keyboards.sos(WORDING, DIRECTORY, False, True) or InlineKeyboardMarkup([]),
        keyboards.journal_pages(WORDING, newer=2**63 - 1, older=1) or InlineKeyboardMarkup([]),
    ]


def test_button_data_fits_decodes_and_routes() -> None:
    for markup in every_keyboard():
        for row in markup.inline_keyboard:
            for button in row:
                data = button.callback_data
                assert isinstance(data, str) and len(data.encode("utf-8")) <= 64
                decoded = Button.decode(data)
                assert decoded is not None and decoded.action in ROUTES, data


def test_every_action_has_a_route() -> None:
    assert set(ROUTES) == set(Action)


def test_places_file_names_only_real_zones() -> None:
    zones = set(available_timezones())
    assert set(PLACES.common.values()) <= zones
    assert set(PLACES.aliases.values()) <= zones
