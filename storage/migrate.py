"""Apply and inspect Alembic migrations from async code."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from config.settings import ConfigError
from migrations.protections import FLAG
from storage.database import Database, describe_database

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(url: str) -> Config:
    """Return an Alembic configuration for this project's migrations and a database URL."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def revision_ids(url: str = "sqlite://") -> list[str]:
    """Return every revision id, oldest first."""
    script = ScriptDirectory.from_config(alembic_config(url))
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


async def upgrade(database: Database, revision: str = "head") -> None:
    """Upgrade the database to a revision (the newest by default)."""
    await _run(database, "upgrade", revision)


async def downgrade(database: Database, revision: str, *, drop_protections: bool = False) -> None:
    """Downgrade the database to a revision ('base' empties it).

    A step that would drop a protection or people's writing refuses (ProtectionKept) unless
    `drop_protections` is given.
    """
    await _run(database, "downgrade", revision, {FLAG: drop_protections})


async def current_revision(database: Database) -> str | None:
    """Return the revision the database is at, or None if it has none."""
    async with database.engine.connect() as connection:
        return await connection.run_sync(
            lambda sync: MigrationContext.configure(sync).get_current_revision()
        )


async def _run(
    database: Database, action: str, revision: str, attributes: dict[str, object] | None = None
) -> None:
    def run(connection: Connection) -> None:
        config = alembic_config(database.url)
        config.attributes.update(attributes or {})
        config.attributes["connection"] = connection
        getattr(command, action)(config, revision)

    async with database.engine.begin() as connection:
        await connection.run_sync(run)


async def prepare_database(database: Database) -> None:
    """Reach the database and bring its tables up to date, or say in one sentence what to fix."""
    where = describe_database(database.url)
    try:
        await database.ping()
    except Exception as error:  # every driver raises its own kinds; all mean "cannot reach it"
        raise ConfigError(
            f"Could not open the {where} ({type(error).__name__}): check DATABASE_URL "
            "and that the database is running and you may write to it."
        ) from None
    try:
        before = await current_revision(database)
        await upgrade(database)
    except Exception as error:
        raise ConfigError(
            f"Could not bring the {where} up to date ({type(error).__name__}): restore your "
            "last backup or ask for help; nothing was deleted."
        ) from None
    after = revision_ids()[-1]
    if before != after:
        log.info("database upgraded from revision %s to %s", before or "none", after)
