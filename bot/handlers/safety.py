"""/sos, /support and /country, and a gentle answer to crisis language in anything written."""

from __future__ import annotations

import contextlib

from telegram import Update

from bot import keyboards
from bot.callback_data import Action, Button
from bot.context import WithinContext
from bot.handlers.common import (
    NotStarted,
    chat_of,
    command_argument,
    find_person,
    now,
    person_session,
    retire_buttons,
    say,
)
from bot.handlers.lock import looks_like_passcode, question_open
from bot.handlers.plan import has_plan
from bot.handlers.schedule import ask_discreet
from bot.wording import safety as safety_text
from safety.directory import Directory
from scheduler.timing import local_date
from storage.journal import entry_for_message
from storage.models import Awaiting
from storage.people import get_person

DISTRESS_MARK = "distress"  # the kind of day mark kept for a distress answer


async def _country_code(update: Update, context: WithinContext) -> str | None:
    person = await find_person(update, context)
    return person.country if person else None


def _chosen(pressed: Button, directory: Directory) -> str | None:
    """Return the country a button names, or None for "somewhere else" (or one no longer listed)."""
    return pressed.arg if pressed.arg in directory.countries else None


async def sos_command(update: Update, context: WithinContext) -> None:
    """Answer at once, for anyone: their own plan first, then emergency, crisis, abuse lines."""
    directory, wording = context.resources.directory, context.wording
    person = await find_person(update, context)
    code = person.country if person else None
    known = code in directory.countries
    text = safety_text.sos(wording, directory.country(code), known)
    planned = person is not None and await has_plan(context, person.chat_id)
    if planned:
        text = wording.text("plan_in_sos") + "\n\n" + text
    await say(update, context, text, keyboards.sos(wording, directory, known, planned))


async def on_sos_button(update: Update, context: WithinContext, pressed: Button) -> None:
    """Show a chosen country's lines; remember the choice only for someone who has started."""
    await retire_buttons(update)
    directory = context.resources.directory
    code = _chosen(pressed, directory)
    with contextlib.suppress(NotStarted):  # someone not started yet is shown the lines all the same
        await _remember_country(update, context, code)
    text = safety_text.sos(context.wording, directory.country(code), code is not None)
    await say(update, context, text)


async def support_command(update: Update, context: WithinContext) -> None:
    """List longer-term support for partners."""
    directory = context.resources.directory
    country = directory.country(await _country_code(update, context))
    await say(update, context, safety_text.support(context.wording, directory, country))


async def country_command(update: Update, context: WithinContext) -> None:
    """/country shows buttons; /country Ireland sets it."""
    typed, directory = command_argument(context), context.resources.directory
    if not typed:
        markup = keyboards.countries(context.wording, directory, Action.COUNTRY, False)
        await say(update, context, context.wording.text("ask_country"), markup)
        return
    code = directory.find(typed)
    if code is None:
        await say(update, context, context.wording.text("country_not_understood"))
        return
    await set_country(update, context, code, setup=False)


async def on_country_button(update: Update, context: WithinContext, pressed: Button) -> None:
    """A country chosen by button, in set-up or from /country."""
    await retire_buttons(update)
    code = _chosen(pressed, context.resources.directory)
    await set_country(update, context, code, pressed.setup)


async def set_country(
    update: Update, context: WithinContext, code: str | None, setup: bool
) -> None:
    """Store the country (None: anywhere); during set-up, finish it."""
    await _remember_country(update, context, code)
    if setup:
        await ask_discreet(update, context)
        return
    if code is None:
        await say(update, context, context.wording.text("country_cleared"))
        return
    name = context.resources.directory.country(code).name
    await say(update, context, context.wording.text("country_set", country=name))


async def _remember_country(update: Update, context: WithinContext, code: str | None) -> None:
    async with person_session(update, context, stopped_too=True) as (_, person):
        person.country = code


async def check_for_crisis(update: Update, context: WithinContext) -> None:
    """Check every text once, first; answer crisis language warmly and let the normal flow go on.

    Distress gets one short answer a day at most; an edit that changes nothing is not checked.
    """
    message = update.effective_message
    if message is None:
        return
    text = message.text or message.caption or ""
    if update.edited_message is not None and await _unchanged(update, context, text):
        context.crisis_kinds = []
        return
    kinds = context.resources.detector.detect(text)
    context.crisis_kinds = kinds
    if not kinds:
        return
    person = await find_person(update, context)
    awaiting = Awaiting.stored(person.awaiting if person else None)
    if awaiting is not None and awaiting.plan_part is not None:
        return  # hard words written calmly into a safety plan are what a plan is for
    if person is not None and question_open(person, now(context)) and looks_like_passcode(text):
        return  # a passcode is not language; it is deleted unread by anyone
    turn = 0
    if kinds[0] == "distress":
        answered_today, turn = await _distress_answered_today(update, context)
        if answered_today:
            return
    directory = context.resources.directory
    country = directory.country(person.country if person else None)
    planned = kinds[0] == "self" and person is not None and await has_plan(context, person.chat_id)
    answer = safety_text.crisis_reply(context.wording, kinds[0], country, turn, has_plan=planned)
    await say(update, context, answer)


async def _unchanged(update: Update, context: WithinContext, text: str) -> bool:
    """Tell whether an edited message still says what its journal entry holds."""
    message, cipher = update.edited_message, context.resources.cipher
    if message is None or cipher is None:
        return False
    async with context.database.sessions() as session:
        entry = await entry_for_message(session, message.chat_id, message.message_id)
    return entry is not None and cipher.read(entry.ciphertext, entry.owner) == text


async def _distress_answered_today(update: Update, context: WithinContext) -> tuple[bool, int]:
    """Note today's distress answer; return whether one was given already, and whose turn it is.

    Someone who has not started has nowhere to keep the date: they are answered each time.
    """
    at = now(context)
    async with context.database.sessions.begin() as session:
        person = await get_person(session, chat_of(update))
        if person is None:
            return False, at.toordinal()
        today, cipher = local_date(at, person.timezone), context.resources.cipher
        assert cipher is not None  # set at start
        if cipher.marks_day(person.distress_mark, DISTRESS_MARK, person.chat_id, today):
            return True, 0
        person.distress_mark = cipher.day_mark(DISTRESS_MARK, person.chat_id, today)
    return False, today.toordinal()
