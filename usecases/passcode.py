"""The lock: set a passcode, take it off, try it; wrong tries earn a growing wait.

The passcode is kept only as a slow salted hash. Each try is counted (as if wrong, with the wait
it would earn) in one statement before it is checked, so tries side by side, from several
processes, all count and never all get past the wait. The slow check runs outside any
transaction; a right try then writes with a conditional update (`storage.passcodes`), which
forgets the wrong tries only if none was counted since, and a wrong try writes nothing after its
check, so it can never undo a right one.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from states.awaiting import NEW_PASSCODE, Awaiting, Unlocks, passcode_question
from storage.crypto import hash_passcode, passcode_matches
from storage.deliveries import reflection_sent_after
from storage.models import Person
from storage.passcodes import open_with_passcode
from storage.people import claim_passcode_try, get_person
from usecases.people import NotStarted, acting_for
from usecases.work import Work

SHORTEST = 4
LONGEST = 32
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


def looks_like_passcode(text: str) -> bool:
    """Tell whether typed text could be a passcode at all; longer writing is kept as usual."""
    return 0 < len(text) <= LONGEST and "\n" not in text


class Verdict(StrEnum):
    RIGHT = "right"  # what asked for it opens
    REMOVED = "removed"  # the lock is off
    WRONG = "wrong"  # counted; `wait` is what it earned
    WAITING = "waiting"  # a wait is in force: neither checked nor counted


class Refusal(StrEnum):
    TOO_LONG = "too-long"
    TOO_SHORT = "too-short"
    DIGITS_SHORT = "digits-short"


@dataclass(frozen=True, slots=True)
class Gate:
    """Whether what is locked may be shown now; if not, how long to wait (None: asked)."""

    open: bool
    wait: timedelta | None = None


@dataclass(frozen=True, slots=True)
class LockAsked:
    """What /lock asked: for a new passcode, or for the one set (to take it off); or to wait."""

    is_set: bool
    wait: timedelta | None = None


@dataclass(frozen=True, slots=True)
class Tried:
    """What a typed passcode led to."""

    verdict: Verdict
    wait: timedelta = timedelta(0)  # WRONG: the wait it earned; WAITING: what is left


@dataclass(frozen=True, slots=True)
class Screened:
    """Typed text looked at before anything else: a passcode question's answer, or the passcode."""

    answers: Awaiting | None  # the open passcode question it answers
    is_passcode: bool = False  # the passcode itself, typed when nothing asked for it


def _waiting(person: Person, at: datetime) -> timedelta | None:
    if person.lock_wait_until is not None and person.lock_wait_until > at:
        return person.lock_wait_until - at
    return None


def _ask(person: Person, then: Awaiting, at: datetime) -> None:
    person.awaiting = then
    person.passcode_asked_at = at


async def open_or_ask(work: Work, chat_id: int, then: Awaiting, at: datetime) -> Gate:
    """Tell whether what is locked may be shown now; if not, ask for the passcode unless a wait
    is in force. Each use while open keeps it open a little longer; `then` goes on once right.
    """
    async with work.transaction() as session:
        person = await acting_for(session, chat_id, stopped_too=True)
        if person.lock_hash is None:
            return Gate(open=True)
        if person.unlocked_until is not None and person.unlocked_until > at:
            person.unlocked_until = at + OPEN_FOR
            return Gate(open=True)
        left = _waiting(person, at)
        if left is None:
            _ask(person, then, at)
        return Gate(open=False, wait=left)


async def ask_for_lock(work: Work, chat_id: int, at: datetime) -> LockAsked:
    """Ask for a new passcode, or for the one set to take the lock off; unless a wait is on."""
    async with work.transaction() as session:
        person = await acting_for(session, chat_id, stopped_too=True)
        is_set = person.lock_hash is not None
        left = _waiting(person, at)
        if left is None:
            _ask(person, passcode_question(Unlocks.REMOVE) if is_set else NEW_PASSCODE, at)
        return LockAsked(is_set, left)


def refusal_of(typed: str) -> Refusal | None:
    """Return why typed text cannot be a passcode, if it cannot."""
    if not looks_like_passcode(typed):
        return Refusal.TOO_LONG
    if len(typed) < SHORTEST:
        return Refusal.TOO_SHORT
    if typed.isdigit() and len(typed) < SHORTEST_DIGITS:
        return Refusal.DIGITS_SHORT
    return None


