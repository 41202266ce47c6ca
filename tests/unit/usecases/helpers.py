"""Setting the scene for use case tests: a person, a reflection sent to them, kept entries."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import func, select

from states.kinds import DeliveryStatus, EntryStatus
from storage.crypto import entry_owner
from storage.journal import add_entry
from storage.models import Delivery, JournalEntry, SentMessage
from storage.people import ensure_person
from tests.unit.usecases.conftest import NOW
from usecases.work import Work


async def started(work: Work, chat_id: int = 7, timezone: str = "Europe/London") -> None:
    async with work.transaction() as session:
        await ensure_person(session, chat_id, timezone, time(8, 0), NOW)


async def reflection_sent(work: Work, chat_id: int, message_id: int, on: date) -> None:
    async with work.transaction() as session:
        sent = Delivery(chat_id=chat_id, local_date=on, reflection_id="leaning", sent_at=NOW)
        sent.message_id = message_id
        sent.status = DeliveryStatus.SENT
        session.add(sent)


async def kept(work: Work, chat_id: int, message_id: int, text: str, at: datetime = NOW) -> int:
    token = work.cipher.encrypt(text, entry_owner(chat_id, message_id))
    async with work.transaction() as session:
        entry = await add_entry(session, chat_id, message_id, token, None, EntryStatus.KEPT, at)
        return entry.id


async def rows(work: Work) -> list[JournalEntry]:
    async with work.reading() as session:
        return list(await session.scalars(select(JournalEntry).order_by(JournalEntry.id)))


async def noted_ids(work: Work) -> int:
    async with work.reading() as session:
        return int(await session.scalar(select(func.count()).select_from(SentMessage)) or 0)
