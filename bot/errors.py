"""The error handler: log the kind of error and the update id, never message text."""

from __future__ import annotations

import logging
import traceback

from sqlalchemy.exc import SQLAlchemyError
from telegram import Update

import metrics
from bot.context import WithinContext
from bot.handlers.common import say

log = logging.getLogger(__name__)


def _from_database(error: BaseException) -> bool:
    """Tell whether an error came from the database: SQLAlchemy's, or its driver's."""
    if isinstance(error, SQLAlchemyError):
        return True
    module = type(error).__module__
    return module.startswith(("asyncpg", "sqlite3", "aiosqlite"))


async def on_error(update: object, context: WithinContext) -> None:
    """Log what failed without content, tell the person gently, and keep running."""
    error = context.error
    update_id = update.update_id if isinstance(update, Update) else None
    # The traceback's frames, not the exception's message, which could quote what someone wrote.
    frames = "".join(traceback.format_tb(error.__traceback__)) if error else ""
    log.error("%s while handling update %s\n%s", type(error).__name__, update_id, frames)
    metrics.HANDLER_ERRORS.labels(type(error).__name__).inc()
    if error is not None and _from_database(error):
        metrics.DATABASE_ERRORS.inc()
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if update.effective_chat.type != update.effective_chat.PRIVATE:
        return
    try:
        await say(update, context, context.wording.text("something_went_wrong"))
    except Exception as send_error:  # the database may be what failed: the apology is best effort
        log.warning("could not send the apology: %s", type(send_error).__name__)
