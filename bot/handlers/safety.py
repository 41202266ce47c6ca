"""/sos, /support and /country, and a gentle answer to crisis language in anything written."""

from __future__ import annotations

import contextlib
from datetime import UTC

from telegram import Update

from bot import keyboards, steady_keyboards
from bot.callback_data import Action, Button
from bot.chat import (
    NotStarted,
    chat_of,
    command_argument,
    find_someone,
    now,
    retire_buttons,
    say,
    without_database,
)
from bot.context import WithinContext
from bot.questions import ask_if_safe
from bot.setup_steps import ask_discreet
from bot.wording import safety as safety_text
from safety.assess import NOTHING, Answer
from safety.directory import Directory
from usecases import crisis, known, people, plan
from usecases.people import Someone


async def _reachable(update: Update, context: WithinContext) -> Someone | None:
    """Return the person, or None if the database cannot answer: for answers that never wait."""
    return await without_database(context, find_someone(update, context), None)


def _code(update: Update, context: WithinContext, someone: Someone | None) -> str | None:
    """Return a person's country; if they could not be loaded, the one last seen for the chat."""
    if someone is not None:
        return someone.country
    return context.resources.countries.get(chat_of(update))


async def _country_code(update: Update, context: WithinContext) -> str | None:
    return _code(update, context, await _reachable(update, context))


def _chosen(pressed: Button, directory: Directory) -> str | None:
    """Return the country a button names, or None for "somewhere else" (or one no longer listed)."""
    return pressed.arg if pressed.arg in directory.countries else None


async def sos_command(update: Update, context: WithinContext) -> None:
    """Answer at once, for anyone: their own plan first, then emergency, crisis, abuse lines."""
    directory = context.resources.directory
    wording = context.wording
    person = await _reachable(update, context)  # answered all the same
    code = _code(update, context, person)
    known = code in directory.countries
    text = safety_text.sos(wording, directory.country(code), known, directory.nations(code or ""))
    planned = person is not None and await _planned(context, person.chat_id)
    if planned:
        text = wording.text("plan_in_sos") + "\n\n" + text
    await say(update, context, text, keyboards.sos(wording, directory, known, planned))


async def _planned(context: WithinContext, chat_id: int) -> bool:
    """Tell whether someone has a plan; while the database is away, answer without it."""
    return await without_database(context, plan.has_plan(context.work, chat_id), False)


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
    typed = command_argument(context)
    directory = context.resources.directory
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
    await crisis.choose_country(context.work, chat_of(update), code)
    context.resources.countries[chat_of(update)] = code


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
    person = await _reachable(update, context)  # answered all the same
    pending = person.pending if person else None
    found = await context.resources.crisis.assess(text)
    context.assessment = found
    if found.answer is None:
        return
    if found.crisis and pending is not None:
        forgetting = people.forget_question(context.work, chat_of(update))
        await without_database(context, forgetting, None)
    if found.answer is Answer.ASK:
        asking = crisis.note_safety_question(context.work, chat_of(update), now(context))
        if not await without_database(context, asking, True):
            return
        await ask_if_safe(update, context, found.kinds)
        return
    turn = 0
    if found.answer is Answer.DISTRESS:
        answering = crisis.note_distress_answer(context.work, chat_of(update), now(context))
        if not await without_database(context, answering, True):
            return
        turn = now(context).astimezone(UTC).date().toordinal()
    country = context.resources.directory.country(_code(update, context, person))
    planned = (
        "self" in found.kinds and person is not None and await _planned(context, person.chat_id)
    )
    kinds = found.kinds if found.answer is Answer.FULL else ("distress",)
    answer = safety_text.crisis_reply(context.wording, kinds, country, turn, has_plan=planned)
    offer = keyboards.steady_offer(context.wording) if found.answer is Answer.DISTRESS else None
    await say(update, context, answer, offer)


async def on_safety_button(update: Update, context: WithinContext, pressed: Button) -> None:
    """ "I'm safe" gets one kind line; "Not really" the full answer and the plan; or the lines.

    Nothing about the answer is stored.
    """
    await retire_buttons(update)
    choice, _, suspected = pressed.arg.partition("-")
    person = await _reachable(update, context)  # answered all the same
    wording = context.wording
    directory = context.resources.directory
    code = _code(update, context, person)
    country = directory.country(code)
    if choice == "safe":  # something to steady them, and once, what they already know
        offer = await known.offer_known_once(context.work, person.chat_id) if person else False
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


async def _unchanged(update: Update, context: WithinContext, text: str) -> bool:
    """Tell whether an edited message still says what its journal entry holds."""
    message = update.edited_message
    if message is None or context.resources.cipher is None:
        return False
    return await crisis.says_the_same(context.work, message.chat_id, message.message_id, text)
