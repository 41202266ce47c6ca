"""Typed text: an answer to a question the bot asked, or else something for the journal."""

from __future__ import annotations

from telegram import Update

from bot.chat import find_person, say
from bot.context import WithinContext
from bot.fallback import not_understood
from bot.handlers import behind_lock
from bot.handlers.dates import answer_day, answer_label
from bot.handlers.journal import keep_text
from bot.handlers.lock import screen_text
from bot.handlers.plan import answer_part
from bot.handlers.schedule import answer_time, answer_zone
from states.awaiting import Question


async def on_text(update: Update, context: WithinContext) -> None:
    """Route typed text by what the bot is waiting for from this person (kept in the database).

    Anything that could be a passcode is taken first, deleted and never kept; an answer that
    would change what is behind the lock asks for the passcode instead.
    """
    person = await find_person(update, context)
    if person is not None and await screen_text(update, context, person, behind_lock.UNLOCKS):
        return
    person = await find_person(update, context)  # the passcode question may have been forgotten
    awaiting = person.pending() if person else None
    if not await behind_lock.may_go_on(update, context, behind_lock.for_answer(awaiting)):
        return
    message = update.effective_message
    typed = message.text or "" if message else ""
    question = awaiting.question if awaiting else None
    if awaiting is not None and question is Question.TIME:
        await answer_time(update, context, typed, setup=awaiting.step)
    elif awaiting is not None and question is Question.ZONE:
        await answer_zone(update, context, typed, setup=awaiting.step)
    elif question is Question.DATE_DAY:
        await answer_day(update, context, typed)
    elif question is Question.DATE_LABEL:
        await answer_label(update, context, typed)
    elif awaiting is not None and question is Question.PLAN:
        await answer_part(update, context, awaiting)
    elif not await keep_text(update, context):
        await not_understood(update, context)


async def on_media(update: Update, context: WithinContext) -> None:
    """Photos, stickers, voice notes and the like: explain gently that only text is read."""
    person = await find_person(update, context)
    key = "media_while_asking" if person and person.pending() else "media_not_kept"
    await say(update, context, context.wording.text(key))
