"""Migrations: every revision up and down, data kept across upgrades, models match the schema."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from migrations.protections import ProtectionKept
from states.awaiting import Awaiting
from storage import migrate
from storage.database import Database
from storage.models import Base


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    db = Database(database_url)
    yield db
    await db.dispose()


async def tables(database: Database) -> set[str]:
    async with database.engine.connect() as connection:
        names = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
    return set(names) - {"alembic_version"}


async def test_stairway_up_down_up_through_every_revision(database: Database) -> None:
    revisions = migrate.revision_ids()
    assert revisions[0] == "0001" and len(revisions) >= 2
    for index, revision in enumerate(revisions):
        previous = revisions[index - 1] if index else "base"
        await migrate.upgrade(database, revision)
        assert await migrate.current_revision(database) == revision
        await migrate.downgrade(database, previous, drop_protections=True)
        assert await migrate.current_revision(database) == (None if index == 0 else previous)
        await migrate.upgrade(database, revision)
    await migrate.downgrade(database, "base", drop_protections=True)
    assert await tables(database) == set()


@pytest.mark.parametrize(
    ("revision", "dropped"),
    [
        ("0005", "every journal entry"),
        ("0007", "every safety plan"),
        ("0008", "every check-in"),
        ("0009", "discreet delivery"),
        ("0010", "the journal lock"),
        ("0014", "the binding of edited entries"),
    ],
)
async def test_a_downgrade_that_drops_a_protection_refuses_unless_asked_by_name(
    database: Database, revision: str, dropped: str
) -> None:
    revisions = migrate.revision_ids()
    await migrate.upgrade(database, revision)
    previous = revisions[revisions.index(revision) - 1]
    with pytest.raises(ProtectionKept, match=dropped):
        await migrate.downgrade(database, previous)
    assert await migrate.current_revision(database) == revision  # nothing was changed
    await migrate.downgrade(database, previous, drop_protections=True)
    assert await migrate.current_revision(database) == previous


async def test_models_match_the_migrated_schema(database: Database) -> None:
    await migrate.upgrade(database)
    async with database.engine.connect() as connection:
        differences = await connection.run_sync(
            lambda sync: compare_metadata(
                MigrationContext.configure(sync, opts={"compare_type": True}), Base.metadata
            )
        )
    assert differences == []


async def test_upgrade_keeps_rows_written_at_the_previous_revision(database: Database) -> None:
    revisions = migrate.revision_ids()
    await migrate.upgrade(database, revisions[-2])
    created = datetime(2026, 3, 29, 0, 30)
    async with database.engine.begin() as connection:
        for chat_id in (1, 2, -3):
            await connection.execute(
                text(
                    "INSERT INTO people (chat_id, status, timezone, send_time, days, "
                    "next_delivery_at, created_at, updated_at) VALUES "
                    "(:id, 'active', 'Australia/Lord_Howe', '07:30:00', 31, :at, :at, :at)"
                ),
                {"id": chat_id, "at": created},
            )
    await migrate.upgrade(database)

    async with database.engine.connect() as connection:
        rows = (
            await connection.execute(
                text("SELECT chat_id, status, timezone, days, silent, awaiting FROM people")
            )
        ).all()
    assert sorted(rows) == [
        (-3, "active", "Australia/Lord_Howe", 31, False, None),
        (1, "active", "Australia/Lord_Howe", 31, False, None),
        (2, "active", "Australia/Lord_Howe", 31, False, None),
    ]


async def test_upgrade_twice_is_harmless(database: Database) -> None:
    await migrate.upgrade(database)
    await migrate.upgrade(database)
    assert await migrate.current_revision(database) == migrate.revision_ids()[-1]
    assert "people" in await tables(database)


async def test_people_from_before_set_up_existed_count_as_set_up(database: Database) -> None:
    await migrate.upgrade(database, "0002")
    async with database.engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO people (chat_id, status, timezone, send_time, days, created_at, "
                "updated_at, silent) VALUES (7, 'active', 'Europe/London', '08:00:00', 127, "
                ":at, :at, false)"
            ),
            {"at": datetime(2026, 1, 1)},
        )
    await migrate.upgrade(database, "0003")
    async with database.engine.connect() as connection:
        row = (await connection.execute(text("SELECT setup_complete FROM people"))).one()
    assert row == (True,)


async def test_questions_stored_in_the_earlier_shape_read_the_same_after_0018(
    database: Database,
) -> None:
    await migrate.upgrade(database, "0017")
    earlier = ["time+", "tz", "plan:signs+", "plan:matters", "lock:new", "lock:journal"]
    earlier += ["date:label", "from-a-later-version"]
    async with database.engine.begin() as connection:
        for chat_id, stored in enumerate(earlier, start=1):
            await connection.execute(
                text(
                    "INSERT INTO people (chat_id, status, timezone, send_time, days, created_at, "
                    "updated_at, awaiting) VALUES (:id, 'active', 'Europe/London', '08:00:00', "
                    "127, :at, :at, :awaiting)"
                ),
                {"id": chat_id, "at": datetime(2026, 12, 1), "awaiting": stored},
            )
    read_before = [Awaiting.read(stored) for stored in earlier]
    await migrate.upgrade(database)
    async with database.engine.connect() as connection:
        rows = (
            await connection.execute(text("SELECT awaiting FROM people ORDER BY chat_id"))
        ).all()
    now = [stored for (stored,) in rows]
    assert now[:3] == ["time/step", "zone", "plan/signs/step"]
    assert [Awaiting.read(stored) for stored in now] == read_before
    assert read_before[-1] is None and None not in read_before[:-1]
    await migrate.downgrade(database, "0017")
    async with database.engine.connect() as connection:
        rows = (
            await connection.execute(text("SELECT awaiting FROM people ORDER BY chat_id"))
        ).all()
    assert [stored for (stored,) in rows] == earlier
