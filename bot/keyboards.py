"""Inline keyboards; every button's data is made by the one codec in callback_data."""

from __future__ import annotations

from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callback_data import Action, Button
from bot.wording.catalogue import Wording
from bot.wording.schedule import day_names
from safety.directory import Directory
from states.kinds import Mood, PlanPart
from timing.places import Places, zone_label

TIME_CHOICES = ("07:00", "08:00", "09:00", "12:30", "18:00", "21:00")
PAUSE_CHOICES = (
    ("button_pause_day", "1"),
    ("button_pause_3_days", "3"),
    ("button_pause_week", "7"),
)


def button(text: str, meaning: Button) -> InlineKeyboardButton:
    """Return one inline button."""
    return InlineKeyboardButton(text, callback_data=meaning.encode())


def rows(buttons: list[InlineKeyboardButton], width: int) -> InlineKeyboardMarkup:
    """Lay buttons out in rows of `width`."""
    return InlineKeyboardMarkup([buttons[i : i + width] for i in range(0, len(buttons), width)])


def times(setup: bool) -> InlineKeyboardMarkup:
    """The common times of day."""
    choices = [button(t, Button(Action.TIME, t.replace(":", ""), setup)) for t in TIME_CHOICES]
    return rows(choices, 3)


def zones(places: Places, setup: bool, choices: tuple[str, ...] = ()) -> InlineKeyboardMarkup:
    """The common time zones, or the given ones."""
    labelled = [(zone_label(z), z) for z in choices] or list(places.common.items())
    return rows([button(label, Button(Action.ZONE, zone, setup)) for label, zone in labelled], 2)


def days(wording: Wording, setup: bool) -> InlineKeyboardMarkup:
    """Every day, weekdays, weekends, or choose."""
    labels = {
        "all": "button_every_day",
        "weekdays": "button_weekdays",
        "weekends": "button_weekends",
        "choose": "button_choose_days",
    }
    choices = [
        button(wording.text(key), Button(Action.DAYS, arg, setup)) for arg, key in labels.items()
    ]
    return rows(choices, 2)


def day_toggles(wording: Wording, chosen: int, setup: bool) -> InlineKeyboardMarkup:
    """One toggle per day of the week, ticked when chosen, and Done."""
    toggles = [
        button(("✓ " if chosen & (1 << bit) else "") + name, Button(Action.DAY, str(bit), setup))
        for bit, name in enumerate(day_names(wording))
    ]
    done = button(wording.text("button_done"), Button(Action.DAYS, "done", setup))
    return InlineKeyboardMarkup([*rows(toggles, 4).inline_keyboard, (done,)])


def pauses(wording: Wording) -> InlineKeyboardMarkup:
    """A day, three days, a week, or until resumed."""
    choices = [button(wording.text(key), Button(Action.PAUSE, n)) for key, n in PAUSE_CHOICES]
    choices.append(button(wording.text("button_pause_until_resume"), Button(Action.PAUSE, "open")))
    return rows(choices, 2)


def settings(wording: Wording, paused: bool, checkins: bool = False) -> InlineKeyboardMarkup:
    """A button for every change /settings offers."""
    toggle = "off" if checkins else "on"
    pause = (
        button(wording.text("button_resume"), Button(Action.RESUME))
        if paused
        else button(wording.text("button_pause"), Button(Action.ASK, "pause"))
    )
    return rows(
        [
            button(wording.text("button_time"), Button(Action.ASK, "time")),
            button(wording.text("button_zone"), Button(Action.ASK, "tz")),
            button(wording.text("button_days"), Button(Action.ASK, "days")),
            pause,
            button(wording.text("button_skip"), Button(Action.SKIP)),
            button(wording.text("button_silent"), Button(Action.SILENT)),
            button(wording.text("button_checkins"), Button(Action.CHECKINS, toggle)),
            button(wording.text("button_discreet"), Button(Action.DISCREET, "toggle")),
            button(wording.text("button_today"), Button(Action.TODAY)),
            button(wording.text("button_stop"), Button(Action.STOP)),
        ],
        2,
    )


def single(wording: Wording, key: str, meaning: Button) -> InlineKeyboardMarkup:
    """One button on its own."""
    return InlineKeyboardMarkup([[button(wording.text(key), meaning)]])


