""" "Not today": set today's reflection aside (the journey waits) and send a steadying one."""

from __future__ import annotations

from telegram import Update

from bot import keyboards
from bot.callback_data import Button
from bot.chat import acknowledge, chat_of, now, say
from bot.context import WithinContext
from usecases.setting_aside import set_aside


async def on_not_today(update: Update, context: WithinContext, pressed: Button) -> None:
    """Once a day, on that day's reflection: set it aside, and offer a gentler one; no comment."""
    query = update.callback_query
    if query is None:
        return
    message = query.message
    message_id, sent_at = (message.message_id, message.date) if message else (None, None)
    set_so = await set_aside(context.work, chat_of(update), message_id, sent_at, now(context))
    if set_so.refused is not None:
        await acknowledge(update, context, context.wording.text(f"not_today_{set_so.refused}"))
        return
    await acknowledge(update, context)
    steadying = context.resources.steadying
    chosen = steadying.for_day(set_so.today.toordinal() + (1 if set_so.hard_day else 0))
    await say(update, context, steadying.render(chosen), keyboards.steady_offer(context.wording))
