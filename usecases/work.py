"""One unit of work per update: a single database session, opened when first needed.

Each use case runs in one transaction of the update's session (`Work.transaction`). The ids of
the messages an update brings and sends (kept for 48 hours, so "clear this chat" can delete
them) are written with the next transaction, or when the update ends: a reply's id is known
only once Telegram has it, and no transaction is held open while Telegram is asked.

The bot sets the update's Work (`started`, `ended`); anything else (jobs, the console, tests)
gets a Work of its own from `current`, whose session closes after each transaction.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from contextvars import ContextVar
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from storage.crypto import JournalCipher
from storage.database import Database
from storage.journal import remember_message

log = logging.getLogger(__name__)


class Work:
    """The database session of one update (or one job), and the message ids still to note."""

    def __init__(self, database: Database, cipher: JournalCipher | None, *, shared: bool) -> None:
        self.database = database
        self._cipher = cipher
        self._shared = shared  # one session for the whole update, closed by `end`
        self._session: AsyncSession | None = None
        self._busy = False
        self._ids: list[tuple[int, int, datetime]] = []

    @property
    def cipher(self) -> JournalCipher:
        """Return the journal's cipher (set at start, once the keys are known to work)."""
        if self._cipher is None:
            raise RuntimeError("the journal's keys were not prepared before use")
        return self._cipher

    async def note_message(self, chat_id: int, message_id: int, at: datetime) -> None:
        """Note a message's id with the update's next transaction, or at its end (else now)."""
        self._ids.append((chat_id, message_id, at))
        if not self._shared:
            await self.end()

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """Begin a transaction on this work's session; it commits when the block ends.

        Work a caller stopped waiting for may still hold the session: a new one is opened then.
        """
        session = self._session
        if session is None or self._busy or not self._shared:
            session = self._open()
        self._busy = True
        noting, self._ids = self._ids, []
        try:
            async with session.begin():
                for chat_id, message_id, at in noting:
                    await remember_message(session, chat_id, message_id, at)
                yield session
        except BaseException:
            self._ids = noting + self._ids  # rolled back with it: written later, not lost
            if session is self._session:  # a session that failed is not used again
                self._session = None
                self._busy = False
            await session.close()
            raise
        if session is self._session:
            self._busy = False
        else:
            await session.close()

    @contextlib.asynccontextmanager
    async def reading(self) -> AsyncIterator[AsyncSession]:
        """Like `transaction`, for reads: the ids still to note wait for a later write."""
        ids, self._ids = self._ids, []
        try:
            async with self.transaction() as session:
                yield session
        finally:
            self._ids = ids + self._ids

    async def end(self) -> None:
        """Write the ids still to note, and close the session."""
        try:
            if self._ids:
                async with self.transaction():
                    pass
        finally:
            session, self._session = self._session, None
            if session is not None and not self._busy:
                await session.close()

    def _open(self) -> AsyncSession:
        session = self.database.sessions()
        if self._shared and not self._busy:
            self._session = session
        return session


_CURRENT: ContextVar[Work | None] = ContextVar("within_work", default=None)


def current(database: Database, cipher: JournalCipher | None) -> Work:
    """Return the update's Work if one is running, else a Work of its own for one caller."""
    work = _CURRENT.get()
    return work if work is not None else Work(database, cipher, shared=False)


def started(database: Database, cipher: JournalCipher | None) -> Work:
    """Begin an update's Work: every use case of the update shares its session."""
    work = Work(database, cipher, shared=True)
    _CURRENT.set(work)
    return work


def ended() -> Work | None:
    """Forget the update's Work (the caller ends it) and return it."""
    work = _CURRENT.get()
    _CURRENT.set(None)
    return work
