"""What every handler shares: the chat, the time, replying, retiring buttons, loading the person."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Coroutine
from datetime import datetime
from functools import wraps
from typing import Any, TypeVar

from telegram import InlineKeyboardMarkup, InputFile, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError

import metrics
from bot.context import Resources, WithinContext
from bot.retries import Retry
from usecases import people
from usecases.people import NotStarted, Someone
from usecases.store import database_fault
from usecases.work import ended, started

log = logging.getLogger(__name__)
Handler = Callable[[Update, WithinContext], Coroutine[Any, Any, None]]
T = TypeVar("T")
SAFETY_WAIT = 3.0  # seconds an answer that needs no database waits for it before going without


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
        chat_of(update),
        text,
        parse_mode=ParseMode.HTML,
        reply_markup=markup,
        protect_content=protect,
    )
    await _remember_sent(context, message)
    return message


async def show_picture(update: Update, context: WithinContext, png: bytes, caption: str) -> Message:
    """Send a picture, protected from forwarding and saving, and note its id like any message."""
    message = await context.bot.send_photo(
        chat_of(update), photo=png, caption=caption, protect_content=True
    )
    await _remember_sent(context, message)
    return message


async def send_file(
    update: Update, context: WithinContext, name: str, content: bytes, caption: str
) -> Message:
    """Send a file, protected from forwarding and saving, and note its id like any message."""
    message = await context.bot.send_document(
        chat_of(update), InputFile(content, filename=name), caption=caption, protect_content=True
    )
    await _remember_sent(context, message)
    return message


async def _remember_sent(context: WithinContext, message: Message) -> None:
    """Note a sent message's id with the update's work; the message has gone either way."""
    note = context.work.note_message(message.chat_id, message.message_id, now(context))
    await without_database(context, note, None, None)


async def remember_incoming(update: Update, context: WithinContext) -> None:
    """Note the id of each message a person sends, so that "clear this chat" can remove it.

    It is written with the update's first transaction, or when the update ends: /sos, which
    runs next, never waits on it.
    """
    message = update.message
    if message is not None:
        await context.work.note_message(message.chat_id, message.message_id, now(context))


async def in_unit_of_work(resources: Resources, handling: Awaitable[Any]) -> None:
    """Run one update's handlers in one unit of work; then note the message ids it left."""
    work = started(resources.database, resources.cipher)
    try:
        await handling
    finally:
        ended()
        try:
            await work.end()
        except Exception as error:
            if not database_fault(error):
                raise
            _database_away(resources, error)


async def without_database(
    context: WithinContext, work: Awaitable[T], fallback: T, seconds: float | None = SAFETY_WAIT
) -> T:
    """Return what `work` gives, or `fallback` if the database fails or is slower than `seconds`.

    For what must never wait on the database: /sos, crisis answers, noting message ids.
    """
    task = asyncio.ensure_future(work)
    try:
        done, _ = await asyncio.wait({task}, timeout=seconds)
        if not done:  # not cancelled: SQLite would hold the caller until its busy wait ended
            _finish_late(context, task)
            raise TimeoutError
        return task.result()
    except Exception as error:
        if not database_fault(error):
            raise
        _database_away(context.resources, error)
        return fallback


def _database_away(resources: Resources, error: Exception) -> None:
    metrics.DATABASE_ERRORS.inc()
    kind = type(error).__name__
    resources.database_away.note(
        kind, "the database could not answer (%s); going on without it", kind
    )


def _finish_late(context: WithinContext, task: asyncio.Future[Any]) -> None:
    """Let work given up on finish by itself (noting an id late is still worth it), quietly."""
    late = context.resources.late
    late.add(task)

    def forget(finished: asyncio.Future[Any]) -> None:
        late.discard(finished)
        if not finished.cancelled() and finished.exception() is not None:
            log.info("late database work failed (%s)", type(finished.exception()).__name__)

    task.add_done_callback(forget)


def best_effort(handler: Handler) -> Handler:
    """Wrap a handler whose work may be skipped while the database is away or slow."""

    @wraps(handler)
    async def tolerant(update: Update, context: WithinContext) -> None:
        await without_database(context, handler(update, context), None)

    return tolerant


async def acknowledge(
    update: Update, context: WithinContext, text: str | None = None, *, alert: bool = False
) -> None:
    """Answer a button press once; an answer that fails never stops the work it belongs to.

    Telegram refuses answers after about 15 seconds ("query is too old"), but the press still
    counts, so the choice is carried out all the same. Faults are retried only within that time.
    """
    query = update.callback_query
    if query is None or query.id in context.resources.answered:
        return
    context.resources.answered[query.id] = True
    try:
        await context.bot.answer_callback_query(
            query.id, text, show_alert=alert, rate_limit_args=Retry.ANSWER
        )
    except TelegramError as error:
        log.info("a button answer was not taken (%s); carrying on", type(error).__name__)


async def retire_buttons(update: Update) -> None:
    """Take the buttons off a pressed message, so they can't be used twice."""
    query = update.callback_query
    if query is None:
        return
    if isinstance(query.message, Message) and query.message.reply_markup is None:
        return  # Telegram shows it without buttons already (a press not made from them)
    # Too old to edit, or gone: either way there is nothing to do. An edit that would change
    # nothing (pressed twice) is not sent at all: see bot/shown.py.
    with contextlib.suppress(BadRequest):
        await query.edit_message_reply_markup(reply_markup=None)


async def find_someone(update: Update, context: WithinContext) -> Someone | None:
    """Return a snapshot of the person in this chat, started or not."""
    someone = await people.find(context.work, chat_of(update))
    if someone is not None:
        context.resources.countries[someone.chat_id] = someone.country
    return someone


async def forget_question(update: Update, context: WithinContext) -> None:
    """Let go of any question left open, so later text is never taken as its answer.

    Runs before every command: a command moves on from whatever was being asked.
    """
    await people.forget_question(context.work, chat_of(update))


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
