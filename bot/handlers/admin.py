"""/stats for operators: counts only, never anything a person wrote."""

from __future__ import annotations

import math

from telegram import Update

from bot.chat import chat_of, now, say
from bot.context import WithinContext
from bot.fallback import not_understood
from states.kinds import DeliveryStatus
from usecases.stats import count_everything


async def stats_command(update: Update, context: WithinContext) -> None:
    """Show counts to configured admin chats; to anyone else it is an unknown command."""
    if chat_of(update) not in context.resources.settings.admin_chat_ids:
        await not_understood(update, context)
        return
    at = now(context)
    settings = context.resources.settings
    wording = context.wording
    counts = await count_everything(context.work, at)
    people = counts.people
    recent = counts.deliveries
    if counts.lateness:
        p50, p95, worst = percentiles(list(counts.lateness))
        lateness = wording.text(
            "stats_lateness", p50=seconds(p50), p95=seconds(p95), worst=seconds(worst)
        )
    else:
        lateness = wording.text("stats_lateness_none")
    if counts.busiest:
        minute, due = counts.busiest
        rate = settings.max_messages_per_second
        last = last_one_late(due, rate, settings.delivery_tick_seconds)
        ahead = wording.text(
            "stats_ahead", minute=f"{minute:%H:%M}", due=due, rate=rate, last=seconds(last)
        )
    else:
        ahead = wording.text("stats_ahead_none")
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
            checkins=counts.using_checkins,
            lateness=lateness,
            ahead=ahead,
        ),
    )


def percentiles(values: list[float]) -> tuple[float, float, float]:
    """Return the median, the 95th percentile and the largest (nearest rank)."""
    ordered = sorted(values)

    def rank(share: float) -> float:
        return ordered[max(0, math.ceil(share * len(ordered)) - 1)]

    return rank(0.5), rank(0.95), ordered[-1]


def last_one_late(due: int, rate: int, tick_seconds: int) -> float:
    """Return how late the last of `due` people in one minute goes: found within a tick, then
    sent at `rate` a second behind the others."""
    return tick_seconds + due / rate


def seconds(value: float) -> str:
    """Write a duration briefly: '12 s', '3 min 5 s'."""
    whole = round(value)
    if whole < 60:
        return f"{whole} s"
    minutes, rest = divmod(whole, 60)
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"
