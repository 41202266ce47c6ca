"""Pause, resume, skip, settings, silent delivery, stop and erase; and noticing a block."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from telegram import ChatMember, Update

from bot import keyboards
from bot.callback_data import Button
from bot.chat import (
    chat_of,
    command_argument,
    find_person,
    now,
    person_session,
    retire_buttons,
    say,
)
from bot.context import WithinContext
from bot.wording.schedule import next_line, summary, when
from scheduler.parsing import parse_pause_days
from states.kinds import PersonStatus
from storage.journal import erase_person
from storage.models import Person
from storage.people import get_person
from timing.local import local_date, local_instant, zone
from usecases.planning import replan as refresh_schedule


async def settings_command(update: Update, context: WithinContext) -> None:
    """/settings: a summary with buttons for every change."""
    person = await find_person(update, context)
    if person is None:
        await say(update, context, context.wording.text("not_started_yet"))
        return
    paused = person.status == PersonStatus.PAUSED or (
        person.paused_until is not None and person.paused_until > now(context)
    )
    text = summary(context.wording, person, now(context))
    markup = keyboards.settings(context.wording, paused, person.checkins)
    await say(update, context, text, markup)


async def pause_command(update: Update, context: WithinContext) -> None:
    """/pause asks how long; /pause 5d or /pause 2w pauses at once."""
    typed = command_argument(context)
    if not typed:
        await say(
            update, context, context.wording.text("ask_pause"), keyboards.pauses(context.wording)
        )
        return
    days = parse_pause_days(typed)
    if days is None:
        await say(update, context, context.wording.text("pause_not_understood"))
        return
    await pause(update, context, days)


async def on_pause_button(update: Update, context: WithinContext, pressed: Button) -> None:
    """A pause length chosen by button: 1 to 999 days (the codec's bound), or until resumed."""
    await retire_buttons(update)
    if pressed.arg == "open":
        await pause(update, context, None)
    elif pressed.number <= 365:
        await pause(update, context, pressed.number)


async def pause(update: Update, context: WithinContext, days: int | None) -> None:
    """Pause for some days (None: until they resume), and confirm when reflections return."""
    async with person_session(update, context) as (session, person):
        if days is None:
            person.status, person.paused_until = PersonStatus.PAUSED, None
        else:
            person.status = PersonStatus.ACTIVE
            person.paused_until = _start_of_day_after(person, now(context), days)
        await refresh_schedule(session, person, now(context))
    wording = context.wording
    if days is None:
        await say(update, context, wording.text("paused_open"))
        return
    text = wording.text("paused_for") + "\n\n" + next_line(wording, person, now(context))
    await say(update, context, text)


def _start_of_day_after(person: Person, at: datetime, days: int) -> datetime:
    """Return local midnight `days` days after today: a 1-day pause covers just today."""
    resume_on = local_date(at, person.timezone) + timedelta(days=days)
    return local_instant(resume_on, time(0), zone(person.timezone))


async def resume_command(update: Update, context: WithinContext) -> None:
    """/resume: end any pause."""
    async with person_session(update, context) as (session, person):
        was_paused = person.status == PersonStatus.PAUSED or person.paused_until is not None
        if person.status == PersonStatus.PAUSED:
            person.status = PersonStatus.ACTIVE
        person.paused_until = None
        await refresh_schedule(session, person, now(context))
    key = "resumed" if was_paused else "not_paused"
    text = context.wording.text(key) + "\n\n" + next_line(context.wording, person, now(context))
    await say(update, context, text)


async def on_resume_button(update: Update, context: WithinContext, pressed: Button) -> None:
    """Resume, from /settings."""
    await retire_buttons(update)
    await resume_command(update, context)


async def skip_command(update: Update, context: WithinContext) -> None:
    """/skip: skip the next reflection only."""
    async with person_session(update, context) as (session, person):
        upcoming = person.next_delivery_at
        if upcoming is not None:
            person.skip_through = local_date(upcoming, person.timezone)
            await refresh_schedule(session, person, now(context))
    wording = context.wording
    if upcoming is None:
        first = wording.text("nothing_to_skip")
    else:
        first = wording.text("skipped", when=when(upcoming, person.timezone))
    await say(update, context, first + "\n\n" + next_line(wording, person, now(context)))


async def on_skip_button(update: Update, context: WithinContext, pressed: Button) -> None:
    """Skip, from /settings."""
    await retire_buttons(update)
    await skip_command(update, context)


async def on_silent_button(update: Update, context: WithinContext, pressed: Button) -> None:
    """Turn silent delivery (no sound or vibration) on or off."""
    await retire_buttons(update)
    async with person_session(update, context) as (_, person):
        person.silent = not person.silent
    await say(update, context, context.wording.text("silent_on" if person.silent else "silent_off"))


async def stop_command(update: Update, context: WithinContext) -> None:
    """/stop: stop reflections at once, then ask whether to keep or erase what is stored."""
    async with context.database.sessions.begin() as session:
        person = await get_person(session, chat_of(update))
        if person is not None:
            person.status, person.awaiting = PersonStatus.STOPPED, None
            person.next_delivery_at = None
    if person is None:
        await say(update, context, context.wording.text("not_started"))
        return
    markup = keyboards.stop_choice(context.wording)
    await say(update, context, context.wording.text("stopped"), markup)


async def on_stop_button(update: Update, context: WithinContext, pressed: Button) -> None:
    """Stop, from /settings."""
    await retire_buttons(update)
    await stop_command(update, context)


async def on_erase_button(update: Update, context: WithinContext, pressed: Button) -> None:
    """Keep or erase everything stored about the person, as they chose after /stop."""
    await retire_buttons(update)
    erase = pressed.arg == "yes"
    async with context.database.sessions.begin() as session:
        person = await get_person(session, chat_of(update))
        # Only right after /stop: an Erase button left on an old message must not erase later.
        if person is None or person.status != PersonStatus.STOPPED:
            await say(update, context, context.wording.text("old_button"))
            return
        if erase:
            await erase_person(session, person.chat_id)
    if erase:
        await context.database.forget_deleted()
    await say(update, context, context.wording.text("erased" if erase else "kept"))


async def on_membership(update: Update, context: WithinContext) -> None:
    """When someone blocks the bot, stop scheduling them; their data stays for /start."""
    change, chat = update.my_chat_member, update.effective_chat
    if change is None or chat is None or chat.type != chat.PRIVATE:
        return
    if change.new_chat_member.status not in (ChatMember.BANNED, ChatMember.LEFT):
        return
    async with context.database.sessions.begin() as session:
        person = await get_person(session, chat.id)
        if person is not None and person.status != PersonStatus.STOPPED:
            person.status, person.next_delivery_at = PersonStatus.BLOCKED, None
