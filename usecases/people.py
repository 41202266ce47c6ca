"""A person as the use cases hand them out: a frozen snapshot, never the database row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from states.awaiting import Awaiting
from states.kinds import PersonStatus
from storage.models import Person
from storage.people import get_person
from usecases.work import Work


class NotStarted(Exception):
    """There is nobody to act for: the person has not started, or has stopped."""

    def __init__(self, wording_key: str) -> None:
        super().__init__(wording_key)
        self.wording_key = wording_key


@dataclass(frozen=True, slots=True)
class Someone:
    """What the bot may know of a person to answer them: their settings and where they are."""

    chat_id: int
    status: PersonStatus
    timezone: str
    send_time: time
    days: int
    next_delivery_at: datetime | None
    paused_until: datetime | None
    skip_through: date | None
    country: str | None
    checkins: bool
    discreet: bool
    silent: bool
    setup_complete: bool
    locked: bool  # a passcode is set
    pending: Awaiting | None  # the question the next typed text answers, unless gone stale
    created_at: datetime

    @classmethod
    def of(cls, person: Person) -> Someone:
        """Take a snapshot of a person's row."""
        return cls(
            chat_id=person.chat_id,
            status=PersonStatus(person.status),
            timezone=person.timezone,
            send_time=person.send_time,
            days=person.days,
            next_delivery_at=person.next_delivery_at,
            paused_until=person.paused_until,
            skip_through=person.skip_through,
            country=person.country,
            checkins=person.checkins,
            discreet=person.discreet,
            silent=person.silent,
            setup_complete=person.setup_complete,
            locked=person.lock_hash is not None,
            pending=person.pending(),
            created_at=person.created_at,
        )

    @property
    def stopped(self) -> bool:
        """Tell whether there is nobody to act for: stopped, or the bot was blocked."""
        return self.status in (PersonStatus.STOPPED, PersonStatus.BLOCKED)

    def paused(self, at: datetime) -> bool:
        """Tell whether reflections are paused at this instant."""
        return self.status == PersonStatus.PAUSED or (
            self.paused_until is not None and self.paused_until > at
        )


async def find(work: Work, chat_id: int) -> Someone | None:
    """Return the person in this chat, started or not."""
    async with work.reading() as session:
        person = await get_person(session, chat_id)
        return None if person is None else Someone.of(person)


async def forget_question(work: Work, chat_id: int) -> None:
    """Let go of any question left open, so later text is never taken as its answer."""
    async with work.transaction() as session:
        await session.execute(
            update(Person)
            .where(Person.chat_id == chat_id, Person.awaiting.is_not(None))
            .values(awaiting=None, awaiting_at=None)
        )


async def acting_for(session: AsyncSession, chat_id: int, *, stopped_too: bool = False) -> Person:
    """Load the person to act for in a transaction; NotStarted when there is nobody.

    Stopped and blocked people count as nobody unless `stopped_too`.
    """
    person = await get_person(session, chat_id)
    if person is None:
        raise NotStarted("not_started_yet")
    if not stopped_too and person.status in (PersonStatus.STOPPED, PersonStatus.BLOCKED):
        raise NotStarted("stopped_already")
    return person
