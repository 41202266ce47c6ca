"""The error handler: each kind of error logged once with a count, never message text.

A person who blocked the bot is marked so, quietly. Anyone else hears one gentle word per update,
and a button press is always answered, whatever failed after it.
"""

from __future__ import annotations

import logging
import traceback

from telegram import Update
from telegram.error import Forbidden

import metrics
from bot.chat import acknowledge, chat_of, say, without_database
from bot.context import WithinContext
from usecases import stopping
from usecases.store import database_fault

log = logging.getLogger(__name__)


def _frames(error: BaseException | None) -> str:
    """The traceback's frames, not the exception's message, which could quote what was written."""
    return "".join(traceback.format_tb(error.__traceback__)) if error else ""


async def on_error(update: object, context: WithinContext) -> None:
    """Log what failed without content, answer gently, and keep running."""
    error = context.error
    kind = type(context.error).__name__
    chat = update.effective_chat if isinstance(update, Update) else None
    private = chat is not None and chat.type == chat.PRIVATE
    if isinstance(update, Update) and private and isinstance(error, Forbidden):
        # Later handlers still run: what the person wrote before blocking is still kept.
        await _blocked(update, context)
        return
    metrics.HANDLER_ERRORS.labels(kind).inc()
    database = error is not None and database_fault(error)
    if database:
        metrics.DATABASE_ERRORS.inc()
    update_id = update.update_id if isinstance(update, Update) else None
    context.resources.errors.note(
        kind, "%s while handling update %s\n%s", kind, update_id, _frames(error)
    )
    if isinstance(update, Update) and private:
        await _apologise(update, context, database)


async def _blocked(update: Update, context: WithinContext) -> None:
    """Mark someone who blocked the bot, as the delivery engine does; no traceback, no reply."""
    if update.update_id in context.resources.failed_updates:
        return  # a later handler of the same update was refused too: marked already
    context.resources.failed_updates[update.update_id] = True
    metrics.BLOCKED.inc()
    log.info("a reply was refused: the person has blocked the bot; marked so")
    await _answer_press(update, context)
    await without_database(context, _mark(context, chat_of(update)), None, None)


async def _mark(context: WithinContext, chat_id: int) -> None:
    await stopping.note_block(context.work, chat_id)


async def _apologise(update: Update, context: WithinContext, database: bool) -> None:
    """Answer a press, and say one gentle word for the update, whatever else failed in it."""
    await _answer_press(update, context)
    resources = context.resources
    if update.update_id in resources.failed_updates:
        return
    resources.failed_updates[update.update_id] = True
    key = "something_went_wrong"
    if database:
        message = update.message
        writing = message is not None and not (message.text or "/").startswith("/")
        key = "not_kept_for_now" if writing else "not_done_for_now"
    try:
        await say(update, context, context.wording.text(key))
    except Exception as send_error:  # Telegram may be what failed: the apology is best effort
        log.warning("could not send the apology: %s", type(send_error).__name__)


async def _answer_press(update: Update, context: WithinContext) -> None:
    """Answer a button press that its handler did not reach."""
    try:
        await acknowledge(update, context)
    except Exception as answer_error:  # acknowledge already swallows Telegram's own errors
        log.warning("could not answer a button press: %s", type(answer_error).__name__)
