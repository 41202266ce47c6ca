"""Queries about journal entries and the bot's recent messages; each scoped to one chat."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, case, delete, func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from states.kinds import EntryStatus
from storage.database import insert_into
from storage.models import (
    UNNAMED,
    CheckIn,
    Delivery,
    HardDate,
    JournalEntry,
    Person,
    PlanEntry,
    SentMessage,
    SteadyWait,
)


async def add_entry(
    session: AsyncSession,
    chat_id: int,
    message_id: int,
    ciphertext: bytes,
    reflection_id: str | None,
    status: EntryStatus,
    now: datetime,
) -> JournalEntry:
    """Keep an encrypted entry (or hold it pending the person's choice)."""
    entry = JournalEntry(
        chat_id=chat_id,
        message_id=message_id,
        reflection_id=reflection_id,
        status=status,
        ciphertext=ciphertext,
        created_at=now,
        updated_at=now,
    )
    session.add(entry)
    await session.flush()
    return entry


async def entry_for_message(
    session: AsyncSession, chat_id: int, message_id: int
) -> JournalEntry | None:
    """Return the entry kept from one of a person's messages, if there is one."""
    return await session.scalar(
        select(JournalEntry).where(
            JournalEntry.chat_id == chat_id, JournalEntry.message_id == message_id
        )
    )


async def entry(session: AsyncSession, chat_id: int, entry_id: int) -> JournalEntry | None:
    """Return one entry, only if it belongs to this chat."""
    return await session.scalar(
        select(JournalEntry).where(JournalEntry.chat_id == chat_id, JournalEntry.id == entry_id)
    )


async def kept_next_to(
    session: AsyncSession,
    chat_id: int,
    *,
    older_than: int | None = None,
    newer_than: int | None = None,
    limit: int,
) -> list[JournalEntry]:
    """Return up to `limit` kept entries beside a cursor, nearest first.

    Older than an entry id: newest first (no cursor: from the newest of all). Newer than one:
    oldest first. Read a page at a time, so a long journal never costs more than a page.
    """
    kept = (JournalEntry.chat_id == chat_id, JournalEntry.status == EntryStatus.KEPT)
    query = select(JournalEntry).where(*kept)
    if newer_than is not None:
        query = query.where(JournalEntry.id > newer_than).order_by(JournalEntry.id)
    else:
        if older_than is not None:
            query = query.where(JournalEntry.id < older_than)
        query = query.order_by(JournalEntry.id.desc())
    return list(await session.scalars(query.limit(limit)))


async def kept_batches(
    session: AsyncSession, chat_id: int, size: int
) -> AsyncIterator[list[JournalEntry]]:
    """Yield every kept entry, oldest first, `size` at a time."""
    after = 0
    while batch := await kept_next_to(session, chat_id, newer_than=after, limit=size):
        yield batch
        after = batch[-1].id


@dataclass(frozen=True, slots=True)
class Kept:
    """How much a person's journal holds: entries and stored bytes, in all and lately."""

    entries: int
    stored: int
    entries_lately: int
    stored_lately: int


async def how_much_kept(session: AsyncSession, chat_id: int, since: datetime) -> Kept:
    """Count a person's entries and the bytes they take, in all and since an instant.

    An entry written or edited since then counts as recent, so edits weigh like new notes.
    """
    size = func.length(JournalEntry.ciphertext)
    recent = JournalEntry.updated_at >= since
    row = (
        await session.execute(
            select(
                func.count(),
                func.coalesce(func.sum(size), 0),
                func.coalesce(func.sum(case((recent, 1), else_=0)), 0),
                func.coalesce(func.sum(case((recent, size), else_=0)), 0),
            ).where(JournalEntry.chat_id == chat_id)
        )
    ).one()  # one pass over the person's entries
    return Kept(*(int(value) for value in row))


Encrypted = JournalEntry | PlanEntry | CheckIn | HardDate


def without(kept: Kept, entry: JournalEntry, since: datetime) -> Kept:
    """Return what is kept less one entry (as about to be replaced by an edit)."""
    size = len(entry.ciphertext)
    recent = entry.updated_at >= since
    return Kept(
        kept.entries - 1,
        kept.stored - size,
        kept.entries_lately - recent,
        kept.stored_lately - size * recent,
    )


async def all_encrypted(
    session: AsyncSession, chat_ids: Sequence[int] | None = None
) -> list[Encrypted]:
    """Every entry, plan part, check-in and named hard date (of these people, if given): for
    key maintenance."""
    rows: list[Encrypted] = []
    for model in (JournalEntry, PlanEntry, CheckIn, HardDate):
        query = select(model)
        if chat_ids is not None:
            query = query.where(model.chat_id.in_(chat_ids))
        rows += list(await session.scalars(query))
    return [row for row in rows if row.ciphertext != UNNAMED]


async def any_ciphertext(session: AsyncSession) -> bytes | None:
    """Return one stored token of any kind, to tell whether anything is stored at all."""
    for model in (JournalEntry, PlanEntry, CheckIn):
        token = await session.scalar(select(model.ciphertext).limit(1))
        if token is not None:
            return token
    return None


KEYS_OF = (
    (JournalEntry, (JournalEntry.id,)),
    (PlanEntry, (PlanEntry.chat_id, PlanEntry.part)),
    (CheckIn, (CheckIn.chat_id, CheckIn.local_date)),
    (HardDate, (HardDate.id,)),
)


async def encrypted_batches(session: AsyncSession, size: int) -> AsyncIterator[list[Encrypted]]:
    """Yield every stored token's row, of every kind (entries, plan parts, check-ins, dates), `size`
    at a time in key order, so that reading all of them never holds more than a batch."""
    for model, key in KEYS_OF:
        after: tuple[Any, ...] | None = None
        while True:
            query = select(model).order_by(*key).limit(size)
            if after is not None:
                query = query.where(tuple_(*key) > tuple_(*after))
            batch: list[Encrypted] = list(await session.scalars(query))
            if not batch:
                break
            yield batch
            after = tuple(getattr(batch[-1], column.key) for column in key)
            session.expunge_all()  # read only: let the batch go


async def remember_message(
    session: AsyncSession, chat_id: int, message_id: int, now: datetime
) -> None:
    """Note a message in a private chat (the bot's or the person's) for 48 hours, so that
    "clear this chat" can delete it: Telegram lets a bot delete only what is that recent."""
    await session.execute(
        insert_into(session, SentMessage)
        .values(chat_id=chat_id, message_id=message_id, sent_at=now)
        .on_conflict_do_nothing()
    )


async def recent_sent(session: AsyncSession, chat_id: int, since: datetime) -> list[int]:
    """Return the ids of messages the bot noted sending to a person since an instant."""
    rows = await session.scalars(
        select(SentMessage.message_id).where(
            SentMessage.chat_id == chat_id, SentMessage.sent_at >= since
        )
    )
    return list(rows)


async def recent_entry_messages(session: AsyncSession, chat_id: int, since: datetime) -> list[int]:
    """Return the message ids of what a person wrote and the journal keeps, since an instant."""
    rows = await session.scalars(
        select(JournalEntry.message_id).where(
            JournalEntry.chat_id == chat_id, JournalEntry.created_at >= since
        )
    )
    return list(rows)


async def erase_person(session: AsyncSession, chat_id: int) -> None:
    """Delete everything stored about a person, in every table."""
    for table in (JournalEntry, PlanEntry, CheckIn, HardDate, SteadyWait, Delivery, SentMessage):
        await session.execute(delete(table).where(table.chat_id == chat_id))
    await session.execute(delete(Person).where(Person.chat_id == chat_id))


async def forget_old(
    session: AsyncSession,
    *,
    entries_before: datetime | None,
    pending_before: datetime,
    sent_before: datetime,
) -> int:
    """Apply retention: old entries (if set), unanswered pending notes, old sent-message ids."""
    removed = 0
    if entries_before is not None:
        result = await session.execute(
            delete(JournalEntry).where(JournalEntry.created_at < entries_before)
        )
        removed += cast(CursorResult[Any], result).rowcount or 0
    await session.execute(
        delete(JournalEntry).where(
            JournalEntry.status == EntryStatus.PENDING, JournalEntry.created_at < pending_before
        )
    )
    await session.execute(delete(SentMessage).where(SentMessage.sent_at < sent_before))
    return removed
