"""Time of day, time zone and days: set-up steps, commands, buttons and typed answers."""

from __future__ import annotations

from datetime import time

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update

from bot import keyboards
from bot.context import WithinContext
from bot.handlers.common import command_argument, now, retire_buttons, say
from bot.wording.schedule import clock, days_label, next_line, when, zone_time
from scheduler.parsing import parse_time
from scheduler.places import find_zone
from scheduler.planning import refresh_schedule
from scheduler.timing import EVERY_DAY, WEEKDAYS, WEEKENDS, zone
from storage.models import Person
from storage.people import get_person

DAY_SETS = {"all": EVERY_DAY, "weekdays": WEEKDAYS, "weekends": WEEKENDS}


async def _person(session: AsyncSession, update: Update) -> Person | None:
    return await get_person(session, update.effective_chat.id)


async def ask(update: Update, context: WithinContext, what: str, setup: bool) -> None:
    """Ask for a time, a zone or days, remembering in the database what a typed answer means."""
    awaiting = {"time": "time", "tz": "tz"}.get(what)
    async with context.database.sessions.begin() as session:
        person = await _person(session, update)
        if person is None:
            await say(update, context, context.wording.text("not_started_yet"))
            return
        person.awaiting = f"{awaiting}+" if awaiting and setup else awaiting
    wording = context.wording
    if what == "time":
        await say(update, context, wording.text("ask_time"), keyboards.times(setup))
    elif what == "tz":
        markup = keyboards.zones(context.resources.places, setup)
        await say(update, context, wording.text("ask_zone"), markup)
    else:
        await say(update, context, wording.text("ask_days"), keyboards.days(wording, setup))


async def time_command(update: Update, context: WithinContext) -> None:
    """/time, or /time 7:30."""
    typed = command_argument(context)
    if not typed:
        await ask(update, context, "time", setup=False)
        return
    await answer_time(update, context, typed, setup=False)


async def timezone_command(update: Update, context: WithinContext) -> None:
    """/timezone, or /timezone Dublin."""
    typed = command_argument(context)
    if not typed:
        await ask(update, context, "tz", setup=False)
        return
    await answer_zone(update, context, typed, setup=False)


async def days_command(update: Update, context: WithinContext) -> None:
    """/days."""
    await ask(update, context, "days", setup=False)


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
    async with context.database.sessions.begin() as session:
        person = await _person(session, update)
        if person is None:
            await say(update, context, context.wording.text("not_started_yet"))
            return
        person.send_time, person.awaiting = chosen, None
        setup = setup and not person.setup_complete
        await refresh_schedule(session, person, now(context))
    if setup:
        await ask(update, context, "tz", setup=True)
        return
    text = context.wording.text("time_set", time=clock(chosen))
    await say(update, context, text + "\n\n" + next_line(context.wording, person, now(context)))


async def set_zone(update: Update, context: WithinContext, chosen: str, setup: bool) -> None:
    zone(chosen)  # only known zones reach here; this raises if one does not
    async with context.database.sessions.begin() as session:
        person = await _person(session, update)
        if person is None:
            await say(update, context, context.wording.text("not_started_yet"))
            return
        person.timezone, person.awaiting = chosen, None
        if person.country is None:
            person.country = context.resources.directory.for_zone(chosen)
        setup = setup and not person.setup_complete
        await refresh_schedule(session, person, now(context))
    if setup:
        await ask(update, context, "days", setup=True)
        return
    text = context.wording.text("zone_set", zone=zone_time(chosen))
    await say(update, context, text + "\n\n" + next_line(context.wording, person, now(context)))


async def set_days(update: Update, context: WithinContext, days: int, setup: bool) -> None:
    async with context.database.sessions.begin() as session:
        person = await _person(session, update)
        if person is None:
            await say(update, context, context.wording.text("not_started_yet"))
            return
        person.days = days
        finishing = setup and not person.setup_complete
        asking_country = finishing and person.country is None
        if not asking_country:
            person.setup_complete = True
        await refresh_schedule(session, person, now(context))
    wording = context.wording
    if asking_country:
        directory = context.resources.directory
        markup = keyboards.countries(wording, directory, "country", setup=True)
        await say(update, context, wording.text("ask_country"), markup)
    elif finishing:
        await finish_setup(update, context)
    else:
        text = wording.text("days_set", days=days_label(wording, days))
        await say(update, context, text + "\n\n" + next_line(wording, person, now(context)))


async def finish_setup(update: Update, context: WithinContext) -> None:
    """Complete set-up: say when the first reflection comes, and where urgent help is."""
    async with context.database.sessions.begin() as session:
        person = await _person(session, update)
        if person is None:
            return
        person.setup_complete = True
        await refresh_schedule(session, person, now(context))
    wording, directory = context.wording, context.resources.directory
    if person.country in directory.countries:
        sos = wording.text("setup_sos_country", country=directory.country(person.country).name)
    else:
        sos = wording.text("setup_sos_anywhere")
    if person.next_delivery_at is None:
        await say(update, context, sos)
        return
    text = wording.text("setup_done", when=when(person.next_delivery_at, person.timezone), sos=sos)
    await say(update, context, text, keyboards.single(wording, "button_today", "today:"))


# --- buttons ------------------------------------------------------------------------------------


async def on_time_button(update: Update, context: WithinContext, arg: str, setup: bool) -> None:
    await retire_buttons(update)
    chosen = parse_time(f"{arg[:2]}:{arg[2:]}") if len(arg) == 4 else None
    if chosen is None:
        await say(update, context, context.wording.text("time_not_understood"))
        return
    await set_time(update, context, chosen, setup)


async def on_zone_button(update: Update, context: WithinContext, arg: str, setup: bool) -> None:
    await retire_buttons(update)
    answer = find_zone(arg, context.resources.places, now(context))
    if answer.zone != arg:
        await say(update, context, context.wording.text("zone_not_understood"))
        return
    await set_zone(update, context, arg, setup)


async def on_days_button(update: Update, context: WithinContext, arg: str, setup: bool) -> None:
    query = update.callback_query
    if arg == "choose":
        await query.answer()
        async with context.database.sessions() as session:
            person = await _person(session, update)
        chosen = person.days if person else EVERY_DAY
        markup = keyboards.day_toggles(context.wording, chosen, setup)
        await query.edit_message_text(context.wording.text("ask_choose_days"), reply_markup=markup)
        return
    await retire_buttons(update)
    if arg == "done":
        async with context.database.sessions() as session:
            person = await _person(session, update)
        await set_days(update, context, person.days if person else EVERY_DAY, setup)
    elif arg in DAY_SETS:
        await set_days(update, context, DAY_SETS[arg], setup)


async def on_day_toggle(update: Update, context: WithinContext, arg: str, setup: bool) -> None:
    """Toggle one day on the day picker; at least one day always stays chosen."""
    query = update.callback_query
    if not (arg.isdigit() and 0 <= int(arg) <= 6):
        await query.answer()
        return
    async with context.database.sessions.begin() as session:
        person = await _person(session, update)
        if person is None:
            await query.answer(context.wording.text("not_started_yet"))
            return
        toggled = person.days ^ (1 << int(arg))
        if not toggled:
            await query.answer(context.wording.text("days_at_least_one"), show_alert=True)
            return
        person.days = toggled
        if person.setup_complete:
            await refresh_schedule(session, person, now(context))
    await query.answer()
    await query.edit_message_reply_markup(keyboards.day_toggles(context.wording, toggled, setup))
