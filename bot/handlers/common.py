"""What every handler shares: the chat, the time, replying, retiring buttons, loading the person."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from datetime import datetime
from functools import wraps
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardMarkup, InputFile, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError

from bot.context import WithinContext
from storage.journal import remember_message
from storage.models import Person, PersonStatus
from storage.people import get_person

log = logging.getLogger(__name__)
Handler = Callable[[Update, WithinContext], Coroutine[Any, Any, None]]


class NotStarted(Exception):
    """There is nobody to act for: the person has not started, or has stopped."""

    def __init__(self, wording_key: str) -> None:
        super().__init__(wording_key)
        self.wording_key = wording_key


def chat_of(update: Update) -> int:
    """Return the id of the chat an update came from (every update handled here has one)."""
    chat = update.effective_chat
    if chat is None:
        raise ValueError(f"update {update.update_id} has no chat")
    return chat.id


def now(context: WithinContext) -> datetime:
    """Return the current instant from the application's clock."""
    return context.resources.clock()


async def say(
    update: Update,
    context: WithinContext,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
    *,
    protect: bool = False,
) -> Message:
    """Send a message (already HTML) into the chat an update came from, and note its id.

    The id is kept for 48 hours, so that /delete can clear the chat if the person asks.
    `protect` asks Telegram not to let it be forwarded or saved (for what a person wrote).
    """
    message = await context.bot.send_message(
        chat_of(update), text, parse_mode=ParseMode.HTML, reply_markup=markup,
        protect_content=protect,
    )  # fmt: skip
    async with context.database.sessions.begin() as session:
        await remember_message(session, message.chat_id, message.message_id, now(context))
    return message


async def show_picture(update: Update, context: WithinContext, png: bytes, caption: str) -> Message:
    """Send a picture, protected from forwarding and saving, and note its id like any message."""
    message = await context.bot.send_photo(
        chat_of(update), photo=png, caption=caption, protect_content=True
    )
    async with context.database.sessions.begin() as session:
        await remember_message(session, message.chat_id, message.message_id, now(context))
    return message


async def send_file(
    update: Update, context: WithinContext, name: str, content: bytes, caption: str
) -> Message:
    """Send a file, protected from forwarding and saving, and note its id like any message."""
    message = await context.bot.send_document(
        chat_of(update), InputFile(content, filename=name), caption=caption, protect_content=True
    )
    async with context.database.sessions.begin() as session:
        await remember_message(session, message.chat_id, message.message_id, now(context))
    return message


async def remember_incoming(update: Update, context: WithinContext) -> None:
    """Note the id of each message a person sends, so that "clear this chat" can remove it."""
    message = update.message
    if message is not None:
        async with context.database.sessions.begin() as session:
            await remember_message(session, message.chat_id, message.message_id, now(context))


async def acknowledge(
    update: Update, context: WithinContext, text: str | None = None, *, alert: bool = False
) -> None:
    """Answer a button press once; an answer that fails never stops the work it belongs to.

    Telegram refuses answers after about 15 seconds ("query is too old"), but the press still
    counts, so the choice is carried out all the same. No retry: a late answer helps nobody.
    """
    query = update.callback_query
    if query is None or context.button_answered:
        return
    context.button_answered = True
    try:
        await context.bot.answer_callback_query(query.id, text, show_alert=alert, rate_limit_args=0)
    except TelegramError as error:
        log.info("a button answer was not taken (%s); carrying on", type(error).__name__)


async def retire_buttons(update: Update) -> None:
    """Take the buttons off a pressed message, so they can't be used twice."""
    query = update.callback_query
    if query is None:
        return
    # Already gone, or the message is too old to edit: either way there is nothing to do.
    with contextlib.suppress(BadRequest):
        await query.edit_message_reply_markup(reply_markup=None)


async def find_person(update: Update, context: WithinContext) -> Person | None:
    """Return the person in this chat, started or not, without holding a transaction open."""
    async with context.database.sessions() as session:
        return await get_person(session, chat_of(update))


@contextlib.asynccontextmanager
async def person_session(
    update: Update, context: WithinContext, *, stopped_too: bool = False
) -> AsyncIterator[tuple[AsyncSession, Person]]:
    """Open a transaction and load the person; raise NotStarted when there is nobody to act for.

    Stopped and blocked people count as nobody unless `stopped_too`. Changes to the person are
    committed when the block ends. `answering_not_started` turns NotStarted into a kind answer.
    """
    async with context.database.sessions.begin() as session:
        person = await get_person(session, chat_of(update))
        if person is None:
            raise NotStarted("not_started_yet")
        if not stopped_too and person.status in (PersonStatus.STOPPED, PersonStatus.BLOCKED):
            raise NotStarted("stopped_already")
        yield session, person


async def forget_question(update: Update, context: WithinContext) -> None:
    """Let go of any question left open, so later text is never taken as its answer.

    Runs before every command: a command moves on from whatever was being asked.
    """
    async with context.database.sessions.begin() as session:
        person = await get_person(session, chat_of(update))
        if person is not None and person.awaiting is not None:
            person.awaiting = None


def answering_not_started(handler: Handler) -> Handler:
    """Wrap a handler so that NotStarted, wherever it is raised, gets its kind answer."""

    @wraps(handler)
    async def answered(update: Update, context: WithinContext) -> None:
        try:
            await handler(update, context)
        except NotStarted as nobody:
            await acknowledge(update, context)
            await say(update, context, context.wording.text(nobody.wording_key))

    return answered


def command_argument(context: WithinContext) -> str:
    """Return everything typed after a command, as one string."""
    return " ".join(context.args or [])


def without_arguments(name: str, handler: Handler) -> Handler:
    """Wrap a command that takes nothing, so `/skip something` asks instead of acting."""

    @wraps(handler)
    async def guarded(update: Update, context: WithinContext) -> None:
        if context.args:
            await say(update, context, context.wording.text("no_arguments", command=name))
            return
        await handler(update, context)

    return guarded
