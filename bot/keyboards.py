"""Inline keyboards. Button data is 'action:argument', at most 64 bytes; '+' marks set-up."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.wording.catalogue import Wording
from bot.wording.schedule import DAY_NAMES
from safety.directory import Directory
from scheduler.places import Places, zone_label

TIME_CHOICES = ("07:00", "08:00", "09:00", "12:30", "18:00", "21:00")
PAUSE_CHOICES = ("1", "3", "7")  # days


def button(text: str, data: str) -> InlineKeyboardButton:
    if len(data.encode("utf-8")) > 64:
        raise ValueError(f"button data over Telegram's 64 bytes: {data!r}")
    return InlineKeyboardButton(text, callback_data=data)


def rows(buttons: list[InlineKeyboardButton], width: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([buttons[i : i + width] for i in range(0, len(buttons), width)])


def _action(name: str, setup: bool) -> str:
    return name + ("+" if setup else "")


def times(setup: bool) -> InlineKeyboardMarkup:
    action = _action("time", setup)
    return rows([button(t, f"{action}:{t.replace(':', '')}") for t in TIME_CHOICES], 3)


def zones(places: Places, setup: bool, choices: tuple[str, ...] = ()) -> InlineKeyboardMarkup:
    action = _action("tz", setup)
    labelled = [(zone_label(z), z) for z in choices] or list(places.common.items())
    return rows([button(label, f"{action}:{zone}") for label, zone in labelled], 2)


def days(wording: Wording, setup: bool) -> InlineKeyboardMarkup:
    action = _action("days", setup)
    return rows(
        [
            button(wording.text("button_every_day"), f"{action}:all"),
            button(wording.text("button_weekdays"), f"{action}:weekdays"),
            button(wording.text("button_weekends"), f"{action}:weekends"),
            button(wording.text("button_choose_days"), f"{action}:choose"),
        ],
        2,
    )


def day_toggles(wording: Wording, chosen: int, setup: bool) -> InlineKeyboardMarkup:
    action = _action("day", setup)
    toggles = [
        button(("✓ " if chosen & (1 << bit) else "") + name, f"{action}:{bit}")
        for bit, name in enumerate(DAY_NAMES)
    ]
    done = button(wording.text("button_done"), f"{_action('days', setup)}:done")
    markup = rows(toggles, 4).inline_keyboard
    return InlineKeyboardMarkup([*markup, (done,)])


def pauses(wording: Wording) -> InlineKeyboardMarkup:
    labels = ("button_pause_day", "button_pause_3_days", "button_pause_week")
    buttons = [
        button(wording.text(label), f"pause:{n}")
        for label, n in zip(labels, PAUSE_CHOICES, strict=True)
    ]
    buttons.append(button(wording.text("button_pause_until_resume"), "pause:open"))
    return rows(buttons, 2)


def settings(wording: Wording, paused: bool) -> InlineKeyboardMarkup:
    pause = (
        button(wording.text("button_resume"), "resume:")
        if paused
        else button(wording.text("button_pause"), "ask:pause")
    )
    return rows(
        [
            button(wording.text("button_time"), "ask:time"),
            button(wording.text("button_zone"), "ask:tz"),
            button(wording.text("button_days"), "ask:days"),
            pause,
            button(wording.text("button_skip"), "skip:"),
            button(wording.text("button_silent"), "silent:"),
            button(wording.text("button_today"), "today:"),
            button(wording.text("button_stop"), "stop:"),
        ],
        2,
    )


def single(wording: Wording, key: str, data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(wording.text(key), data)]])


def stop_choice(wording: Wording) -> InlineKeyboardMarkup:
    return rows(
        [
            button(wording.text("button_keep"), "erase:no"),
            button(wording.text("button_erase"), "erase:yes"),
        ],
        2,
    )


def reflection(wording: Wording) -> InlineKeyboardMarkup:
    return single(wording, "button_pause_for_a_while", "ask:pause")


def countries(
    wording: Wording, directory: Directory, action: str, setup: bool
) -> InlineKeyboardMarkup:
    """Buttons for each country with its own lines, and for anywhere else."""
    name = _action(action, setup)
    buttons = [
        button(country.name.removeprefix("the "), f"{name}:{code}")
        for code, country in directory.countries.items()
    ]
    buttons.append(button(wording.text("button_elsewhere"), f"{name}:none"))
    return rows(buttons, 3)


def keep_or_not(wording: Wording, entry_id: int) -> InlineKeyboardMarkup:
    return rows(
        [
            button(wording.text("button_keep_note"), f"entry:keep{entry_id}"),
            button(wording.text("button_dont_keep"), f"entry:drop{entry_id}"),
        ],
        2,
    )


def journal_pages(wording: Wording, page: int, total: int) -> InlineKeyboardMarkup | None:
    """Newer and Older buttons; page 0 is the newest."""
    buttons = []
    if page > 0:
        buttons.append(button(wording.text("button_newer"), f"journal:{page - 1}"))
    if page < total - 1:
        buttons.append(button(wording.text("button_older"), f"journal:{page + 1}"))
    return rows(buttons, 2) if buttons else None


def delete_choice(wording: Wording) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [button(wording.text("button_delete_all"), "delete:all")],
            [button(wording.text("button_delete_clear"), "delete:clear")],
            [button(wording.text("button_cancel"), "delete:cancel")],
        ]
    )
