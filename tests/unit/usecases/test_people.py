"""Finding a person hands out a snapshot; forgetting a question clears it for good."""

from __future__ import annotations

from datetime import time

from states.awaiting import time_question
from states.kinds import PersonStatus
from storage.people import ensure_person, get_person
from tests.unit.usecases.conftest import NOW
from usecases import people
from usecases.work import Work


async def started(work: Work, chat_id: int = 7) -> None:
    async with work.transaction() as session:
        person, _ = await ensure_person(session, chat_id, "Europe/London", time(8, 0), NOW)
        person.awaiting = time_question(setup=False)


async def test_find_hands_out_a_snapshot_never_the_row(work: Work) -> None:
    assert await people.find(work, 7) is None
    await started(work)
    someone = await people.find(work, 7)
    assert someone is not None and someone.status is PersonStatus.ACTIVE
    assert someone.pending == time_question(setup=False) and not someone.locked
    assert not someone.stopped


async def test_forget_question_clears_it_and_when_it_was_asked(work: Work) -> None:
    await started(work)
    await people.forget_question(work, 7)
    async with work.reading() as session:
        person = await get_person(session, 7)
        assert person is not None and person.awaiting is None and person.awaiting_at is None
    someone = await people.find(work, 7)
    assert someone is not None and someone.pending is None
