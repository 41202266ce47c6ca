"""Pausing, resuming and skipping: when reflections stop for a while, and when they come back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from states.kinds import PersonStatus
from timing.local import local_date, local_instant, zone
from usecases.people import Someone, acting_for
from usecases.planning import replan
from usecases.work import Work


@dataclass(frozen=True, slots=True)
class Resumed:
    someone: Someone
    was_paused: bool


@dataclass(frozen=True, slots=True)
class Skipped:
    someone: Someone
    skipped: datetime | None  # the reflection skipped; None when none was coming


def start_of_day_after(timezone: str, at: datetime, days: int) -> datetime:
    """Return local midnight `days` days after today: a 1-day pause covers just today."""
    resume_on = local_date(at, timezone) + timedelta(days=days)
    return local_instant(resume_on, time(0), zone(timezone))


async def pause(work: Work, chat_id: int, days: int | None, at: datetime) -> Someone:
    """Pause for some days (None: until they resume), and plan when reflections return."""
    async with work.transaction() as session:
        person = await acting_for(session, chat_id)
        if days is None:
            person.status = PersonStatus.PAUSED
            person.paused_until = None
        else:
            person.status = PersonStatus.ACTIVE
            person.paused_until = start_of_day_after(person.timezone, at, days)
        await replan(session, person, at)
        return Someone.of(person)


async def resume(work: Work, chat_id: int, at: datetime) -> Resumed:
    """End any pause, open or dated, and plan the next reflection."""
    async with work.transaction() as session:
        person = await acting_for(session, chat_id)
        was_paused = person.status == PersonStatus.PAUSED or person.paused_until is not None
        if person.status == PersonStatus.PAUSED:
            person.status = PersonStatus.ACTIVE
        person.paused_until = None
        await replan(session, person, at)
        return Resumed(Someone.of(person), was_paused)


async def skip(work: Work, chat_id: int, at: datetime) -> Skipped:
    """Skip the next reflection only: its local date counts as taken."""
    async with work.transaction() as session:
        person = await acting_for(session, chat_id)
        upcoming = person.next_delivery_at
        if upcoming is not None:
            person.skip_through = local_date(upcoming, person.timezone)
            await replan(session, person, at)
        return Skipped(Someone.of(person), upcoming)
