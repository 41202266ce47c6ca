"""/today: today's reflection now; it counts as today's, so the scheduled one does not also come."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot import keyboards
from bot.context import WithinContext
from bot.handlers.common import now, retire_buttons, started_person
from reflections.render import render
from scheduler.planning import claim_today, refresh_schedule
from storage.deliveries import mark_sent, release


async def today_command(update: Update, context: WithinContext) -> None:
    """Send today's reflection, claiming today's delivery first so nothing doubles."""
    library, at = context.resources.library, now(context)
    async with context.database.sessions.begin() as session:
        person = await started_person(update, context, session)
        if person is None:
            return
        claim = await claim_today(session, person, library.order, at)
        await refresh_schedule(session, person, at)
        silent = person.silent
    reflection = library.get(claim.step.reflection_id)
    if reflection is None:  # removed from the library since it was claimed
        reflection = library.reflections[0]
    text = render(reflection, library.messages, new_round=claim.new and claim.step.starts_round)
    try:
        message = await context.bot.send_message(
            update.effective_chat.id,
            text,
            parse_mode=ParseMode.HTML,
            disable_notification=silent,
            reply_markup=keyboards.reflection(context.wording),
        )
    except TelegramError:
        if claim.new:
            async with context.database.sessions.begin() as session:
                await release(session, claim.delivery.id)
        raise
    if claim.new:
        async with context.database.sessions.begin() as session:
            await mark_sent(session, claim.delivery.id, message.message_id, now(context))


async def on_today_button(update: Update, context: WithinContext, arg: str, setup: bool) -> None:
    await retire_buttons(update)
    await today_command(update, context)
