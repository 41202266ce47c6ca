"""Typed text: an answer to a question the bot asked, or else something for the journal."""

from __future__ import annotations

from telegram import Update

from bot.context import WithinContext
from bot.handlers.checkins import weeks_command
from bot.handlers.common import find_person, forget_question, say
from bot.handlers.journal import export_command, journal_command, keep_text
from bot.handlers.lock import answer_passcode, looks_like_passcode
from bot.handlers.plan import answer_part, plan_command
from bot.handlers.schedule import answer_time, answer_zone
from bot.handlers.start import not_understood
from storage.models import Awaiting

# What a right passcode opens: the step that asked for it goes on.
UNLOCKS = {
    Awaiting.PASSCODE_JOURNAL: journal_command,
    Awaiting.PASSCODE_EXPORT: export_command,
    Awaiting.PASSCODE_PLAN: plan_command,
    Awaiting.PASSCODE_WEEKS: weeks_command,
}


async def on_text(update: Update, context: WithinContext) -> None:
    """Route typed text by what the bot is waiting for from this person (kept in the database)."""
    person = await find_person(update, context)
    awaiting = person.pending() if person else None
    message = update.effective_message
    typed = message.text or "" if message else ""
    if awaiting in (Awaiting.TIME, Awaiting.TIME_SETUP):
        await answer_time(update, context, typed, setup=awaiting.setup)
    elif awaiting in (Awaiting.ZONE, Awaiting.ZONE_SETUP):
        await answer_zone(update, context, typed, setup=awaiting.setup)
    elif awaiting is not None and awaiting.plan_part is not None:
        await answer_part(update, context, awaiting)
    elif awaiting is not None and awaiting.passcode and looks_like_passcode(typed):
        await answer_passcode(update, context, awaiting, UNLOCKS)
    else:
        if awaiting is not None and awaiting.passcode:  # longer writing: not a passcode
            await forget_question(update, context)
        if not await keep_text(update, context):
            await not_understood(update, context)


async def on_media(update: Update, context: WithinContext) -> None:
    """Photos, stickers, voice notes and the like: explain gently that only text is read."""
    person = await find_person(update, context)
    key = "media_while_asking" if person and person.pending() else "media_not_kept"
    await say(update, context, context.wording.text(key))
