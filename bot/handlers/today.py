"""/today: today's reflection now; it counts as today's, so the scheduled one does not also come."""

from __future__ import annotations

from telegram import Update
from telegram.error import TelegramError

from bot import keyboards
from bot.callback_data import Button
from bot.chat import chat_of, now, person_session, retire_buttons
from bot.context import WithinContext
from bot.sender import send_reflection
from storage.deliveries import SentRecord, record_sent, release
from storage.journal import remember_message
from usecases.planning import claim_today
from usecases.planning import replan as refresh_schedule


async def today_command(update: Update, context: WithinContext) -> None:
    """Send today's reflection, claiming today's delivery first so nothing doubles."""
    library, at = context.resources.library, now(context)
    steadying = context.resources.steadying
    async with person_session(update, context) as (session, person):
        claim = await claim_today(
            session, person, library.order, at, lambda on: steadying.for_day(on.toordinal()).id
        )
        await refresh_schedule(session, person, at)
    checkin_on = claim.delivery.local_date if person.checkins else None
    try:
        message = await send_reflection(
            context.bot, context.resources, chat_of(update), claim.step.reflection_id,
            starts_round=claim.new and claim.step.starts_round, silent=person.silent,
            markup=keyboards.reflection(context.wording, checkin_on=checkin_on),
            discreet=person.discreet, asks_checkin=checkin_on is not None,
        )  # fmt: skip
    except TelegramError:
        if claim.new:
            async with context.database.sessions.begin() as session:
                await release(session, claim.delivery.id)
        raise
    async with context.database.sessions.begin() as session:
        if claim.new:
            await record_sent(session, [SentRecord(claim.delivery.id, message.message_id, at)])
        # A repeat of today's reflection is noted too, so that clearing the chat removes it.
        await remember_message(session, message.chat_id, message.message_id, now(context))


async def on_today_button(update: Update, context: WithinContext, pressed: Button) -> None:
    """Today's reflection, from a button."""
    await retire_buttons(update)
    await today_command(update, context)
