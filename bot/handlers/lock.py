"""/lock: an optional passcode in front of the journal, the export, the plan and /weeks.

The passcode is kept only as a slow salted hash and its message is deleted once read. After
three wrong tries each further try waits longer. A forgotten passcode cannot be recovered:
/delete, which erases everything, is the way to start again.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping
from datetime import datetime, timedelta
from functools import wraps

from telegram import Update
from telegram.error import TelegramError

from bot.context import WithinContext
from bot.handlers.common import Handler, now, person_session, say
from storage.crypto import hash_passcode, passcode_matches
from storage.models import Awaiting, Person

SHORTEST, LONGEST = 4, 32
OPEN_FOR = timedelta(minutes=10)  # after the right passcode, and after each use while open
FREE_TRIES = 3
LONGEST_WAIT = timedelta(hours=24)


def wait_after(failures: int) -> timedelta:
    """Return how long to wait after this many wrong tries in a row: 1, 2, 4 … minutes."""
    if failures < FREE_TRIES:
        return timedelta(0)
    return min(timedelta(minutes=2 ** (failures - FREE_TRIES)), LONGEST_WAIT)


def _waiting(person: Person, at: datetime) -> timedelta | None:
    if person.lock_wait_until is not None and person.lock_wait_until > at:
        return person.lock_wait_until - at
    return None


def _how_long(context: WithinContext, left: timedelta) -> str:
    minutes = max(1, -(-int(left.total_seconds()) // 60))  # rounded up
    if minutes < 60:
        return context.wording.text("lock_minutes", count=minutes, s="" if minutes == 1 else "s")
    hours = -(-minutes // 60)
    return context.wording.text("lock_hours", count=hours, s="" if hours == 1 else "s")


async def _say_wait(update: Update, context: WithinContext, left: timedelta) -> None:
    await say(update, context, context.wording.text("lock_waiting", wait=_how_long(context, left)))


async def unlocked(update: Update, context: WithinContext, then: Awaiting) -> bool:
    """Tell whether what is locked may be shown now; if not, ask for the passcode (or to wait).

    Each use while open keeps it open a little longer. `then` is what goes on once it is right.
    """
    at = now(context)
    async with person_session(update, context, stopped_too=True) as (_, person):
        if person.lock_hash is None:
            return True
        if person.unlocked_until is not None and person.unlocked_until > at:
            person.unlocked_until = at + OPEN_FOR
            return True
        left = _waiting(person, at)
        if left is None:
            person.awaiting = then
    if left is not None:
        await _say_wait(update, context, left)
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


async def lock_command(update: Update, context: WithinContext) -> None:
    """/lock: set a passcode, or (with the passcode) take the lock off."""
    at = now(context)
    async with person_session(update, context, stopped_too=True) as (_, person):
        is_set, left = person.lock_hash is not None, _waiting(person, at)
        if left is None:
            person.awaiting = Awaiting.PASSCODE_REMOVE if is_set else Awaiting.NEW_PASSCODE
    if left is not None:
        await _say_wait(update, context, left)
        return
    key = "lock_ask_remove" if is_set else "lock_intro"
    await say(update, context, context.wording.text(key, shortest=SHORTEST, longest=LONGEST))


def looks_like_passcode(text: str) -> bool:
    """Tell whether typed text could be a passcode at all; longer writing is kept as usual."""
    return 0 < len(text) <= LONGEST and "\n" not in text


async def answer_passcode(
    update: Update, context: WithinContext, awaiting: Awaiting, go_on: Mapping[Awaiting, Handler]
) -> None:
    """Read a passcode, delete its message, then set the lock, remove it, or open what asked."""
    message = update.effective_message
    assert message is not None and message.text is not None  # routed here for typed text
    typed = message.text
    with contextlib.suppress(TelegramError):  # already gone, or deleted by the person
        await message.delete()
    if awaiting is Awaiting.NEW_PASSCODE:
        await _set_passcode(update, context, typed)
        return
    at = now(context)
    async with person_session(update, context, stopped_too=True) as (_, person):
        stored, left = person.lock_hash, _waiting(person, at)
    if left is not None:
        await _say_wait(update, context, left)
        return
    right = stored is None or await asyncio.to_thread(passcode_matches, typed, stored)
    async with person_session(update, context, stopped_too=True) as (_, person):
        if right:
            person.lock_failures, person.lock_wait_until, person.awaiting = 0, None, None
            person.unlocked_until = at + OPEN_FOR
            if awaiting is Awaiting.PASSCODE_REMOVE:
                person.lock_hash, person.unlocked_until = None, None
        else:
            person.lock_failures += 1
            wait = wait_after(person.lock_failures)
            person.lock_wait_until = at + wait if wait else None
            if wait:
                person.awaiting = None
    if not right:
        wording = context.wording
        text = (
            wording.text("lock_wrong_wait", wait=_how_long(context, wait))
            if wait
            else wording.text("lock_wrong")
        )
        await say(update, context, text)
    elif awaiting is Awaiting.PASSCODE_REMOVE:
        await say(update, context, context.wording.text("lock_removed"))
    else:
        await go_on[awaiting](update, context)


async def _set_passcode(update: Update, context: WithinContext, typed: str) -> None:
    if len(typed) < SHORTEST:
        await say(update, context, context.wording.text("lock_too_short", shortest=SHORTEST))
        return
    hashed = await asyncio.to_thread(hash_passcode, typed)
    async with person_session(update, context, stopped_too=True) as (_, person):
        person.lock_hash, person.lock_failures, person.lock_wait_until = hashed, 0, None
        person.unlocked_until, person.awaiting = None, None
    await say(update, context, context.wording.text("lock_set", minutes=OPEN_FOR.seconds // 60))
