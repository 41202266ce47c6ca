"""Erasing a person takes everything, and names only their recent messages to clear."""

from __future__ import annotations

from datetime import timedelta

from storage.journal import remember_message
from storage.people import get_person
from tests.unit.usecases.conftest import NOW
from tests.unit.usecases.helpers import kept, rows, started
from usecases.erasing import erase_everything
from usecases.work import Work


async def test_erase_everything_and_name_what_to_clear(work: Work) -> None:
    await started(work)
    await started(work, chat_id=8)
    await kept(work, 7, 5, "mine")
    await kept(work, 8, 6, "someone else's")
    async with work.transaction() as session:
        await remember_message(session, 7, 40, NOW)
        await remember_message(session, 7, 3, NOW - timedelta(days=3))  # too old to delete
    erased = await erase_everything(work, 7, NOW + timedelta(hours=1), clear=True)
    assert erased.to_clear == (5, 40) and not erased.older
    async with work.reading() as session:
        assert await get_person(session, 7) is None and await get_person(session, 8) is not None
    assert [entry.chat_id for entry in await rows(work)] == [8]


async def test_without_clearing_nothing_is_named(work: Work) -> None:
    await started(work)
    await kept(work, 7, 5, "mine")
    erased = await erase_everything(work, 7, NOW + timedelta(days=3), clear=False)
    assert erased.to_clear == () and erased.older
    assert await rows(work) == []
