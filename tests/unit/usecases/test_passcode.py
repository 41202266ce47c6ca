"""The lock: a passcode kept only as a hash, tries counted before they are checked."""

from __future__ import annotations

import asyncio
from datetime import time, timedelta

import pytest

from states.awaiting import NEW_PASSCODE, Unlocks, passcode_question
from storage.models import Person
from storage.people import ensure_person, get_person
from tests.unit.usecases.conftest import NOW
from usecases import passcode
from usecases.passcode import Refusal, Verdict
from usecases.people import NotStarted
from usecases.work import Work

PASSCODE = "tulip 42"
JOURNAL = passcode_question(Unlocks.JOURNAL)


async def started(work: Work, chat_id: int = 7) -> None:
    async with work.transaction() as session:
        await ensure_person(session, chat_id, "Europe/London", time(8, 0), NOW)


async def row(work: Work, chat_id: int = 7) -> Person:
    async with work.reading() as session:
        person = await get_person(session, chat_id)
    assert person is not None
    return person


async def locked(work: Work) -> None:
    await started(work)
    assert await passcode.set_passcode(work, 7, PASSCODE) is None


async def test_a_passcode_is_kept_only_as_a_slow_hash_and_closes_the_lock(work: Work) -> None:
    await started(work)
    assert (await passcode.ask_for_lock(work, 7, NOW)).is_set is False
    assert (await row(work)).awaiting == NEW_PASSCODE
    assert await passcode.set_passcode(work, 7, PASSCODE) is None
    person = await row(work)
    assert person.lock_hash is not None and person.lock_hash.startswith("scrypt$")
    assert PASSCODE not in person.lock_hash and person.awaiting is None
    assert (await passcode.ask_for_lock(work, 7, NOW)).is_set is True


@pytest.mark.parametrize(
    ("typed", "refused"),
    [("abc", Refusal.TOO_SHORT), ("4821", Refusal.DIGITS_SHORT), ("x" * 33, Refusal.TOO_LONG)],
)
async def test_a_passcode_too_easy_or_too_long_is_refused_and_nothing_is_set(
    work: Work, typed: str, refused: Refusal
) -> None:
    await started(work)
    assert await passcode.set_passcode(work, 7, typed) is refused
    assert (await row(work)).lock_hash is None


async def test_the_lock_asks_then_the_right_passcode_opens_it_for_a_while(work: Work) -> None:
    await locked(work)
    gate = await passcode.open_or_ask(work, 7, JOURNAL, NOW)
    assert not gate.open and gate.wait is None
    assert (await row(work)).awaiting == JOURNAL
    assert (await passcode.try_passcode(work, 7, PASSCODE, NOW)).verdict is Verdict.RIGHT
    person = await row(work)
    assert person.awaiting is None and person.lock_failures == 0
    assert (await passcode.open_or_ask(work, 7, JOURNAL, NOW + timedelta(minutes=9))).open
    assert (await passcode.open_or_ask(work, 7, JOURNAL, NOW + timedelta(minutes=18))).open
    later = NOW + timedelta(minutes=29)  # ten minutes after the last use
    assert not (await passcode.open_or_ask(work, 7, JOURNAL, later)).open


async def test_wrong_tries_wait_longer_and_a_try_while_waiting_is_never_checked(
    work: Work,
) -> None:
    await locked(work)
    waits = [(await passcode.try_passcode(work, 7, "wrong", NOW)).wait for _ in range(3)]
    assert waits == [timedelta(0), timedelta(0), timedelta(minutes=1)]
    tried = await passcode.try_passcode(work, 7, PASSCODE, NOW + timedelta(seconds=30))
    assert tried.verdict is Verdict.WAITING and tried.wait == timedelta(seconds=30)
    assert (await row(work)).lock_failures == 3  # not counted
    later = NOW + timedelta(minutes=1, seconds=1)
    assert (await passcode.try_passcode(work, 7, "wrong", later)).wait == timedelta(minutes=2)
    gate = await passcode.open_or_ask(work, 7, JOURNAL, later)
    assert not gate.open and gate.wait is not None


async def test_wrong_tries_side_by_side_all_count_and_never_all_pass_the_wait(
    work: Work,
) -> None:
    await locked(work)
    tried = await asyncio.gather(*(passcode.try_passcode(work, 7, "wrong", NOW) for _ in range(6)))
    assert sum(t.verdict is Verdict.WRONG for t in tried) == 3  # only the free tries checked
    assert sum(t.verdict is Verdict.WAITING for t in tried) == 3
    person = await row(work)
    assert person.lock_failures == 3 and person.lock_wait_until == NOW + timedelta(minutes=1)


async def test_a_right_try_forgets_the_wrong_ones_but_not_a_try_counted_after_it(
    work: Work, monkeypatch: pytest.MonkeyPatch
) -> None:
    await locked(work)
    await passcode.try_passcode(work, 7, "wrong", NOW)
    assert (await passcode.try_passcode(work, 7, PASSCODE, NOW)).verdict is Verdict.RIGHT
    person = await row(work)
    assert person.lock_failures == 0 and person.lock_wait_until is None
    # A wrong try counted while the right one was being checked still stands; it opens anyway.
    real = passcode.passcode_matches
    raced = list[bool]()

    def racing(typed: str, stored: str) -> bool:
        if not raced:
            raced.append(True)
            other = Work(work.database, None, shared=False)
            asyncio.run(passcode.try_passcode(other, 7, "wrong", NOW))
        return real(typed, stored)

    monkeypatch.setattr(passcode, "passcode_matches", racing)
    assert (await passcode.try_passcode(work, 7, PASSCODE, NOW)).verdict is Verdict.RIGHT
    person = await row(work)
    assert person.lock_failures == 2 and person.unlocked_until == NOW + passcode.OPEN_FOR


async def test_the_lock_comes_off_only_with_the_passcode(work: Work) -> None:
    await locked(work)
    assert (await passcode.clear_passcode(work, 7, "not it", NOW)).verdict is Verdict.WRONG
    assert (await row(work)).lock_hash is not None
    assert (await passcode.clear_passcode(work, 7, PASSCODE, NOW)).verdict is Verdict.REMOVED
    person = await row(work)
    assert person.lock_hash is None and person.lock_failures == 0
    assert (await passcode.open_or_ask(work, 7, JOURNAL, NOW)).open


async def test_typed_text_answers_an_open_question_or_is_taken_as_the_passcode(
    work: Work,
) -> None:
    await locked(work)
    assert await passcode.screen(work, 7, "so tired", NOW) == passcode.Screened(None)
    assert await passcode.screen(work, 7, PASSCODE, NOW) == passcode.Screened(None, True)
    await passcode.open_or_ask(work, 7, JOURNAL, NOW)
    assert (await passcode.screen(work, 7, "a guess", NOW)).answers == JOURNAL
    # Left for some minutes, the question is forgotten: later writing is writing.
    later = NOW + passcode.QUESTION_LASTS
    assert (await passcode.screen(work, 7, "a guess", later)).answers is None
    assert (await row(work)).awaiting is None


async def test_nobody_to_lock_for(work: Work) -> None:
    with pytest.raises(NotStarted):
        await passcode.ask_for_lock(work, 7, NOW)
    with pytest.raises(NotStarted):
        await passcode.try_passcode(work, 7, PASSCODE, NOW)
