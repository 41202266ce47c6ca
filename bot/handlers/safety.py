"""/sos, /support and /country, and a gentle answer to crisis language in anything written."""

from __future__ import annotations

import contextlib

from telegram import Update

from bot import keyboards, steady_keyboards
from bot.callback_data import Action, Button
from bot.chat import (
    NotStarted,
    chat_of,
    command_argument,
    known_country,
    now,
    person_if_reachable,
    person_session,
    retire_buttons,
    say,
    without_database,
)
from bot.context import WithinContext
from bot.handlers.known import offer_known_once
from bot.handlers.plan import has_plan
from bot.setup_steps import ask_discreet
from bot.wording import safety as safety_text
from safety.assess import NOTHING, Answer
from safety.directory import Directory
from storage.journal import entry_for_message
from storage.marks import DISTRESS, SAFETY, first_today
from storage.people import get_person
from timing.local import local_date


async def _country_code(update: Update, context: WithinContext) -> str | None:
    person = await person_if_reachable(update, context)
    return known_country(update, context, person)


def _chosen(pressed: Button, directory: Directory) -> str | None:
    """Return the country a button names, or None for "somewhere else" (or one no longer listed)."""
    return pressed.arg if pressed.arg in directory.countries else None


async def sos_command(update: Update, context: WithinContext) -> None:
    """Answer at once, for anyone: their own plan first, then emergency, crisis, abuse lines."""
    directory, wording = context.resources.directory, context.wording
    person = await person_if_reachable(update, context)  # answered all the same
    code = known_country(update, context, person)
    known = code in directory.countries
    text = safety_text.sos(wording, directory.country(code), known, directory.nations(code or ""))
    planned = person is not None and await _planned(context, person.chat_id)
    if planned:
        text = wording.text("plan_in_sos") + "\n\n" + text
    await say(update, context, text, keyboards.sos(wording, directory, known, planned))


async def _planned(context: WithinContext, chat_id: int) -> bool:
    """Tell whether someone has a plan; while the database is away, answer without it."""
    return await without_database(context, has_plan(context, chat_id), False)


async def on_sos_button(update: Update, context: WithinContext, pressed: Button) -> None:
    """Show a chosen country's lines; remember the choice only for someone who has started."""
    await retire_buttons(update)
    directory = context.resources.directory
    code = _chosen(pressed, directory)
    with contextlib.suppress(NotStarted):  # someone not started yet is shown the lines all the same
        await _remember_country(update, context, code)
    text = safety_text.sos(
        context.wording, directory.country(code), code is not None, directory.nations(code or "")
    )
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
    """Check every text first, before any question it might answer; crisis language is answered.

    Risk to self or danger gets the full answer where the check is sure, else a short question
    whether the person is safe (once a day). A message that carried either never answers a
    pending question: the question is dropped and the words are kept as a note, like any other.
    Distress gets one short answer a day.
    """
    message = update.effective_message
    if message is None:
        return
    text = message.text or message.caption or ""
    if update.edited_message is not None and await without_database(
        context, _unchanged(update, context, text), False
    ):
        context.assessment = NOTHING
        return
    person = await person_if_reachable(update, context)  # answered all the same
    pending = person.pending() if person else None
    found = await context.resources.crisis.assess(text)
    context.assessment = found
    if found.answer is None:
        return
    if found.crisis and pending is not None:
        await without_database(context, _drop_question(update, context), None)
    if found.answer is Answer.ASK:
        if not await without_database(context, _first_today(update, context, SAFETY), True):
            return
        await ask_if_safe(update, context, found.kinds)
        return
    turn = 0
    if found.answer is Answer.DISTRESS:
        unknown = (True, local_date(now(context), "UTC").toordinal())
        first, turn = await without_database(context, _first_today_turn(update, context), unknown)
        if not first:
            return
    country = context.resources.directory.country(known_country(update, context, person))
    planned = (
        "self" in found.kinds and person is not None and await _planned(context, person.chat_id)
    )
    kinds = found.kinds if found.answer is Answer.FULL else ("distress",)
    answer = safety_text.crisis_reply(context.wording, kinds, country, turn, has_plan=planned)
    steadying = keyboards.steady_offer(context.wording) if found.answer is Answer.DISTRESS else None
    await say(update, context, answer, steadying)


async def ask_if_safe(
    update: Update, context: WithinContext, kinds: tuple[str, ...], key: str = "safety_question"
) -> None:
    """Ask, gently and once, whether the person is safe right now; the buttons say what next."""
    suspected = kinds[0] if len(kinds) == 1 else "both"
    await say(
        update,
        context,
        context.wording.text(key),
        keyboards.safety_question(context.wording, suspected),
    )


async def on_safety_button(update: Update, context: WithinContext, pressed: Button) -> None:
    """ "I'm safe" gets one kind line; "Not really" the full answer and the plan; or the lines.

    Nothing about the answer is stored.
    """
    await retire_buttons(update)
    choice, _, suspected = pressed.arg.partition("-")
    person = await person_if_reachable(update, context)  # answered all the same
    wording, directory = context.wording, context.resources.directory
    code = known_country(update, context, person)
    country = directory.country(code)
    if choice == "safe":  # something to steady them, and once, what they already know
        offer = await offer_known_once(context, person.chat_id) if person else False
        markup = steady_keyboards.steadying_offer(wording, offer_known=offer)
        await say(update, context, wording.text("safety_answer_safe"), markup)
        return
    if choice == "lines":
        text = safety_text.sos(wording, country, code is not None, directory.nations(code or ""))
        await say(update, context, text)
        return
    kinds = ("self", "danger") if suspected == "both" else (suspected,)
    planned = person is not None and await _planned(context, person.chat_id)
    answer = safety_text.crisis_reply(wording, kinds, country, has_plan=planned)
    await say(update, context, answer, keyboards.own_plan(wording) if planned else None)


async def _drop_question(update: Update, context: WithinContext) -> None:
    """Let go of the pending question: crisis words are never taken as its answer."""
    async with context.database.sessions.begin() as session:
        person = await get_person(session, chat_of(update))
        if person is not None:
            person.awaiting = None


async def _unchanged(update: Update, context: WithinContext, text: str) -> bool:
    """Tell whether an edited message still says what its journal entry holds."""
    message, cipher = update.edited_message, context.resources.cipher
    if message is None or cipher is None:
        return False
    async with context.database.sessions() as session:
        entry = await entry_for_message(session, message.chat_id, message.message_id)
    return entry is not None and cipher.read(entry.ciphertext, entry.owner) == text


async def _first_today(update: Update, context: WithinContext, kind: str) -> bool:
    """Note today for this kind (storage.marks: a keyed mark, never the date); tell whether it
    was not noted already.

    Someone who has not started has nowhere to keep the mark: for them it is always the first.
    """
    cipher = context.resources.cipher
    assert cipher is not None  # set at start
    async with context.database.sessions.begin() as session:
        person = await get_person(session, chat_of(update))
        if person is None:
            return True
        return first_today(cipher, person, kind, local_date(now(context), person.timezone))


async def _first_today_turn(update: Update, context: WithinContext) -> tuple[bool, int]:
    """Note today's distress answer; return whether it is the first, and whose turn it is."""
    first = await _first_today(update, context, DISTRESS)
    return first, local_date(now(context), "UTC").toordinal()
