"""Queries about people: one person's, or counts across everyone (never anyone's content)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import case, func, literal, null, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from states.kinds import PersonStatus
from storage.database import dialect_of, insert_into
from storage.models import EVERY_DAY, Person
from storage.types import UTCDateTime


async def get_person(session: AsyncSession, chat_id: int) -> Person | None:
    """Return the person in this chat, if they have started the bot."""
    return await session.get(Person, chat_id)


async def ensure_person(
    session: AsyncSession, chat_id: int, timezone: str, send_time: time, now: datetime
) -> tuple[Person, bool]:
    """Return the person in this chat, creating them if new; safe if two processes race."""
    inserted = await session.execute(
        insert_into(session, Person)
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
        .returning(Person.chat_id)
    )
    created = inserted.first() is not None  # no row comes back when they were already there
    person = await session.get(Person, chat_id, populate_existing=True)
    assert person is not None  # inserted above, or already there
    return person, created


async def due_people(session: AsyncSession, now: datetime, limit: int) -> list[Person]:
    """Return active people whose next delivery is due, earliest first, locked for this claim.

    On PostgreSQL the rows are locked and rows another sender holds are passed over.
    """
    query = (
        select(Person)
        .where(Person.next_delivery_at <= now, Person.status == PersonStatus.ACTIVE)
        .order_by(Person.next_delivery_at)
        .limit(limit)
    )
    if dialect_of(session) == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return list(await session.scalars(query))


async def busiest_minute(
    session: AsyncSession, start: datetime, end: datetime
) -> tuple[datetime, int] | None:
    """Return the minute between two instants in which the most active people fall due."""
    if dialect_of(session) == "postgresql":
        minute: Any = func.date_trunc("minute", Person.next_delivery_at)
    else:
        minute = func.strftime("%Y-%m-%d %H:%M", Person.next_delivery_at)
    count = func.count().label("due")
    row = (
        await session.execute(
            select(minute, count)
            .where(
                Person.status == PersonStatus.ACTIVE,
                Person.next_delivery_at >= start,
                Person.next_delivery_at < end,
            )
            .group_by(minute)
            .order_by(count.desc(), minute)
            .limit(1)
        )
    ).first()
    if row is None:
        return None
    at = row[0] if isinstance(row[0], datetime) else datetime.fromisoformat(row[0])
    return (at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)), int(row[1])


async def make_due_again(session: AsyncSession, chat_id: int, due_at: datetime) -> None:
    """Set an active person's next delivery back to when it was due, for a later tick."""
    await session.execute(
        update(Person)
        .where(Person.chat_id == chat_id, Person.status == PersonStatus.ACTIVE)
        .values(next_delivery_at=due_at)
    )


async def mark_blocked(session: AsyncSession, chat_id: int) -> None:
    """Stop planning deliveries for someone Telegram says cannot be reached; keep their data."""
    await session.execute(
        update(Person)
        .where(Person.chat_id == chat_id)
        .values(status=PersonStatus.BLOCKED, next_delivery_at=None)
    )


async def note_blocked(session: AsyncSession, chat_id: int) -> None:
    """Mark someone who blocked the bot while being answered; one who stopped stays stopped."""
    await session.execute(
        update(Person)
        .where(Person.chat_id == chat_id, Person.status != PersonStatus.STOPPED)
        .values(status=PersonStatus.BLOCKED, next_delivery_at=None)
    )


async def count_by_status(session: AsyncSession) -> dict[str, int]:
    """Return how many people there are in each status (counts only, no content)."""
    rows = await session.execute(select(Person.status, func.count()).group_by(Person.status))
    return {status: count for status, count in rows.all()}


async def claim_passcode_try(
    session: AsyncSession,
    chat_id: int,
    at: datetime,
    wait_after: Callable[[int], timedelta],
    longest: timedelta,
) -> tuple[int, str | None] | None:
    """Count one passcode try, unless a wait is in force; return (tries in a row, stored hash).

    One statement counts the try and starts the wait it would earn if wrong, so tries handled
    side by side (by several processes) can never all be checked before the wait begins. None
    means a wait is in force (or nobody is there): the try is neither checked nor counted.
    """
    tries = Person.lock_failures + 1
    waits = []
    count = 1
    while wait_after(count) < longest:
        wait = wait_after(count)
        waits.append((tries == count, literal(at + wait, UTCDateTime) if wait else null()))
        count += 1
    statement = (
        update(Person)
        .where(
            Person.chat_id == chat_id,
            or_(Person.lock_wait_until.is_(None), Person.lock_wait_until <= at),
        )
        .values(
            lock_failures=tries,
            lock_wait_until=case(*waits, else_=literal(at + longest, UTCDateTime)),
        )
        .returning(Person.lock_failures, Person.lock_hash)
        .execution_options(synchronize_session=False)
    )
    row = (await session.execute(statement)).first()
    return None if row is None else (int(row[0]), row[1])
