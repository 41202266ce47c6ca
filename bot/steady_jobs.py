"""The repeating job of the hard moments: come back once after a wait; the quiet eve line.

Both take their work from the database with a claim that only one process can win, before
sending: a crash may lose one of these lines, but never sends one twice.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application

from bot import steady_keyboards
from bot.context import Resources, WithinContext, resources_of
from usecases import steadying
from usecases.steadying import QuietLine
from usecases.work import Work, current

log = logging.getLogger(__name__)


async def run(context: WithinContext) -> None:
    """The job: both kinds of quiet line."""
    await come_back(context.application)


async def come_back(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Send what is due: after each wait that has ended, and on the eve of a noted day."""
    resources = resources_of(application)
    work = current(resources.database, resources.cipher)
    markup = steady_keyboards.how_now(resources.wording)
    for line in await steadying.come_back_after_waits(work, resources.clock()):
        await _send(application, resources, work, line, "steady_wait_back", markup)
    for line in await steadying.claim_eves(work, resources.clock()):
        await _send(application, resources, work, line, "hard_day_eve", None)


async def _send(
    application: Application[Any, Any, Any, Any, Any, Any],
    resources: Resources,
    work: Work,
    line: QuietLine,
    key: str,
    markup: InlineKeyboardMarkup | None,
) -> None:
    try:
        message = await application.bot.send_message(
            line.chat_id,
            resources.wording.text(key),
            parse_mode=ParseMode.HTML,
            reply_markup=markup,
            disable_notification=line.silent,
        )
    except TelegramError as error:
        log.info("a quiet line was not taken (%s)", type(error).__name__)
        return
    await work.note_message(message.chat_id, message.message_id, resources.clock())