async def set_passcode(work: Work, chat_id: int, typed: str) -> Refusal | None:
    """Keep a new passcode as a slow hash, closing the lock; return why not, if it is refused."""
    refused = refusal_of(typed)
    if refused is not None:
        return refused
    hashed = await asyncio.to_thread(hash_passcode, typed)  # slow: outside the transaction
    async with work.transaction() as session:
        person = await acting_for(session, chat_id, stopped_too=True)
        person.lock_hash = hashed
        person.lock_failures = 0
        person.lock_wait_until = None
        person.unlocked_until = None
        person.awaiting = None
        person.passcode_asked_at = None
    return None


async def try_passcode(work: Work, chat_id: int, typed: str, at: datetime) -> Tried:
    """Check a passcode; right opens the lock for a while, wrong counts towards a wait."""
    return await _try(work, chat_id, typed, at, remove=False)


async def clear_passcode(work: Work, chat_id: int, typed: str, at: datetime) -> Tried:
    """Take the lock off, if the passcode is right; wrong counts towards a wait as ever."""
    return await _try(work, chat_id, typed, at, remove=True)


async def _try(work: Work, chat_id: int, typed: str, at: datetime, *, remove: bool) -> Tried:
    """Count the try before checking it, so tries side by side never all get past the wait."""
    async with work.transaction() as session:
        claimed = await claim_passcode_try(session, chat_id, at, wait_after, LONGEST_WAIT)
        if claimed is None:  # a wait is in force (or nobody is there): not checked, not counted
            person = await get_person(session, chat_id)
            if person is None:
                raise NotStarted("not_started_yet")
            return Tried(Verdict.WAITING, _waiting(person, at) or timedelta(minutes=1))
    tries, stored = claimed
    right = stored is None or await asyncio.to_thread(passcode_matches, typed, stored)
    if not right:
        return Tried(Verdict.WRONG, wait_after(tries))  # counted already, by the claim
    opened = Verdict.REMOVED if remove else Verdict.RIGHT
    async with work.transaction() as session:
        if stored is None:  # no lock any more: nothing to open, the question is answered
            await _answered(session, chat_id)
            return Tried(opened)
        if await open_with_passcode(session, chat_id, stored, tries, at + OPEN_FOR, remove=remove):
            return Tried(opened)
    return Tried(Verdict.WRONG)  # the passcode was changed or taken off meanwhile


async def _answered(session: AsyncSession, chat_id: int) -> None:
    person = await get_person(session, chat_id)
    if person is not None:
        person.awaiting = None
        person.passcode_asked_at = None


def question_open(person: Person, at: datetime) -> Awaiting | None:
    """Return the passcode question a person is being asked, if one was asked lately."""
    awaiting = person.awaiting
    asked = person.passcode_asked_at
    if awaiting is None or not awaiting.passcode or asked is None:
        return None
    return awaiting if at - asked < QUESTION_LASTS else None


async def screen(work: Work, chat_id: int, typed: str, at: datetime) -> Screened:
    """Look at typed text first: does it answer a passcode question, or is it the passcode?

    While a passcode question is open, short text answers it (a new passcode: any text); a
    question left for some minutes, moved on from by longer writing, or followed by a new
    reflection, is forgotten, so it can never turn a later note into a wrong try. Whenever a
    lock is set, text that is the passcode itself (by the slow hash, in constant time) is
    taken too, however it was meant.
    """
    async with work.transaction() as session:
        person = await get_person(session, chat_id)
        if person is None:
            return Screened(None)
        asked = question_open(person, at)
        since = person.passcode_asked_at
        if asked is not None and since and await reflection_sent_after(session, chat_id, since):
            asked = None  # a reflection came after the question: what follows answers that
        if asked == NEW_PASSCODE or (asked is not None and looks_like_passcode(typed)):
            return Screened(asked)
        if person.awaiting is not None and person.awaiting.passcode:  # left, or longer writing
            person.awaiting = None
        stored = person.lock_hash
    if stored is None or not looks_like_passcode(typed):
        return Screened(None)
    return Screened(None, await asyncio.to_thread(passcode_matches, typed, stored))
