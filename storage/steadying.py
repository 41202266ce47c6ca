"""Queries for the hard moments: a wait's one return, hard dates, and marked notes."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from states.kinds import EntryStatus
from storage.database import insert_into
from storage.models import UNNAMED, HardDate, JournalEntry, Person, SteadyWait


async def start_wait(session: AsyncSession, chat_id: int, due_at: datetime) -> None:
    """Note when to come back to a person, once; a new wait takes the place of an older one."""
    statement = insert_into(session, SteadyWait).values(chat_id=chat_id, due_at=due_at)
    await session.execute(
        statement.on_conflict_do_update(index_elements=["chat_id"], set_={"due_at": due_at})
    )


async def end_wait(session: AsyncSession, chat_id: int) -> bool:
    """Forget a person's wait; tell whether there was one."""
    gone = await session.execute(
        delete(SteadyWait).where(SteadyWait.chat_id == chat_id).returning(SteadyWait.chat_id)
    )
    return gone.first() is not None


async def take_due_waits(session: AsyncSession, now: datetime, limit: int = 200) -> list[int]:
    """Delete the waits that are due and return whose they were: each is taken exactly once,
    by one process, before its message goes (so a crash loses the return, never doubles it)."""
    due = select(SteadyWait.chat_id).where(SteadyWait.due_at <= now).limit(limit)
    gone = await session.execute(
        delete(SteadyWait).where(SteadyWait.chat_id.in_(due)).returning(SteadyWait.chat_id)
    )
    return [chat_id for (chat_id,) in gone.all()]


async def note_breathing(session: AsyncSession, chat_id: int, message_id: int | None) -> None:
    """Note the message slow breathing runs in (None: none runs, or it was stopped)."""
    await session.execute(
        update(Person).where(Person.chat_id == chat_id).values(breathing_message_id=message_id)
    )


async def breathing_goes_on(session: AsyncSession, chat_id: int, message_id: int) -> bool:
    """Tell whether slow breathing in this message was not stopped (someone not started yet,
    with nowhere to note it, is stopped only by the process that runs it)."""
    noted = await session.execute(
        select(Person.breathing_message_id).where(Person.chat_id == chat_id)
    )
    row = noted.first()
    return row is None or row[0] == message_id


def falls_on(hard: HardDate, on: date) -> bool:
    """Tell whether a noted date falls on a day; 29 February is kept on the 28th in other years."""
    if hard.year is not None and hard.year != on.year:
        return False
    if (hard.month, hard.day) == (on.month, on.day):
        return True
    leap = on.year % 4 == 0 and (on.year % 100 != 0 or on.year % 400 == 0)
    return (hard.month, hard.day, on.month, on.day) == (2, 29, 2, 28) and not leap


async def hard_dates_of(session: AsyncSession, chat_ids: list[int]) -> dict[int, list[HardDate]]:
    """Return the named hard dates of several people (names unread: they stay encrypted)."""
    rows = await session.scalars(
        select(HardDate)
        .where(HardDate.chat_id.in_(chat_ids), HardDate.ciphertext != UNNAMED)
        .order_by(HardDate.month, HardDate.day, HardDate.id)
    )
    found: dict[int, list[HardDate]] = {}
    for row in rows:
        found.setdefault(row.chat_id, []).append(row)
    return found


async def note_date(
    session: AsyncSession, chat_id: int, month: int, day: int, year: int | None
) -> None:
    """Note a day (not named yet), in place of any other a person left unnamed."""
    await forget_unnamed(session, chat_id)
    session.add(HardDate(chat_id=chat_id, month=month, day=day, year=year))


async def hard_date(session: AsyncSession, chat_id: int, date_id: int) -> HardDate | None:
    """Return one hard date, only if it belongs to this chat."""
    return await session.scalar(
        select(HardDate).where(HardDate.chat_id == chat_id, HardDate.id == date_id)
    )


async def unnamed_date(session: AsyncSession, chat_id: int) -> HardDate | None:
    """Return the date a person is naming now (noted, not yet named), if any."""
    return await session.scalar(
        select(HardDate)
        .where(HardDate.chat_id == chat_id, HardDate.ciphertext == UNNAMED)
        .order_by(HardDate.id.desc())
        .limit(1)
    )


async def forget_unnamed(session: AsyncSession, chat_id: int) -> None:
    """Drop dates noted but never named (a naming given up part-way)."""
    await session.execute(
        delete(HardDate).where(HardDate.chat_id == chat_id, HardDate.ciphertext == UNNAMED)
    )


async def eves_to_consider(
    session: AsyncSession, days: list[date]
) -> list[tuple[HardDate, Person]]:
    """Return the named dates on these days (by day and month) that want a quiet line the day
    before, with their people; 29 February is looked for beside 28 February."""
    wanted = {(day.month, day.day) for day in days}
    if (2, 28) in wanted:
        wanted.add((2, 29))
    on_a_day = or_(*(and_(HardDate.month == m, HardDate.day == d) for m, d in sorted(wanted)))
    rows = await session.execute(
        select(HardDate, Person)
        .join(Person, Person.chat_id == HardDate.chat_id)
        .where(HardDate.eve.is_(True), HardDate.ciphertext != UNNAMED, on_a_day)
    )
    return [(hard, person) for hard, person in rows.all()]


async def claim_eve(session: AsyncSession, date_id: int, on: date) -> bool:
    """Note that the eve line for a date goes on a local day; False if it already went."""
    claimed = await session.execute(
        update(HardDate)
        .where(
            HardDate.id == date_id,
            or_(HardDate.eve_sent_on.is_(None), HardDate.eve_sent_on != on),
        )
        .values(eve_sent_on=on)
        .returning(HardDate.id)
    )
    return claimed.first() is not None


async def marked_notes(session: AsyncSession, chat_id: int, limit: int) -> list[JournalEntry]:
    """Return the kept notes a person marked as something they know, newest first."""
    rows = await session.scalars(
        select(JournalEntry)
        .where(
            JournalEntry.chat_id == chat_id,
            JournalEntry.status == EntryStatus.KEPT,
            JournalEntry.known.is_(True),
        )
        .order_by(JournalEntry.created_at.desc(), JournalEntry.id.desc())
        .limit(limit)
    )
    return list(rows)


async def claim_known_offer(session: AsyncSession, chat_id: int) -> bool:
    """Note that a person is offered their marked notes; False if offered before or none."""
    person = await session.get(Person, chat_id)
    if person is None or person.known_offered or not await people_with_marks(session, [chat_id]):
        return False
    person.known_offered = True
    return True


async def people_with_marks(session: AsyncSession, chat_ids: list[int]) -> set[int]:
    """Return which of these people have at least one marked note."""
    rows = await session.scalars(
        select(JournalEntry.chat_id)
        .where(JournalEntry.chat_id.in_(chat_ids), JournalEntry.known.is_(True))
        .distinct()
    )
    return set(rows)
