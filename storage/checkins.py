"""Queries about check-ins; every one is scoped to a single chat, and counts never read them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.database import insert_into
from storage.models import CheckIn, Person


async def save_checkin(
    session: AsyncSession, chat_id: int, on: date, ciphertext: bytes, now: datetime
) -> None:
    """Keep how someone felt on a local date, replacing that day's earlier answer."""
    statement = insert_into(session, CheckIn).values(
        chat_id=chat_id, local_date=on, ciphertext=ciphertext, updated_at=now
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[CheckIn.chat_id, CheckIn.local_date],
            set_={"ciphertext": ciphertext, "updated_at": now},
        )
    )


async def checkins_since(session: AsyncSession, chat_id: int, first: date) -> dict[date, bytes]:
    """Return a person's check-ins from a local date on, as stored (encrypted)."""
    rows = await session.execute(
        select(CheckIn.local_date, CheckIn.ciphertext).where(
            CheckIn.chat_id == chat_id, CheckIn.local_date >= first
        )
    )
    return {day: token for day, token in rows.all()}


async def count_using_checkins(session: AsyncSession) -> int:
    """Return how many people have check-ins turned on (a count only)."""
    return await session.scalar(select(func.count()).where(Person.checkins.is_(True))) or 0
