"""/stats for operators: counts only, never anything a person wrote."""

from __future__ import annotations

from datetime import timedelta

from telegram import Update

from bot.context import WithinContext
from bot.handlers.common import chat_of, now, say
from bot.handlers.start import not_understood
from storage.checkins import count_using_checkins
from storage.deliveries import counts_since
from storage.models import DeliveryStatus
from storage.people import count_by_status


async def stats_command(update: Update, context: WithinContext) -> None:
    """Show counts to configured admin chats; to anyone else it is an unknown command."""
    if chat_of(update) not in context.resources.settings.admin_chat_ids:
        await not_understood(update, context)
        return
    since = now(context) - timedelta(hours=24)
    async with context.database.sessions() as session:
        people = await count_by_status(session)
        recent = await counts_since(session, since)
        using_checkins = await count_using_checkins(session)
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
            checkins=using_checkins,
        ),
    )
