"""Where the bot keeps everything, as it holds it: the database and the journal's keys.

The bot opens the database at start, brings its schema up to date and checks the journal's keys
here; everything else it does with them goes through the other use cases.
"""

from __future__ import annotations

from config.settings import Settings
from storage.crypto import JournalCipher
from storage.database import Database, from_database
from storage.keys import prepare_journal
from storage.migrate import prepare_database

__all__ = ["Database", "JournalCipher", "database_fault", "open_database", "prepare"]


def open_database(url: str) -> Database:
    """Return the database at this URL; nothing connects until it is first used."""
    return Database(url)


async def prepare(database: Database, settings: Settings) -> JournalCipher:
    """Bring the schema up to date and check the journal's keys; return the journal's cipher."""
    await prepare_database(database)
    return await prepare_journal(database, settings)


def database_fault(error: BaseException) -> bool:
    """Tell whether an error came from the database (unreachable, locked, refused)."""
    return from_database(error)
