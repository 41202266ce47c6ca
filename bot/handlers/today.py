"""/today: today's reflection now; it counts as today's, so the scheduled one does not also come."""

from __future__ import annotations

from telegram import Update
from telegram.error import TelegramError

from bot import keyboards
from bot.callback_data import Button
from bot.chat import chat_of, now, retire_buttons
from bot.context import WithinContext
from bot.sender import send_reflection
from usecases import today


async def today_command(update: Update, context: WithinContext) -> None:
    """Send today's reflection, claiming today's delivery first so nothing doubles."""
    library = context.resources.library
    at = now(context)
    chat_id = chat_of(update)
    steadying = context.resources.steadying
    taken = await today.take_today(
        context.work, chat_id, library.order, at, lambda on: steadying.for_day(on.toordinal()).id
    )
    try:
        message = await send_reflection(
            context.bot,
            context.resources,
            chat_id,
            taken.reflection_id,
            starts_round=taken.starts_round,
            silent=taken.silent,
            markup=keyboards.reflection(context.wording, checkin_on=taken.checkin_on),
            discreet=taken.discreet,
            asks_checkin=taken.checkin_on is not None,
        )
    except TelegramError:
        await today.give_back(context.work, taken)
        raise
    await today.note_sent(context.work, chat_id, taken, message.message_id, now(context))


async def on_today_button(update: Update, context: WithinContext, pressed: Button) -> None:
    """Today's reflection, from a button."""
    await retire_buttons(update)
    await today_command(update, context)