def stop_choice(wording: Wording) -> InlineKeyboardMarkup:
    """Keep or erase, after /stop."""
    return rows(
        [
            button(wording.text("button_keep"), Button(Action.ERASE, "no")),
            button(wording.text("button_erase"), Button(Action.ERASE, "yes")),
        ],
        2,
    )


def reflection(
    wording: Wording,
    checkin_on: date | None = None,
    chosen: Mood | None = None,
    offer: bool = False,
    offer_known: bool = False,
) -> InlineKeyboardMarkup:
    """What sits under a reflection: the check-in row for its date if on (or, once, an offer
    of check-ins, or of the notes marked as known), pause, and "Not today"."""
    pause = [
        button(wording.text("button_pause_for_a_while"), Button(Action.ASK, "pause")),
        button(wording.text("button_not_today"), Button(Action.NOT_TODAY)),
    ]
    known = [[button(wording.text("button_known_show"), Button(Action.KNOWN, "show"))]]
    last = [*(known if offer_known else []), pause]
    if offer:
        trial = button(wording.text("button_checkins_offer"), Button(Action.CHECKINS, "offer"))
        return InlineKeyboardMarkup([[trial], *last])
    if checkin_on is None:
        return InlineKeyboardMarkup(last)
    day = checkin_on.strftime("%Y%m%d")
    moods = [
        button(
            ("✓ " if mood == chosen else "") + wording.text(f"button_checkin_{mood}"),
            Button(Action.CHECKIN, f"{mood}-{day}"),
        )
        for mood in Mood
    ]
    return InlineKeyboardMarkup([moods[:2], moods[2:4], moods[4:], *last])


def discreet_choice(wording: Wording) -> InlineKeyboardMarkup:
    """Set-up's last question: keep deliveries discreet, or not."""
    return rows(
        [
            button(wording.text("button_discreet_yes"), Button(Action.DISCREET, "on", True)),
            button(wording.text("button_discreet_no"), Button(Action.DISCREET, "off", True)),
        ],
        1,
    )


def read_button(wording: Wording, reflection_id: str) -> InlineKeyboardMarkup:
    """Under a discreet delivery: show the reflection."""
    return single(wording, "button_read", Button(Action.READ, reflection_id))


def checkins_offer(wording: Wording) -> InlineKeyboardMarkup:
    """Turn on check-ins, or not."""
    return rows(
        [
            button(wording.text("button_checkins_on"), Button(Action.CHECKINS, "on")),
            button(wording.text("button_checkins_no"), Button(Action.CHECKINS, "no")),
        ],
        2,
    )


def countries(
    wording: Wording, directory: Directory, action: Action, setup: bool
) -> InlineKeyboardMarkup:
    """Buttons for each country with its own lines, and for anywhere else."""
    choices = [
        button(country.name.removeprefix("the "), Button(action, code, setup))
        for code, country in directory.countries.items()
        if country.within is None  # a nation is chosen by typing its name
    ]
    choices.append(button(wording.text("button_elsewhere"), Button(action, "none", setup)))
    return rows(choices, 3)


def sos(wording: Wording, directory: Directory, known: bool, planned: bool) -> InlineKeyboardMarkup:
    """Under /sos: the person's own plan first, if they have one; something to steady them;
    countries, if none is known."""
    plan = [[button(wording.text("plan_your_plan_button"), Button(Action.PLAN, "show"))]]
    places = [] if known else list(countries(wording, directory, Action.SOS, False).inline_keyboard)
    found = [*(plan if planned else []), [steady_button(wording)], *places]
    return InlineKeyboardMarkup(found)


def safety_question(wording: Wording, suspected: str) -> InlineKeyboardMarkup:
    """Under the safety question: safe, not really, or the lines (for the kind suspected)."""
    choices = (
        ("button_safety_safe", "safe"),
        ("button_safety_not_really", "not"),
        ("button_safety_lines", "lines"),
    )
    found = [
        button(wording.text(key), Button(Action.SAFE, f"{choice}-{suspected}"))
        for key, choice in choices
    ]
    return rows(found, 1)


def own_plan(wording: Wording) -> InlineKeyboardMarkup:
    """A way to the person's own plan."""
    return single(wording, "plan_your_plan_button", Button(Action.PLAN, "show"))


