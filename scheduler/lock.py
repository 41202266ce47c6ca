"""Who may send: one process at a time. PostgreSQL advisory lock; SQLite is one process."""

from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.database import Database

log = logging.getLogger(__name__)
SENDER_LOCK_KEY = 0x57_49_54_48  # "WITH": any constant shared by every Within process


class SenderLock:
    """Held on its own connection; if this process dies, PostgreSQL frees it for another."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._connection: AsyncConnection | None = None

    async def acquire(self) -> bool:
        """Take the lock if free, or confirm we still hold it; return whether we hold it."""
        if self.database.dialect != "postgresql":
            return True
        if self._connection is not None:
            try:
                await self._connection.execute(text("SELECT 1"))
                await self._connection.rollback()  # never sit idle inside a transaction
                return True
            except Exception as error:  # the connection died, and the lock with it
                log.warning("lost the sender lock's connection (%s)", type(error).__name__)
                await self._drop()
        connection = await self.database.engine.connect()
        try:
            taken = await connection.scalar(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": SENDER_LOCK_KEY}
            )
            await connection.commit()
        except Exception:
            await connection.close()
            raise
        if not taken:
            await connection.close()
            return False
        self._connection = connection
        log.info("this process is now the one that sends reflections")
        return True

    async def release(self) -> None:
        """Let another process send."""
        if self._connection is not None:
            connection, self._connection = self._connection, None
            try:
                await connection.execute(
                    text("SELECT pg_advisory_unlock(:key)"), {"key": SENDER_LOCK_KEY}
                )
                await connection.commit()
                await connection.close()
            except Exception:
                await connection.invalidate()
                raise

    async def _drop(self) -> None:
        """Throw away a broken connection rather than return it, lock and all, to the pool."""
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                await connection.invalidate()
            except Exception as error:
                log.info("discarding the old lock connection failed (%s)", type(error).__name__)
