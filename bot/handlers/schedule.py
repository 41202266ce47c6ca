"""Time of day, time zone and days: set-up steps, commands, buttons and typed answers."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import time
from typing import Any

from telegram import Update

from bot import keyboards
from bot.callback_data import Action, Button
from bot.chat import (
    acknowledge,
    chat_of,
    command_argument,
    find_someone,
    now,
    retire_buttons,
    say,
)
from bot.context import WithinContext
from bot.setup_steps import ask, ask_discreet, remember_country
from bot.wording.schedule import clock, days_label, next_line, zone_time
from timing.local import EVERY_DAY, WEEKDAYS, WEEKENDS
from timing.parsing import parse_time
from timing.places import find_zone
from usecases import schedule

TypedAnswer = Callable[[Update, WithinContext, str, bool], Coroutine[Any, Any, None]]
DAY_SETS = {"all": EVERY_DAY, "weekdays": WEEKDAYS, "weekends": WEEKENDS}


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
    wording = context.wording
    places = context.resources.places
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
    done = await schedule.set_time(context.work, chat_of(update), chosen, now(context), setup)
    if done.setting_up:
        await ask(update, context, Action.ZONE, setup=True)
        return
    text = context.wording.text("time_set", time=clock(chosen))
    line = next_line(context.wording, done.someone, now(context))
    await say(update, context, text + "\n\n" + line)


async def set_zone(update: Update, context: WithinContext, chosen: str, setup: bool) -> None:
    """Store a time zone (and the country it implies); during set-up, ask for days next."""
    country = context.resources.directory.for_zone(chosen)
    done = await schedule.set_zone(
        context.work, chat_of(update), chosen, country, now(context), setup
    )
    remember_country(context, done.someone)
    if done.setting_up:
        await ask(update, context, Action.DAYS, setup=True)
        return
    text = context.wording.text("zone_set", zone=zone_time(chosen))
    line = next_line(context.wording, done.someone, now(context))
    await say(update, context, text + "\n\n" + line)


async def set_days(update: Update, context: WithinContext, days: int, setup: bool) -> None:
    """Store the days; during set-up, ask for the country if unknown, else finish."""
    done = await schedule.set_days(context.work, chat_of(update), days, now(context), setup)
    wording = context.wording
    if done.asking_country:
        directory = context.resources.directory
        markup = keyboards.countries(wording, directory, Action.COUNTRY, setup=True)
        await say(update, context, wording.text("ask_country"), markup)
    elif done.finishing:
        await ask_discreet(update, context)
    else:
        text = wording.text("days_set", days=days_label(wording, days))
        await say(update, context, text + "\n\n" + next_line(wording, done.someone, now(context)))


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
        someone = await find_someone(update, context)
        chosen = someone.days if someone else EVERY_DAY
        markup = keyboards.day_toggles(context.wording, chosen, pressed.setup)
        await query.edit_message_text(context.wording.text("ask_choose_days"), reply_markup=markup)
        return
    await retire_buttons(update)
    if pressed.arg == "done":
        someone = await find_someone(update, context)
        await set_days(update, context, someone.days if someone else EVERY_DAY, pressed.setup)
    else:
        await set_days(update, context, DAY_SETS[pressed.arg], pressed.setup)


async def on_day_toggle(update: Update, context: WithinContext, pressed: Button) -> None:
    """Toggle one day on the day picker; at least one day always stays chosen."""
    query = update.callback_query
    if query is None:
        return
    toggled = await schedule.toggle_day(context.work, chat_of(update), pressed.number, now(context))
    if toggled is None:
        await acknowledge(update, context, context.wording.text("days_at_least_one"), alert=True)
        return
    await acknowledge(update, context)
    await query.edit_message_reply_markup(
        keyboards.day_toggles(context.wording, toggled, pressed.setup)
    )


async def on_ask_button(update: Update, context: WithinContext, pressed: Button) -> None:
    """Ask how long to pause, or for a new time, zone or days."""
    await retire_buttons(update)
    if pressed.arg == "pause":
        wording = context.wording
        await say(update, context, wording.text("ask_pause"), keyboards.pauses(wording))
    else:
        await ask(update, context, Action(pressed.arg), setup=False)
