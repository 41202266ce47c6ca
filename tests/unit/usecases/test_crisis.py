"""Crisis answers keep only once-a-day marks (never the date) and the country for the lines."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from storage.people import ensure_person, get_person
from tests.unit.usecases.conftest import NOW
from usecases import crisis
from usecases.people import NotStarted
from usecases.work import Work


async def started(work: Work, chat_id: int = 7) -> None:
    async with work.transaction() as session:
        await ensure_person(session, chat_id, "Pacific/Auckland", time(8, 0), NOW)


async def test_the_safety_question_is_asked_once_a_local_day(work: Work) -> None:
    await started(work)
    assert await crisis.note_safety_question(work, 7, NOW)
    assert not await crisis.note_safety_question(work, 7, NOW + timedelta(hours=1))
    assert await crisis.note_distress_answer(work, 7, NOW)  # a mark of its own kind
    assert await crisis.note_safety_question(work, 7, NOW + timedelta(days=1))
    async with work.reading() as session:
        person = await get_person(session, 7)
    assert person is not None and NOW.date().isoformat() not in str(person.safety_mark)


async def test_someone_not_started_is_always_asked(work: Work) -> None:
    assert await crisis.note_safety_question(work, 8, NOW)
    assert await crisis.note_safety_question(work, 8, NOW)


async def test_the_country_is_kept_for_someone_started_only(work: Work) -> None:
    with pytest.raises(NotStarted):
        await crisis.choose_country(work, 7, "IE")
    await started(work)
    await crisis.choose_country(work, 7, "IE")
    async with work.reading() as session:
        person = await get_person(session, 7)
    assert person is not None and person.country == "IE"


async def test_an_edit_with_no_entry_is_never_the_same(work: Work) -> None:
    await started(work)
    assert not await crisis.says_the_same(work, 7, 99, "anything")
