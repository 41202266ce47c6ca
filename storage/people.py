"""Queries about people; every one is scoped to a single chat."""

from __future__ import annotations

from datetime import time

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import EVERY_DAY, Person, PersonStatus, utc_now


async def get_person(session: AsyncSession, chat_id: int) -> Person | None:
    """Return the person in this chat, if they have started the bot."""
    return await session.get(Person, chat_id)


async def ensure_person(
    session: AsyncSession, chat_id: int, timezone: str, send_time: time
) -> tuple[Person, bool]:
    """Return the person in this chat, creating them if new; safe if two processes race."""
    dialect = sqlite if session.bind.dialect.name == "sqlite" else postgresql
    now = utc_now()
    inserted = await session.execute(
        dialect.insert(Person)
        .values(
            chat_id=chat_id,
            status=PersonStatus.ACTIVE,
            timezone=timezone,
            send_time=send_time,
            days=EVERY_DAY,
            silent=False,
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_nothing(index_elements=[Person.chat_id])
    )
    person = await session.get(Person, chat_id, populate_existing=True)
    assert person is not None  # inserted above, or already there
    return person, bool(inserted.rowcount)


async def set_status(session: AsyncSession, chat_id: int, status: PersonStatus) -> bool:
    """Change a person's status; return whether they exist."""
    result = await session.execute(
        update(Person)
        .where(Person.chat_id == chat_id)
        .values(status=status, awaiting=None, updated_at=utc_now())
    )
    return bool(result.rowcount)


async def count_by_status(session: AsyncSession) -> dict[str, int]:
    """Return how many people there are in each status (counts only, no content)."""
    rows = await session.execute(select(Person.status, func.count()).group_by(Person.status))
    return {status: count for status, count in rows.all()}
