"""Small helpers every handler uses: the time now, replying, and retiring pressed buttons."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.context import WithinContext
from storage.journal import remember_sent
from storage.models import Person, PersonStatus
from storage.people import get_person


def now(context: WithinContext) -> datetime:
    """Return the current instant from the application's clock."""
    return context.resources.clock()


async def say(
    update: Update, context: WithinContext, text: str, markup: InlineKeyboardMarkup | None = None
) -> Message:
    """Send a message (already HTML) into the chat an update came from, and note its id.

    The id is kept for 48 hours, so that /delete can clear the chat if the person asks.
    """
    message = await context.bot.send_message(
        update.effective_chat.id, text, parse_mode=ParseMode.HTML, reply_markup=markup
    )
    async with context.database.sessions.begin() as session:
        await remember_sent(session, message.chat_id, message.message_id, now(context))
    return message


async def retire_buttons(update: Update) -> None:
    """Acknowledge a button press and take the buttons off its message, so it can't be reused."""
    query = update.callback_query
    if query is None:
        return
    await query.answer()
    # Already gone, or the message is too old to edit: either way there is nothing to do.
    with contextlib.suppress(BadRequest):
        await query.edit_message_reply_markup(reply_markup=None)


async def started_person(
    update: Update, context: WithinContext, session: AsyncSession
) -> Person | None:
    """Return the person if they have started and not stopped; otherwise say how to begin."""
    person = await get_person(session, update.effective_chat.id)
    if person is None or person.status in (PersonStatus.STOPPED, PersonStatus.BLOCKED):
        key = "not_started_yet" if person is None else "stopped_already"
        await say(update, context, context.wording.text(key))
        return None
    return person


def command_argument(context: WithinContext) -> str:
    """Return everything typed after a command, as one string."""
    return " ".join(context.args or [])


Handler = Callable[[Update, WithinContext], Awaitable[None]]


def without_arguments(name: str, handler: Handler) -> Handler:
    """Wrap a command that takes nothing, so `/skip something` asks instead of acting."""

    async def guarded(update: Update, context: WithinContext) -> None:
        if context.args:
            await say(update, context, context.wording.text("no_arguments", command=name))
            return
        await handler(update, context)

    return guarded
