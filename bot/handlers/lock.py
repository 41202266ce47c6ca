"""/lock: an optional passcode in front of the journal, the export, the plan and /weeks.

The passcode is kept only as a slow salted hash, and anything typed that could be it is deleted
once read and never kept: while the question is open (a few minutes), or whenever it is the
passcode itself. After three wrong tries each further try waits longer; tries are counted in one
statement, so several processes cannot race past the wait. A forgotten passcode cannot be
recovered: /delete, which erases everything, is the way to start again.

What the lock keeps closed is declared once, in bot.handlers.behind_lock.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping
from datetime import datetime, timedelta
from functools import wraps

from telegram import Message, Update
from telegram.error import TelegramError

from bot.chat import Handler, chat_of, forget_question, now, person_session, say
from bot.context import WithinContext
from states.awaiting import NEW_PASSCODE, Awaiting, Unlocks, passcode_question
from storage.crypto import hash_passcode, passcode_matches
from storage.deliveries import reflection_sent_after
from storage.models import Person
from storage.people import claim_passcode_try, get_person

SHORTEST, LONGEST = 4, 32
SHORTEST_DIGITS = 6  # digits only are few to guess: 10⁶ at least, not 10⁴
OPEN_FOR = timedelta(minutes=10)  # after the right passcode, and after each use while open
QUESTION_LASTS = timedelta(minutes=5)  # a passcode question, once asked; then it is forgotten
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


def question_open(person: Person, at: datetime) -> Awaiting | None:
    """Return the passcode question a person is being asked, if one was asked lately."""
    awaiting = person.awaiting
    asked = person.passcode_asked_at
    if awaiting is None or not awaiting.passcode or asked is None:
        return None
    return awaiting if at - asked < QUESTION_LASTS else None


def _ask(person: Person, then: Awaiting, at: datetime) -> None:
    person.awaiting, person.passcode_asked_at = then, at


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
            _ask(person, then, at)
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
            _ask(person, passcode_question(Unlocks.REMOVE) if is_set else NEW_PASSCODE, at)
    if left is not None:
        await _say_wait(update, context, left)
        return
    key = "lock_ask_remove" if is_set else "lock_intro"
    text = context.wording.text(key, shortest=SHORTEST, longest=LONGEST, digits=SHORTEST_DIGITS)
    await say(update, context, text)


def looks_like_passcode(text: str) -> bool:
    """Tell whether typed text could be a passcode at all; longer writing is kept as usual."""
    return 0 < len(text) <= LONGEST and "\n" not in text


async def screen_text(
    update: Update, context: WithinContext, person: Person, go_on: Mapping[Awaiting, Handler]
) -> bool:
    """Take typed text that could be a passcode: delete it, never keep it, and answer it.

    While a passcode question is open, short text answers it (a new passcode: any text); a
    question left for some minutes, moved on from by longer writing, or followed by a new
    reflection, is forgotten, so it can never turn a later note into a wrong try. Whenever a
    lock is set, text that is the passcode itself (by the slow hash, in constant time) is
    deleted too, however it was meant. Return whether the text was taken; if not, it goes on.
    """
    message = update.effective_message
    assert message is not None and message.text is not None  # routed here for typed text
    typed, at = message.text, now(context)
    asked = question_open(person, at)
    if asked is not None and await _reflection_since(context, person):
        asked = None  # a reflection came after the question: what follows answers that
    if asked == NEW_PASSCODE or (asked is not None and looks_like_passcode(typed)):
        await answer_passcode(update, context, asked, go_on)
        return True
    awaiting = person.awaiting
    if awaiting is not None and awaiting.passcode:  # left too long, or longer writing
        await forget_question(update, context)
    stored = person.lock_hash
    if stored is None or not looks_like_passcode(typed):
        return False
    if not await asyncio.to_thread(passcode_matches, typed, stored):
        return False
    await _delete(message)
    await say(update, context, context.wording.text("lock_typed_passcode"))
    return True


async def _reflection_since(context: WithinContext, person: Person) -> bool:
    asked = person.passcode_asked_at
    assert asked is not None  # the question is open
    async with context.database.sessions() as session:
        return await reflection_sent_after(session, person.chat_id, asked)


async def _delete(message: Message) -> None:
    with contextlib.suppress(TelegramError):  # already gone, or deleted by the person
        await message.delete()


async def answer_passcode(
    update: Update, context: WithinContext, awaiting: Awaiting, go_on: Mapping[Awaiting, Handler]
) -> None:
    """Read a passcode, delete its message, then set the lock, remove it, or open what asked."""
    message = update.effective_message
    assert message is not None and message.text is not None  # routed here for typed text
    typed = message.text
    await _delete(message)
    if awaiting == NEW_PASSCODE:
        await _set_passcode(update, context, typed)
        return
    at = now(context)
    async with context.database.sessions.begin() as session:
        claimed = await claim_passcode_try(session, chat_of(update), at, wait_after, LONGEST_WAIT)
    if claimed is None:  # a wait is in force: this try is neither checked nor counted
        person = await _person(update, context)
        left = _waiting(person, at) if person else None
        await _say_wait(update, context, left or timedelta(minutes=1))
        return
    tries, stored = claimed
    right = stored is None or await asyncio.to_thread(passcode_matches, typed, stored)
    if right:
        async with person_session(update, context, stopped_too=True) as (_, person):
            person.lock_failures, person.lock_wait_until = 0, None
            person.awaiting, person.passcode_asked_at = None, None
            person.unlocked_until = at + OPEN_FOR
            if awaiting.unlocks is Unlocks.REMOVE:
                person.lock_hash, person.unlocked_until = None, None
    if not right:
        wait, wording = wait_after(tries), context.wording
        text = (
            wording.text("lock_wrong_wait", wait=_how_long(context, wait))
            if wait
            else wording.text("lock_wrong")
        )
        await say(update, context, text)
    elif awaiting.unlocks is Unlocks.REMOVE:
        await say(update, context, context.wording.text("lock_removed"))
    else:
        await go_on[awaiting](update, context)


async def _person(update: Update, context: WithinContext) -> Person | None:
    async with context.database.sessions() as session:
        return await get_person(session, chat_of(update))


async def _set_passcode(update: Update, context: WithinContext, typed: str) -> None:
    wording = context.wording
    if not looks_like_passcode(typed):
        await say(update, context, wording.text("lock_too_long", longest=LONGEST))
        return
    if len(typed) < SHORTEST:
        await say(update, context, wording.text("lock_too_short", shortest=SHORTEST))
        return
    if typed.isdigit() and len(typed) < SHORTEST_DIGITS:
        await say(update, context, wording.text("lock_digits_short", digits=SHORTEST_DIGITS))
        return
    hashed = await asyncio.to_thread(hash_passcode, typed)
    async with person_session(update, context, stopped_too=True) as (_, person):
        person.lock_hash, person.lock_failures, person.lock_wait_until = hashed, 0, None
        person.unlocked_until, person.awaiting, person.passcode_asked_at = None, None, None
    await say(update, context, wording.text("lock_set", minutes=OPEN_FOR.seconds // 60))
