"""What several handlers share: asking for a time, a zone or days, and the end of set-up."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot import keyboards
from bot.callback_data import Action, Button
from bot.chat import chat_of, now, say
from bot.context import WithinContext
from bot.wording.schedule import when
from states.awaiting import time_question, zone_question
from usecases import schedule
from usecases.people import Someone

log = logging.getLogger(__name__)

TYPED_ANSWERS = {
    (Action.TIME, False): time_question(setup=False),
    (Action.TIME, True): time_question(setup=True),
    (Action.ZONE, False): zone_question(setup=False),
    (Action.ZONE, True): zone_question(setup=True),
}


def remember_country(context: WithinContext, someone: Someone) -> None:
    """Keep the person's country at hand, for crisis answers while the database is away."""
    context.resources.countries[someone.chat_id] = someone.country


async def ask(update: Update, context: WithinContext, what: Action, setup: bool) -> None:
    """Ask for a time, a zone or days, remembering in the database what a typed answer means."""
    await schedule.ask(context.work, chat_of(update), TYPED_ANSWERS.get((what, setup)))
    wording = context.wording
    if what == Action.TIME:
        await say(update, context, wording.text("ask_time"), keyboards.times(setup))
    elif what == Action.ZONE:
        markup = keyboards.zones(context.resources.places, setup)
        await say(update, context, wording.text("ask_zone"), markup)
    else:
        await say(update, context, wording.text("ask_days"), keyboards.days(wording, setup))


async def ask_discreet(update: Update, context: WithinContext) -> None:
    """The last question of set-up: might someone else see this phone or its notifications?"""
    markup = keyboards.discreet_choice(context.wording)
    await say(update, context, context.wording.text("ask_discreet"), markup)


async def finish_setup(update: Update, context: WithinContext) -> None:
    """Complete set-up: say when the first reflection comes, and where urgent help is."""
    finished = await schedule.finish_setup(context.work, chat_of(update), now(context))
    someone = finished.someone
    welcome = finished.welcome_message_id
    remember_country(context, someone)
    wording = context.wording
    directory = context.resources.directory
    if someone.discreet and welcome is not None:
        await _reword_welcome(context, someone.chat_id, welcome)
    if someone.country in directory.countries:
        sos = wording.text("setup_sos_country", country=directory.country(someone.country).name)
    else:
        sos = wording.text("setup_sos_anywhere")
    if someone.next_delivery_at is None:
        await say(update, context, sos)
        return
    first = when(someone.next_delivery_at, someone.timezone)
    text = wording.text("setup_done", when=first, sos=sos)
    await say(
        update, context, text, keyboards.single(wording, "button_today", Button(Action.TODAY))
    )


async def _reword_welcome(context: WithinContext, chat_id: int, message_id: int) -> None:
    """Put the neutral welcome in place of the one that says what Within is for."""
    try:
        await context.bot.edit_message_text(
            context.wording.text("welcome_discreet"),
            chat_id,
            message_id,
            parse_mode=ParseMode.HTML,
        )
    except BadRequest:  # already deleted by the person, or no longer there to edit
        log.info("the welcome could not be reworded")
