"""/stats for operators: counts only, never anything a person wrote."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from telegram import Update

from bot.context import WithinContext
from bot.handlers.common import now, say
from bot.handlers.start import not_understood
from storage.models import Delivery, DeliveryStatus
from storage.people import count_by_status


async def stats_command(update: Update, context: WithinContext) -> None:
    """Show counts to configured admin chats; to anyone else it is an unknown command."""
    if update.effective_chat.id not in context.resources.settings.admin_chat_ids:
        await not_understood(update, context)
        return
    since = now(context) - timedelta(hours=24)
    async with context.database.sessions() as session:
        people = await count_by_status(session)
        rows = await session.execute(
            select(Delivery.status, func.count())
            .where(Delivery.created_at >= since)
            .group_by(Delivery.status)
        )
        recent = {status: count for status, count in rows.all()}
    await say(
        update,
        context,
        context.wording.text(
            "stats",
            active=people.get("active", 0),
            paused=people.get("paused", 0),
            stopped=people.get("stopped", 0),
            blocked=people.get("blocked", 0),
            sent=recent.get(DeliveryStatus.SENT, 0),
            failed=recent.get(DeliveryStatus.FAILED, 0),
            pending=recent.get(DeliveryStatus.CLAIMED, 0),
        ),
    )
