"""Typed text: an answer to a question the bot asked, or else something for the journal."""

from __future__ import annotations

from telegram import Update

from bot.context import WithinContext
from bot.handlers.common import say
from bot.handlers.journal import keep_text
from bot.handlers.schedule import answer_time, answer_zone
from bot.handlers.start import not_understood
from storage.people import get_person


async def on_text(update: Update, context: WithinContext) -> None:
    """Route typed text by what the bot is waiting for from this person (kept in the database)."""
    async with context.database.sessions() as session:
        person = await get_person(session, update.effective_chat.id)
    awaiting = person.awaiting if person else None
    typed = update.effective_message.text or ""
    if awaiting in ("time", "time+"):
        await answer_time(update, context, typed, setup=awaiting.endswith("+"))
    elif awaiting in ("tz", "tz+"):
        await answer_zone(update, context, typed, setup=awaiting.endswith("+"))
    elif not await keep_text(update, context):
        await not_understood(update, context)


async def on_media(update: Update, context: WithinContext) -> None:
    """Photos, stickers, voice notes and the like: explain gently that only text is read."""
    async with context.database.sessions() as session:
        person = await get_person(session, update.effective_chat.id)
    key = "media_while_asking" if person and person.awaiting else "media_not_kept"
    await say(update, context, context.wording.text(key))
