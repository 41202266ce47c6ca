"""Apply and inspect Alembic migrations from async code."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from storage.database import Database

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


async def downgrade(database: Database, revision: str) -> None:
    """Downgrade the database to a revision ('base' empties it)."""
    await _run(database, "downgrade", revision)


async def current_revision(database: Database) -> str | None:
    """Return the revision the database is at, or None if it has none."""
    async with database.engine.connect() as connection:
        return await connection.run_sync(
            lambda sync: MigrationContext.configure(sync).get_current_revision()
        )


async def is_current(database: Database) -> bool:
    """Tell whether the database is at the newest revision."""
    return await current_revision(database) == revision_ids()[-1]


async def _run(database: Database, action: str, revision: str) -> None:
    def run(connection: Connection) -> None:
        config = alembic_config(database.url)
        config.attributes["connection"] = connection
        getattr(command, action)(config, revision)

    async with database.engine.begin() as connection:
        await connection.run_sync(run)
