"""Storage on SQLite and PostgreSQL: connection settings, time handling, safe registration."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, time, timedelta, timezone

import pytest
from sqlalchemy import text

from states.kinds import PersonStatus
from storage import migrate
from storage.database import Database
from storage.models import Person
from storage.people import count_by_status, ensure_person, mark_blocked

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    db = Database(database_url)
    await migrate.upgrade(db)
    yield db
    await db.dispose()


async def test_sqlite_runs_in_wal_with_foreign_keys(sqlite_url: str) -> None:
    db = Database(sqlite_url)
    async with db.engine.connect() as connection:
        mode = (await connection.execute(text("PRAGMA journal_mode"))).scalar()
        keys = (await connection.execute(text("PRAGMA foreign_keys"))).scalar()
        timeout = (await connection.execute(text("PRAGMA busy_timeout"))).scalar()
    await db.dispose()
    assert (mode, keys) == ("wal", 1)
    assert timeout is not None and timeout >= 5000


async def test_instants_come_back_aware_and_equal(database: Database) -> None:
    instant = datetime(2026, 10, 25, 1, 30, tzinfo=timezone(timedelta(hours=1)))
    async with database.sessions.begin() as session:
        person, _ = await ensure_person(session, 10, "Europe/London", time(7, 30), NOW)
        person.next_delivery_at = instant
    async with database.sessions() as session:
        loaded = await session.get(Person, 10)
    assert loaded is not None and loaded.next_delivery_at is not None
    assert loaded.next_delivery_at == instant
    assert loaded.next_delivery_at.tzinfo == UTC


async def test_naive_instants_are_refused(database: Database) -> None:
    with pytest.raises(Exception, match="naive"):
        async with database.sessions.begin() as session:
            person, _ = await ensure_person(session, 11, "Europe/London", time(7, 30), NOW)
            person.next_delivery_at = datetime(2026, 1, 1, 8, 0)


async def test_two_starts_at_once_make_one_person(database: Database) -> None:
    async def start() -> bool:
        async with database.sessions.begin() as session:
            _, created = await ensure_person(session, 42, "Europe/Dublin", time(8), NOW)
            return created

    results = await asyncio.gather(*(start() for _ in range(5)))
    assert sorted(results) == [False, False, False, False, True]
    async with database.sessions() as session:
        assert await count_by_status(session) == {"active": 1}


async def test_status_changes_and_counts(database: Database) -> None:
    async with database.sessions.begin() as session:
        for chat_id in (1, 2, 3):
            await ensure_person(session, chat_id, "Europe/London", time(8), NOW)
        stopped = await session.get(Person, 2)
        assert stopped is not None
        stopped.status = PersonStatus.STOPPED
        await mark_blocked(session, 3)
        await mark_blocked(session, 99)  # nobody there: nothing happens
    async with database.sessions() as session:
        assert await count_by_status(session) == {"active": 1, "stopped": 1, "blocked": 1}
