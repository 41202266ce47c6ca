"""`check`, `db` and `keys`: look after settings, the database and the journal's keys."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date
from typing import TypeVar

from cryptography.fernet import Fernet

from bot.wording.catalogue import load_wording
from config.settings import Settings
from reflections.loader import load_library
from safety.directory import load_directory
from safety.meaning import load_meaning
from safety.patterns import load_detector
from storage import migrate
from storage.database import Database, describe_database
from storage.keys import KeyReport, count_by_key, rotate_keys
from storage.migrate import prepare_database
from timing.places import load_places

T = TypeVar("T")


def check(settings: Settings) -> list[str]:
    """Validate settings, content and database; return summary lines."""
    wording = load_wording()
    library = load_library()
    load_places(), load_detector(), load_meaning()
    directory = load_directory()
    attention = directory.needing_attention(date.today())
    asyncio.run(with_database(settings.database_url, prepare_database))
    return [
        "Settings: fine.",
        f"Database: {describe_database(settings.database_url)}, up to date.",
        f"Wording: {len(wording.message_keys())} messages, {len(wording.commands)} commands.",
        f"Reflections: {len(library.reflections)}, covering the whole source document.",
        f"Helplines: {sum(c.within is None for c in directory.countries.values())} countries "
        "and a fallback for anywhere else.",
        *(
            [f"Helplines to check against their sources ({len(attention)}):"]
            + [f"  {note}" for note in attention]
            if attention
            else []
        ),
        "Mode: " + ("webhook at " + settings.webhook.url if settings.webhook else "long polling"),
    ]


def db_upgrade(settings: Settings) -> str:
    """Apply every migration; return the revision reached."""
    asyncio.run(with_database(settings.database_url, prepare_database))
    return migrate.revision_ids()[-1]


def db_current(settings: Settings) -> str:
    """Return the database's revision, or a note that it has none."""
    revision = asyncio.run(with_database(settings.database_url, migrate.current_revision))
    return revision or "none (empty database)"


def rotate_journal_keys(settings: Settings) -> tuple[int, int]:
    """Re-encrypt every entry with the first key, bound to its owner; return rotated, refused."""

    async def rotate(database: Database) -> tuple[int, int]:
        await prepare_database(database)
        return await rotate_keys(database, settings)

    return asyncio.run(with_database(settings.database_url, rotate))


def check_journal_keys(settings: Settings) -> tuple[list[str], bool]:
    """Report what opens every stored token; return the lines and whether all is well."""

    async def check(database: Database) -> KeyReport:
        await prepare_database(database)
        return await count_by_key(database, settings)

    report = asyncio.run(with_database(settings.database_url, check))
    if settings.journal_keys:
        lines = [
            f"JOURNAL_KEYS key {index}{' (encrypts)' if index == 1 else ''}: opens {count}"
            for index, count in enumerate(report.opened, start=1)
        ]
    else:
        lines = [f"the key file: opens {report.opened[0]}"]
    lines += [
        f"opened by no key: {report.unopened}",
        f"not yet bound to their owner (run `keys rotate`): {report.unbound}",
        f"in another person's or entry's place (refused, never shown): {report.misplaced}",
    ]
    return lines, not (report.unopened or report.misplaced)


def new_journal_key() -> str:
    """Return a fresh key for JOURNAL_KEYS."""
    return Fernet.generate_key().decode("ascii")


async def with_database(url: str, action: Callable[[Database], Awaitable[T]]) -> T:
    """Open the database, run one action with it, and close it again."""
    database = Database(url)
    try:
        return await action(database)
    finally:
        await database.dispose()
