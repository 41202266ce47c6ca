"""The async engine and session factory, for SQLite and PostgreSQL alike."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

SQLITE_BUSY_TIMEOUT_MS = 10_000
POSTGRES_CONNECT_SECONDS = 5  # a server that is away is noticed in moments, not asyncpg's minute
CHECKPOINT = "PRAGMA wal_checkpoint(TRUNCATE)"
CHECKPOINT_BUSY_MS = 100  # each try at emptying the log waits this long for readers
ERASE_SECONDS = 30.0  # then the erase gives up on emptying the log, and logs it

log = logging.getLogger(__name__)


class Database:
    """One engine and session factory, created once and disposed at shutdown."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.engine: AsyncEngine = create_engine(url, echo=echo)
        self.sessions: async_sessionmaker[AsyncSession] = async_sessionmaker(
            self.engine, expire_on_commit=False
        )

    @property
    def dialect(self) -> str:
        """Return 'sqlite' or 'postgresql'."""
        return self.engine.dialect.name

    async def ping(self) -> None:
        """Run a trivial query; raises if the database cannot be reached."""
        async with self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def forget_deleted(self) -> bool:
        """Push erased data out of SQLite's write-ahead log into the (zeroed) database file.

        While another connection holds a read snapshot the log cannot be emptied, so the
        checkpoint is tried again, briefly each time, until it is not busy; after ERASE_SECONDS
        it gives up and says so in the log (the next erase or restart empties it). Returns
        whether the log was emptied (always, for PostgreSQL, which has no such file).
        """
        if self.dialect != "sqlite":
            return True
        pause = 0.02
        waited = 0.0
        async with self.engine.connect() as connection:
            await connection.execute(text(f"PRAGMA busy_timeout={CHECKPOINT_BUSY_MS}"))
            try:
                while True:
                    busy = (await connection.execute(text(CHECKPOINT))).scalar()
                    await connection.commit()
                    if not busy:
                        return True
                    if waited >= ERASE_SECONDS:
                        log.warning(
                            "erased data is still in the write-ahead log after %.0f s: a reader "
                            "held it open; it is emptied by the next erase or restart",
                            waited,
                        )
                        return False
                    await asyncio.sleep(pause)
                    waited += pause + CHECKPOINT_BUSY_MS / 1000
                    pause = min(pause * 2, 0.5)
            finally:
                await connection.execute(text(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}"))

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()


def from_database(error: BaseException) -> bool:
    """Tell whether an error came from the database, or from a connection to it.

    Telegram's faults arrive as TelegramError, never as OSError or TimeoutError.
    """
    if isinstance(error, SQLAlchemyError | OSError | TimeoutError):
        return True
    module = type(error).__module__
    return module.startswith(("asyncpg", "sqlite3", "aiosqlite"))


def dialect_of(session: AsyncSession) -> str:
    """Return the dialect a session talks to: 'sqlite' or 'postgresql'."""
    bind = session.get_bind()
    return bind.dialect.name


def insert_into(session: AsyncSession, model: Any) -> sqlite.Insert | postgresql.Insert:
    """Return an INSERT for this session's dialect, which knows ON CONFLICT."""
    dialect = sqlite if dialect_of(session) == "sqlite" else postgresql
    return dialect.insert(model)


def describe_database(url: str) -> str:
    """Name a database without its password: 'SQLite file data/within.db' or 'PostgreSQL at h:p'."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"SQLite file {parsed.database}"
    return f"PostgreSQL database {parsed.database!r} at {parsed.host}:{parsed.port or 5432}"


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    """Create an async engine; SQLite gets WAL, foreign keys and a busy timeout."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        # Pre-ping: a connection the server dropped (a restart) is replaced before it is used.
        return create_async_engine(
            url,
            echo=echo,
            pool_pre_ping=True,
            connect_args={"timeout": POSTGRES_CONNECT_SECONDS},
        )
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    engine = create_async_engine(
        url, echo=echo, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
    )
    event.listen(engine.sync_engine, "connect", _configure_sqlite)
    return engine


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Erased rows are overwritten with zeros, not just marked free, so they can't be read back.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()
