"""Opening the store: the schema brought up to date, the journal's keys checked, faults told."""

from __future__ import annotations

import sqlite3

from sqlalchemy import inspect
from sqlalchemy.exc import OperationalError

from storage.crypto import entry_owner
from tests.conftest import make_settings
from usecases import store


async def test_prepare_brings_the_schema_up_and_hands_back_a_working_cipher(
    sqlite_url: str,
) -> None:
    database = store.open_database(sqlite_url)
    settings = make_settings("http://127.0.0.1:9", sqlite_url)
    try:
        cipher = await store.prepare(database, settings)
        async with database.engine.connect() as connection:
            tables = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
        assert {"people", "journal_entries"} <= set(tables)
        token = cipher.encrypt("a note", entry_owner(7, 1))
        assert cipher.decrypt(token, entry_owner(7, 1)) == "a note"
        again = await store.prepare(database, settings)
        assert again.decrypt(token, entry_owner(7, 1)) == "a note"  # the same keys, found again
    finally:
        await database.dispose()


def test_a_database_fault_is_told_from_any_other_error() -> None:
    locked = OperationalError("UPDATE people", {}, sqlite3.OperationalError("database is locked"))
    assert store.database_fault(locked)
    assert store.database_fault(ConnectionRefusedError())
    assert not store.database_fault(ValueError("a person typed something odd"))
