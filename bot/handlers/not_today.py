""" "Not today": set today's reflection aside (the journey waits) and send a steadying one."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import MaybeInaccessibleMessage, Update

from bot import keyboards
from bot.callback_data import Button
from bot.chat import acknowledge, now, person_session, say
from bot.context import WithinContext
from storage.deliveries import delivery_on, delivery_sent_as
from timing.local import local_date


async def _sent_on(
    session: AsyncSession, chat_id: int, message: MaybeInaccessibleMessage | None, timezone: str
) -> date | None:
    """Return the local date a reflection was for: its delivery's, or else the message's own."""
    if message is None:
        return None
    delivery = await delivery_sent_as(session, chat_id, message.message_id)
    return delivery.local_date if delivery is not None else local_date(message.date, timezone)


async def on_not_today(update: Update, context: WithinContext, pressed: Button) -> None:
    """Once a day, on that day's reflection: set it aside, and offer a gentler one; no comment."""
    query = update.callback_query
    if query is None:
        return
    at = now(context)
    async with person_session(update, context) as (session, person):
        today = local_date(at, person.timezone)
        refusal, hard_day = None, False
        if await _sent_on(session, person.chat_id, query.message, person.timezone) != today:
            refusal = "not_today_other_day"
        elif person.set_aside_on == today:
            refusal = "not_today_done"
        else:
            person.set_aside_on = today
            delivery = await delivery_on(session, person.chat_id, today)
            hard_day = delivery is not None and delivery.set_aside  # already a gentler one
            if delivery is not None:
                delivery.set_aside = True  # not a step of the journey: it comes again next time
    if refusal is not None:
        await acknowledge(update, context, context.wording.text(refusal))
        return
    await acknowledge(update, context)
    steadying = context.resources.steadying
    chosen = steadying.for_day(today.toordinal() + (1 if hard_day else 0))
    await say(update, context, steadying.render(chosen), keyboards.steady_offer(context.wording))
