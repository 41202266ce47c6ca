"""Days a person notes as hard, with a name of their own kept encrypted (/dates)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from states.awaiting import DATE_DAY, DATE_LABEL
from storage.crypto import JournalCipher, date_owner
from storage.models import HardDate
from storage.steadying import forget_unnamed, hard_date, hard_dates_of, note_date, unnamed_date
from usecases.people import acting_for
from usecases.work import Work

LONGEST_LABEL = 60
MOST_DATES = 24


class Change(StrEnum):
    """What a button does to a noted day."""

    DROP = "drop"
    YEARLY = "yearly"
    ONCE = "once"
    EVE = "eve"
    NO_EVE = "noeve"


@dataclass(frozen=True, slots=True)
class NotedDate:
    """A noted day: when it falls, whether it repeats, its name (opened) and the eve line."""

    id: int
    month: int
    day: int
    year: int | None  # None: every year
    label: str
    eve: bool


def next_year_of(month: int, day: int, today: date) -> int:
    """Return the year in which a day next comes (today counts)."""
    for year in range(today.year, today.year + 5):
        try:
            if date(year, month, day) >= today:
                return year
        except ValueError:  # 29 February in a year without one
            continue
    return today.year + 1


def opened_dates(cipher: JournalCipher, stored: Iterable[HardDate]) -> tuple[NotedDate, ...]:
    """Open the names of noted days; one that no key opens is left out."""
    noted = []
    for hard in stored:
        label = cipher.read(hard.ciphertext, hard.owner)
        if label is not None:
            noted.append(NotedDate(hard.id, hard.month, hard.day, hard.year, label, hard.eve))
    return tuple(noted)


async def list_dates(work: Work, chat_id: int) -> tuple[NotedDate, ...]:
    """Return the named days, in calendar order; a day left unnamed part-way is let go."""
    async with work.transaction() as session:
        await acting_for(session, chat_id)
        await forget_unnamed(session, chat_id)
        stored = (await hard_dates_of(session, [chat_id])).get(chat_id, [])
    return opened_dates(work.cipher, stored)


async def start_noting(work: Work, chat_id: int) -> bool:
    """Ask for a day to note, unless MOST_DATES are noted already; tell whether it was asked."""
    async with work.transaction() as session:
        person = await acting_for(session, chat_id)
        count = len((await hard_dates_of(session, [chat_id])).get(chat_id, []))
        if count >= MOST_DATES:
            return False
        await forget_unnamed(session, chat_id)
        person.awaiting = DATE_DAY
        return True


async def note_day(work: Work, chat_id: int, month: int, day: int, year: int | None) -> None:
    """Note a typed day, unnamed yet, and ask for its name."""
    async with work.transaction() as session:
        person = await acting_for(session, chat_id)
        await note_date(session, chat_id, month, day, year)
        person.awaiting = DATE_LABEL


async def name_date(work: Work, chat_id: int, label: str) -> int | None:
    """Give the day being noted its name, encrypted; None if there is none (given up part-way)."""
    if not label or len(label) > LONGEST_LABEL:
        raise ValueError("a date's name is between 1 and LONGEST_LABEL characters")
    async with work.transaction() as session:
        person = await acting_for(session, chat_id)
        person.awaiting = None
        hard = await unnamed_date(session, chat_id)
        if hard is None:
            return None
        hard.ciphertext = work.cipher.encrypt(label, date_owner(chat_id, hard.id))
        return hard.id


async def change_date(
    work: Work, chat_id: int, date_id: int, change: Change, at: datetime
) -> NotedDate | None:
    """Remove a day, make it once or yearly, or choose the eve line; None if it is gone.

    "Once" means the next time the day comes, in the person's zone (today counts).
    """
    async with work.transaction() as session:
        person = await acting_for(session, chat_id)
        hard = await hard_date(session, chat_id, date_id)
        if hard is None:
            return None
        if change is Change.DROP:
            await session.delete(hard)
        elif change in (Change.YEARLY, Change.ONCE):
            today = at.astimezone(ZoneInfo(person.timezone)).date()
            once = hard.year or next_year_of(hard.month, hard.day, today)
            hard.year = None if change is Change.YEARLY else once
        else:
            hard.eve = change is Change.EVE
        changed = NotedDate(hard.id, hard.month, hard.day, hard.year, "", hard.eve)
    if change is Change.DROP:
        await work.database.forget_deleted()
    return changed
