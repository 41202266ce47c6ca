"""Time of day, time zone and days: set-up steps, commands, buttons and typed answers."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from datetime import time
from typing import Any

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot import keyboards
from bot.callback_data import Action, Button
from bot.chat import (
    acknowledge,
    command_argument,
    find_person,
    now,
    person_session,
    retire_buttons,
    say,
)
from bot.context import WithinContext
from bot.wording.schedule import clock, days_label, next_line, when, zone_time
from scheduler.parsing import parse_time
from scheduler.places import find_zone
from states.awaiting import time_question, zone_question
from timing.local import EVERY_DAY, WEEKDAYS, WEEKENDS, zone
from usecases.planning import replan as refresh_schedule

log = logging.getLogger(__name__)

TypedAnswer = Callable[[Update, WithinContext, str, bool], Coroutine[Any, Any, None]]
DAY_SETS = {"all": EVERY_DAY, "weekdays": WEEKDAYS, "weekends": WEEKENDS}
TYPED_ANSWERS = {
    (Action.TIME, False): time_question(setup=False),
    (Action.TIME, True): time_question(setup=True),
    (Action.ZONE, False): zone_question(setup=False),
    (Action.ZONE, True): zone_question(setup=True),
}


async def ask(update: Update, context: WithinContext, what: Action, setup: bool) -> None:
    """Ask for a time, a zone or days, remembering in the database what a typed answer means."""
    async with person_session(update, context, stopped_too=True) as (_, person):
        person.awaiting = TYPED_ANSWERS.get((what, setup))
    wording = context.wording
    if what == Action.TIME:
        await say(update, context, wording.text("ask_time"), keyboards.times(setup))
    elif what == Action.ZONE:
        markup = keyboards.zones(context.resources.places, setup)
        await say(update, context, wording.text("ask_zone"), markup)
    else:
        await say(update, context, wording.text("ask_days"), keyboards.days(wording, setup))


async def time_command(update: Update, context: WithinContext) -> None:
    """/time, or /time 7:30."""
    await _typed_or_asked(update, context, Action.TIME, answer_time)


async def timezone_command(update: Update, context: WithinContext) -> None:
    """/timezone, or /timezone Dublin."""
    await _typed_or_asked(update, context, Action.ZONE, answer_zone)


async def _typed_or_asked(
    update: Update, context: WithinContext, what: Action, answer: TypedAnswer
) -> None:
    """Apply what was typed after the command, or ask when nothing was."""
    typed = command_argument(context)
    if typed:
        await answer(update, context, typed, False)
    else:
        await ask(update, context, what, setup=False)


async def days_command(update: Update, context: WithinContext) -> None:
    """/days."""
    await ask(update, context, Action.DAYS, setup=False)


async def answer_time(update: Update, context: WithinContext, typed: str, setup: bool) -> None:
    """Apply a typed time, or explain kindly what works."""
    chosen = parse_time(typed)
    if chosen is None:
        await say(update, context, context.wording.text("time_not_understood"))
        return
    await set_time(update, context, chosen, setup)


async def answer_zone(update: Update, context: WithinContext, typed: str, setup: bool) -> None:
    """Apply a typed zone, offer choices, or explain offsets and unknown places."""
    answer = find_zone(typed, context.resources.places, now(context))
    wording, places = context.wording, context.resources.places
    if answer.zone:
        await set_zone(update, context, answer.zone, setup)
    elif answer.offset:
        markup = keyboards.zones(places, setup, answer.choices) if answer.choices else None
        await say(update, context, wording.text("zone_is_offset"), markup)
    elif answer.choices:
        markup = keyboards.zones(places, setup, answer.choices)
        await say(update, context, wording.text("zone_choose"), markup)
    else:
        await say(update, context, wording.text("zone_not_understood"))


async def set_time(update: Update, context: WithinContext, chosen: time, setup: bool) -> None:
    """Store a time of day; during set-up, ask for the zone next."""
    async with person_session(update, context, stopped_too=True) as (session, person):
        person.send_time, person.awaiting = chosen, None
        setup = setup and not person.setup_complete
        await refresh_schedule(session, person, now(context))
    if setup:
        await ask(update, context, Action.ZONE, setup=True)
        return
    text = context.wording.text("time_set", time=clock(chosen))
    await say(update, context, text + "\n\n" + next_line(context.wording, person, now(context)))


async def set_zone(update: Update, context: WithinContext, chosen: str, setup: bool) -> None:
    """Store a time zone (and the country it implies); during set-up, ask for days next."""
    zone(chosen)  # only known zones reach here; this raises if one does not
    async with person_session(update, context, stopped_too=True) as (session, person):
        person.timezone, person.awaiting = chosen, None
        if person.country is None:
            person.country = context.resources.directory.for_zone(chosen)
        setup = setup and not person.setup_complete
        await refresh_schedule(session, person, now(context))
    if setup:
        await ask(update, context, Action.DAYS, setup=True)
        return
    text = context.wording.text("zone_set", zone=zone_time(chosen))
    await say(update, context, text + "\n\n" + next_line(context.wording, person, now(context)))


async def set_days(update: Update, context: WithinContext, days: int, setup: bool) -> None:
    """Store the days; during set-up, ask for the country if unknown, else finish."""
    async with person_session(update, context, stopped_too=True) as (session, person):
        person.days = days
        finishing = setup and not person.setup_complete
        asking_country = finishing and person.country is None
        if not asking_country:
            person.setup_complete = True
        await refresh_schedule(session, person, now(context))
    wording = context.wording
    if asking_country:
        directory = context.resources.directory
        markup = keyboards.countries(wording, directory, Action.COUNTRY, setup=True)
        await say(update, context, wording.text("ask_country"), markup)
    elif finishing:
        await ask_discreet(update, context)
    else:
        text = wording.text("days_set", days=days_label(wording, days))
        await say(update, context, text + "\n\n" + next_line(wording, person, now(context)))


async def ask_discreet(update: Update, context: WithinContext) -> None:
    """The last question of set-up: might someone else see this phone or its notifications?"""
    markup = keyboards.discreet_choice(context.wording)
    await say(update, context, context.wording.text("ask_discreet"), markup)


async def finish_setup(update: Update, context: WithinContext) -> None:
    """Complete set-up: say when the first reflection comes, and where urgent help is."""
    async with person_session(update, context, stopped_too=True) as (session, person):
        person.setup_complete = True
        welcome, person.welcome_message_id = person.welcome_message_id, None
        await refresh_schedule(session, person, now(context))
    wording, directory = context.wording, context.resources.directory
    if person.discreet and welcome is not None:
        await _reword_welcome(context, person.chat_id, welcome)
    if person.country in directory.countries:
        sos = wording.text("setup_sos_country", country=directory.country(person.country).name)
    else:
        sos = wording.text("setup_sos_anywhere")
    if person.next_delivery_at is None:
        await say(update, context, sos)
        return
    text = wording.text("setup_done", when=when(person.next_delivery_at, person.timezone), sos=sos)
    await say(
        update, context, text, keyboards.single(wording, "button_today", Button(Action.TODAY))
    )


async def _reword_welcome(context: WithinContext, chat_id: int, message_id: int) -> None:
    """Put the neutral welcome in place of the one that says what Within is for."""
    try:
        await context.bot.edit_message_text(
            context.wording.text("welcome_discreet"), chat_id, message_id,
            parse_mode=ParseMode.HTML,
        )  # fmt: skip
    except BadRequest:  # already deleted by the person, or no longer there to edit
        log.info("the welcome could not be reworded")


# --- buttons ------------------------------------------------------------------------------------


async def on_time_button(update: Update, context: WithinContext, pressed: Button) -> None:
    """A time of day chosen by button (the codec has checked it is a real HHMM)."""
    await retire_buttons(update)
    await set_time(update, context, time(int(pressed.arg[:2]), int(pressed.arg[2:])), pressed.setup)


async def on_zone_button(update: Update, context: WithinContext, pressed: Button) -> None:
    """A time zone chosen by button."""
    await retire_buttons(update)
    answer = find_zone(pressed.arg, context.resources.places, now(context))
    if answer.zone != pressed.arg:
        await say(update, context, context.wording.text("zone_not_understood"))
        return
    await set_zone(update, context, pressed.arg, pressed.setup)


async def on_days_button(update: Update, context: WithinContext, pressed: Button) -> None:
    """Every day, weekdays or weekends; or open the day picker; or finish it."""
    query = update.callback_query
    if query is None:
        return
    if pressed.arg == "choose":
        person = await find_person(update, context)
        chosen = person.days if person else EVERY_DAY
        markup = keyboards.day_toggles(context.wording, chosen, pressed.setup)
        await query.edit_message_text(context.wording.text("ask_choose_days"), reply_markup=markup)
        return
    await retire_buttons(update)
    if pressed.arg == "done":
        person = await find_person(update, context)
        await set_days(update, context, person.days if person else EVERY_DAY, pressed.setup)
    else:
        await set_days(update, context, DAY_SETS[pressed.arg], pressed.setup)


async def on_day_toggle(update: Update, context: WithinContext, pressed: Button) -> None:
    """Toggle one day on the day picker; at least one day always stays chosen."""
    query = update.callback_query
    if query is None:
        return
    async with person_session(update, context, stopped_too=True) as (session, person):
        toggled = person.days ^ (1 << pressed.number)
        if toggled:
            person.days = toggled
            if person.setup_complete:
                await refresh_schedule(session, person, now(context))
    if not toggled:
        await acknowledge(update, context, context.wording.text("days_at_least_one"), alert=True)
        return
    await acknowledge(update, context)
    await query.edit_message_reply_markup(
        keyboards.day_toggles(context.wording, toggled, pressed.setup)
    )
