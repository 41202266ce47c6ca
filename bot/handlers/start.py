"""/start, /help, /about and /stop."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ParseMode

from bot.context import WithinContext
from bot.schedule_text import describe_schedule
from storage.models import PersonStatus
from storage.people import ensure_person, get_person, set_status


async def start(update: Update, context: WithinContext) -> None:
    """Welcome someone new, welcome back someone returning, or show current settings."""
    chat_id = update.effective_chat.id
    settings = context.resources.settings
    async with context.database.sessions.begin() as session:
        person, created = await ensure_person(
            session, chat_id, settings.default_timezone, settings.default_send_time
        )
        returning = person.status != PersonStatus.ACTIVE
        if returning:
            await set_status(session, chat_id, PersonStatus.ACTIVE)
    schedule = describe_schedule(context.wording, person)
    key = "welcome" if created else "welcome_back" if returning else "already_started"
    await update.effective_message.reply_text(
        context.wording.raw(key, schedule=schedule), parse_mode=ParseMode.HTML
    )


async def help_command(update: Update, context: WithinContext) -> None:
    """Say what the bot is and list its commands."""
    await update.effective_message.reply_text(
        context.wording.text("help"), parse_mode=ParseMode.HTML
    )


async def about(update: Update, context: WithinContext) -> None:
    """Say where the reflections come from, citing the document's closing line."""
    library = context.resources.library
    await update.effective_message.reply_text(
        context.wording.text("about", count=len(library.reflections)), parse_mode=ParseMode.HTML
    )


async def stop(update: Update, context: WithinContext) -> None:
    """Stop reflections; nothing stored is erased."""
    chat_id = update.effective_chat.id
    async with context.database.sessions.begin() as session:
        person = await get_person(session, chat_id)
        if person is not None:
            await set_status(session, chat_id, PersonStatus.STOPPED)
    key = "stopped" if person is not None else "not_started"
    await update.effective_message.reply_text(context.wording.text(key), parse_mode=ParseMode.HTML)


async def not_understood(update: Update, context: WithinContext) -> None:
    """Answer anything no other handler took, gently and without keeping it."""
    await update.effective_message.reply_text(
        context.wording.text("not_understood"), parse_mode=ParseMode.HTML
    )
