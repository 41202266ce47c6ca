"""Keyboards for the hard moments: /steady's exercises, the wait, /dates and /known."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from bot.callback_data import Action, Button
from bot.keyboards import button, rows
from bot.wording.catalogue import Wording

WAITS = (10, 20, 30)  # minutes to wait out an urge


def exercises(wording: Wording) -> InlineKeyboardMarkup:
    """The three exercises, one to a row."""
    return rows(
        [
            button(wording.text("button_steady_breathe"), Button(Action.STEADY, "breathe")),
            button(wording.text("button_steady_senses"), Button(Action.STEADY, "senses-1")),
            button(wording.text("button_steady_wait"), Button(Action.STEADY, "wait")),
        ],
        1,
    )


def stop(wording: Wording) -> InlineKeyboardMarkup:
    """Stop an exercise."""
    return rows([button(wording.text("button_steady_stop"), Button(Action.STEADY, "stop"))], 1)


def senses_step(wording: Wording, step: int) -> InlineKeyboardMarkup:
    """Next (to the following step) and Stop."""
    return rows(
        [
            button(wording.text("button_steady_next"), Button(Action.STEADY, f"senses-{step + 1}")),
            button(wording.text("button_steady_stop"), Button(Action.STEADY, "stop")),
        ],
        2,
    )


def waits(wording: Wording) -> InlineKeyboardMarkup:
    """10, 20 or 30 minutes."""
    return rows(
        [
            button(
                wording.text("button_wait_minutes", minutes=m), Button(Action.STEADY, f"wait-{m}")
            )
            for m in WAITS
        ],
        3,
    )


def waiting(wording: Wording) -> InlineKeyboardMarkup:
    """Stop waiting (nothing more will come)."""
    return rows([button(wording.text("button_wait_stop"), Button(Action.STEADY, "unwait"))], 1)


def how_now(wording: Wording) -> InlineKeyboardMarkup:
    """After a wait: a little easier, or still strong; the answer is not kept."""
    return rows(
        [
            button(wording.text("button_how_easier"), Button(Action.STEADY, "easier")),
            button(wording.text("button_how_still"), Button(Action.STEADY, "still")),
        ],
        2,
    )


def known_offer(wording: Wording) -> InlineKeyboardMarkup:
    """Show the notes marked as something the person knows."""
    return rows([button(wording.text("button_known_show"), Button(Action.KNOWN, "show"))], 1)


def dates(wording: Wording, noted: list[tuple[int, str]]) -> InlineKeyboardMarkup:
    """Note a date, and remove each noted one (named by its day, never by its name)."""
    removes = [
        button(wording.text("button_dates_remove", day=day), Button(Action.DATES, f"drop{date_id}"))
        for date_id, day in noted
    ]
    add = button(wording.text("button_dates_add"), Button(Action.DATES, "add"))
    return rows([*removes, add], 1)


def date_repeat(wording: Wording, date_id: int) -> InlineKeyboardMarkup:
    """Every year, or only once."""
    return rows(
        [
            button(wording.text("button_dates_yearly"), Button(Action.DATES, f"yearly{date_id}")),
            button(wording.text("button_dates_once"), Button(Action.DATES, f"once{date_id}")),
        ],
        2,
    )


def date_eve(wording: Wording, date_id: int) -> InlineKeyboardMarkup:
    """A quiet line the day before, or not."""
    return rows(
        [
            button(wording.text("button_dates_eve_yes"), Button(Action.DATES, f"eve{date_id}")),
            button(wording.text("button_dates_eve_no"), Button(Action.DATES, f"noeve{date_id}")),
        ],
        2,
    )


def steadying_offer(wording: Wording, offer_known: bool) -> InlineKeyboardMarkup:
    """Under "I'm safe" (after the safety question): /steady, and once the marked notes."""
    steady = [button(wording.text("button_steady"), Button(Action.STEADY, "menu"))]
    shown = [button(wording.text("button_known_show"), Button(Action.KNOWN, "show"))]
    return InlineKeyboardMarkup([steady, shown] if offer_known else [steady])
