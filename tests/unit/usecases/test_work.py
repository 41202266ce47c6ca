"""One unit of work: one session for an update, message ids written with its transactions."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storage.crypto import JournalCipher
from storage.database import Database
from storage.models import SentMessage
from tests.unit.usecases.conftest import NOW
from usecases.people import NotStarted
from usecases.work import Work, current, ended, started


async def noted(database: Database) -> list[int]:
    async with database.sessions() as session:
        return sorted(await session.scalars(select(SentMessage.message_id)))


async def test_an_update_shares_one_session_and_writes_ids_with_its_transaction(
    database: Database, cipher: JournalCipher, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = 0
    sessions = database.sessions

    def counting() -> object:
        nonlocal opened
        opened += 1
        return sessions()

    monkeypatch.setattr(database, "sessions", counting)
    work = started(database, cipher)
    assert current(database, cipher) is work
    await work.note_message(7, 100, NOW)  # the person's message
    assert await noted(database) == []  # not yet: it waits for the update's transaction
    async with work.reading():
        pass
    async with work.transaction():
        pass
    await work.note_message(7, 101, NOW)  # the reply, once Telegram gave its id
    assert ended() is work and current(database, cipher) is not work
    await work.end()
    assert await noted(database) == [100, 101]
    assert opened == 1 + 2  # the update's one session, and the two `noted` reads here


async def test_outside_an_update_each_id_is_written_at_once(work: Work, database: Database) -> None:
    await work.note_message(7, 5, NOW)
    assert await noted(database) == [5]


async def test_work_still_running_late_never_shares_its_session(
    database: Database, cipher: JournalCipher
) -> None:
    work = started(database, cipher)
    try:
        async with work.transaction() as first, work.transaction() as second:
            assert first is not second  # the first is still busy: the second opens its own
        async with work.transaction() as third:
            assert third is first
    finally:
        ended()
        await work.end()


async def test_ids_rolled_back_with_a_failed_use_case_are_written_at_the_end(
    database: Database, cipher: JournalCipher
) -> None:
    work = started(database, cipher)
    await work.note_message(7, 200, NOW)
    with pytest.raises(NotStarted):
        async with work.transaction():
            raise NotStarted("not_started_yet")  # as acting_for does for a stranger
    assert await noted(database) == []
    ended()
    await work.end()
    assert await noted(database) == [200]
