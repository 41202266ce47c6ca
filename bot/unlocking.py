"""Asking for the passcode in front of what is behind the lock, for every handler that shows it."""

from __future__ import annotations

from datetime import timedelta
from functools import wraps

from telegram import Update

from bot.chat import Handler, chat_of, now, say
from bot.context import WithinContext
from states.awaiting import Awaiting
from usecases import passcode


def how_long(context: WithinContext, left: timedelta) -> str:
    """Return a wait in words: minutes, rounded up, or hours past the first hour."""
    minutes = max(1, -(-int(left.total_seconds()) // 60))  # rounded up
    if minutes < 60:
        return context.wording.text("lock_minutes", count=minutes, s="" if minutes == 1 else "s")
    hours = -(-minutes // 60)
    return context.wording.text("lock_hours", count=hours, s="" if hours == 1 else "s")


async def say_wait(update: Update, context: WithinContext, left: timedelta) -> None:
    """Say how long to wait before the passcode may be tried again."""
    await say(update, context, context.wording.text("lock_waiting", wait=how_long(context, left)))


async def unlocked(update: Update, context: WithinContext, then: Awaiting) -> bool:
    """Tell whether what is locked may be shown now; if not, ask for the passcode (or to wait).

    Each use while open keeps it open a little longer. `then` is what goes on once it is right.
    """
    gate = await passcode.open_or_ask(context.work, chat_of(update), then, now(context))
    if gate.open:
        return True
    if gate.wait is not None:
        await say_wait(update, context, gate.wait)
    else:
        await say(update, context, context.wording.text("lock_ask"))
    return False


def locked(then: Awaiting, handler: Handler) -> Handler:
    """Wrap a command that shows what a person wrote, so it asks for the passcode first."""

    @wraps(handler)
    async def guarded(update: Update, context: WithinContext) -> None:
        if await unlocked(update, context, then):
            await handler(update, context)

    return guarded
