"""The lock's write after a right passcode, conditional on what was counted before the check."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import case, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Person


async def open_with_passcode(
    session: AsyncSession,
    chat_id: int,
    stored: str,
    tries: int,
    open_until: datetime | None,
    *,
    remove: bool,
) -> bool:
    """Open the lock (or take it off) if the passcode is still the one checked; tell whether.

    The question is answered. The wrong tries in a row are forgotten only if none was counted
    since this one (`tries` is the count it left): a try counted later still stands.
    """
    unchanged = Person.lock_failures == tries
    values: dict[str, Any] = {
        "awaiting": None,
        "awaiting_at": None,
        "passcode_asked_at": None,
        "unlocked_until": open_until,
        "lock_failures": case((unchanged, 0), else_=Person.lock_failures),
        "lock_wait_until": case((unchanged, None), else_=Person.lock_wait_until),
    }
    if remove:
        values.update(lock_hash=None, lock_failures=0, lock_wait_until=None, unlocked_until=None)
    statement = (
        update(Person)
        .where(Person.chat_id == chat_id, Person.lock_hash == stored)
        .values(values)
        .execution_options(synchronize_session=False)
    )
    return cast(CursorResult[Any], await session.execute(statement)).rowcount == 1
