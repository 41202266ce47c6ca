"""Use cases are tested without Telegram: a migrated SQLite file, a cipher, and a Work."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from cryptography.fernet import Fernet

from storage.crypto import JournalCipher
from storage.database import Database
from storage.migrate import upgrade
from usecases.work import Work

NOW = datetime(2026, 12, 4, 9, 30, tzinfo=UTC)


@pytest.fixture
async def database(sqlite_url: str) -> AsyncIterator[Database]:
    db = Database(sqlite_url)
    await upgrade(db)
    yield db
    await db.dispose()


@pytest.fixture
def cipher() -> JournalCipher:
    return JournalCipher.from_keys([Fernet.generate_key().decode()], legacy=False)


@pytest.fixture
def work(database: Database, cipher: JournalCipher) -> Work:
    """A Work of its own for each call, as a job or the console has."""
    return Work(database, cipher, shared=False)
