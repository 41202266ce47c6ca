"""Keep the bot to private chats: in a group or channel it says so once and leaves."""

from __future__ import annotations

import logging

from telegram import ChatMember, Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.context import WithinContext

log = logging.getLogger(__name__)


async def leave_group_chat(update: Update, context: WithinContext) -> None:
    """Explain briefly, leave the chat, and stop any other handler from running."""
    chat = update.effective_chat
    if chat is None:
        raise ApplicationHandlerStop
    if chat.type == chat.PRIVATE:
        return  # someone blocking or unblocking the bot in their own chat
    member_update = update.my_chat_member
    if member_update is not None and member_update.new_chat_member.status in (
        ChatMember.LEFT,
        ChatMember.BANNED,
    ):
        raise ApplicationHandlerStop  # we have already gone; nothing to say
    try:
        await context.bot.send_message(chat.id, context.wording.text("private_only"))
    except TelegramError as error:
        log.info("could not explain before leaving a %s chat: %s", chat.type, type(error).__name__)
    try:
        await context.bot.leave_chat(chat.id)
    except TelegramError as error:
        log.info("could not leave a %s chat: %s", chat.type, type(error).__name__)
    raise ApplicationHandlerStop
