"""/export: everything a person keeps (notes, plan, check-ins, noted days), read and opened."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from states.kinds import Mood, PlanPart
from storage.checkins import checkins_since
from storage.crypto import JournalCipher, Tally, checkin_owner, plan_owner
from storage.journal import kept_batches
from storage.models import HardDate, JournalEntry
from storage.people import get_person
from storage.plans import plan_parts
from storage.steadying import hard_dates_of
from usecases.dates import NotedDate, opened_dates
from usecases.journal import Note, opened
from usecases.work import Work

EXPORT_BATCH = 200  # entries decrypted at a time, off the event loop


@dataclass(frozen=True, slots=True)
class Export:
    """Everything to write into the export files, opened; and how much no key opened."""

    timezone: str
    day: date  # the person's local date of the export
    entries: tuple[Note, ...]  # oldest first
    plan: dict[PlanPart, str]
    moods: tuple[tuple[date, Mood], ...]  # oldest first
    dates: tuple[NotedDate, ...]
    unopened: int

    @property
    def empty(self) -> bool:
        """Tell whether there is nothing at all to export."""
        return not (self.entries or self.plan or self.moods or self.dates)


async def gather_export(work: Work, chat_id: int, at: datetime) -> Export | None:
    """Read everything a person keeps in one reading, then open it outside the transaction.

    Decrypting runs off the event loop a batch at a time, so a long journal never holds up
    anyone else. Returns None when the person has not started.
    """
    async with work.reading() as session:
        person = await get_person(session, chat_id)
        if person is None:
            return None
        rows: list[JournalEntry] = []
        async for batch in kept_batches(session, chat_id, EXPORT_BATCH):
            rows += batch
        plan = await plan_parts(session, chat_id)
        checkins = await checkins_since(session, chat_id, date.min)
        hard: Sequence[HardDate] = (await hard_dates_of(session, [chat_id])).get(chat_id, [])
    cipher = work.cipher
    tally = Tally()
    entries: list[Note] = []
    for start in range(0, len(rows), EXPORT_BATCH):
        batch = rows[start : start + EXPORT_BATCH]
        entries += await asyncio.to_thread(list, opened(cipher, batch, tally))
    return Export(
        person.timezone,
        at.astimezone(ZoneInfo(person.timezone)).date(),
        tuple(entries),
        _opened_plan(cipher, chat_id, plan, tally),
        _opened_moods(cipher, chat_id, checkins, tally),
        opened_dates(cipher, hard),
        tally.unopened,
    )


def _opened_plan(
    cipher: JournalCipher, chat_id: int, stored: dict[PlanPart, bytes], tally: Tally
) -> dict[PlanPart, str]:
    opened = {
        part: cipher.read(token, plan_owner(chat_id, part), tally) for part, token in stored.items()
    }
    return {part: text for part, text in opened.items() if text is not None}


def _opened_moods(
    cipher: JournalCipher, chat_id: int, stored: dict[date, bytes], tally: Tally
) -> tuple[tuple[date, Mood], ...]:
    opened = [
        (day, cipher.read(token, checkin_owner(chat_id, day), tally))
        for day, token in sorted(stored.items())
    ]
    return tuple((day, Mood(mood)) for day, mood in opened if mood is not None)