def keep_or_not(wording: Wording, entry_id: int) -> InlineKeyboardMarkup:
    """Keep a note in the journal, or not."""
    return rows(
        [
            button(wording.text("button_keep_note"), Button(Action.ENTRY, f"keep{entry_id}")),
            button(wording.text("button_dont_keep"), Button(Action.ENTRY, f"drop{entry_id}")),
        ],
        2,
    )


def undo_entry(wording: Wording, entry_id: int, known: bool = False) -> InlineKeyboardMarkup:
    """Undo keeping a reply, or mark it as something the person knows."""
    undo = button(wording.text("button_undo"), Button(Action.ENTRY, f"undo{entry_id}"))
    return InlineKeyboardMarkup([[undo, known_toggle(wording, entry_id, known)]])


def known_note(wording: Wording, entry_id: int) -> InlineKeyboardMarkup:
    """Under a note just kept: the quiet button that marks it as something the person knows."""
    return InlineKeyboardMarkup([[known_toggle(wording, entry_id, False)]])


def known_toggle(wording: Wording, entry_id: int, known: bool) -> InlineKeyboardButton:
    """The quiet button under a kept note: mark it as something the person knows, or unmark."""
    if known:
        return button(
            wording.text("button_known_marked"), Button(Action.KNOWN, f"unmark{entry_id}")
        )
    return button(wording.text("button_known"), Button(Action.KNOWN, f"mark{entry_id}"))


def steady_offer(wording: Wording) -> InlineKeyboardMarkup:
    """One button that opens /steady's three exercises; for any answer that offers them."""
    return InlineKeyboardMarkup([[steady_button(wording)]])


def steady_button(wording: Wording) -> InlineKeyboardButton:
    """The button that opens /steady, to add to another keyboard."""
    return button(wording.text("button_steady"), Button(Action.STEADY, "menu"))


def journal_pages(
    wording: Wording, *, newer: int | None, older: int | None
) -> InlineKeyboardMarkup | None:
    """Newer and Older buttons, each carrying the entry its page starts beside."""
    choices = []
    if newer is not None:
        choices.append(button(wording.text("button_newer"), Button(Action.JOURNAL, f"n{newer}")))
    if older is not None:
        choices.append(button(wording.text("button_older"), Button(Action.JOURNAL, f"o{older}")))
    return rows(choices, 2) if choices else None


def delete_choice(wording: Wording) -> InlineKeyboardMarkup:
    """Erase everything, erase and clear the chat, or cancel."""
    return InlineKeyboardMarkup(
        [
            [button(wording.text("button_delete_all"), Button(Action.DELETE, "all"))],
            [button(wording.text("button_delete_clear"), Button(Action.DELETE, "clear"))],
            [button(wording.text("button_cancel"), Button(Action.DELETE, "cancel"))],
        ]
    )


def plan_step(wording: Wording, part: PlanPart, step: bool) -> InlineKeyboardMarkup:
    """Under a question of the plan: skip it (while writing the plan), or finish for now."""
    finish = button(wording.text("plan_finish_button"), Button(Action.PLAN, "finish"))
    if not step:
        return InlineKeyboardMarkup([[finish]])
    skip = button(wording.text("plan_skip_button"), Button(Action.PLAN, f"skip-{part}"))
    return rows([skip, finish], 2)


def plan_services(wording: Wording, part: PlanPart) -> InlineKeyboardMarkup:
    """Under the lines put into the plan: keep them, leave them out, skip, or finish."""
    return rows(
        [
            button(wording.text("plan_keep_lines_button"), Button(Action.PLAN, f"keep-{part}")),
            button(wording.text("plan_drop_lines_button"), Button(Action.PLAN, f"drop-{part}")),
            button(wording.text("plan_finish_button"), Button(Action.PLAN, "finish")),
        ],
        2,
    )


def plan_actions(wording: Wording) -> InlineKeyboardMarkup:
    """Under the whole plan: carry on writing it, or change a part."""
    return rows(
        [
            button(wording.text("plan_carry_on_button"), Button(Action.PLAN, "carry")),
            button(wording.text("plan_change_button"), Button(Action.PLAN, "change")),
        ],
        2,
    )


def plan_parts(wording: Wording) -> InlineKeyboardMarkup:
    """One button for each part of the plan, to change it."""
    return rows(
        [
            button(wording.text(f"plan_part_{part}"), Button(Action.PLAN, f"edit-{part}"))
            for part in PlanPart
        ],
        1,
    )
