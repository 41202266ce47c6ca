"""How reflections arrive: silently or not, discreetly or not."""

from __future__ import annotations

from datetime import date, datetime

from timing.local import local_date
from usecases.people import Someone, acting_for
from usecases.work import Work


async def toggle_silent(work: Work, chat_id: int) -> Someone:
    """Turn silent delivery (no sound or vibration) on or off."""
    async with work.transaction() as session:
        person = await acting_for(session, chat_id)
        person.silent = not person.silent
        return Someone.of(person)


async def choose_discreet(work: Work, chat_id: int, on: bool | None) -> Someone:
    """Turn discreet delivery on or off (None: the other way from now)."""
    async with work.transaction() as session:
        person = await acting_for(session, chat_id)
        person.discreet = not person.discreet if on is None else on
        return Someone.of(person)


async def checkin_day(work: Work, chat_id: int, at: datetime) -> date | None:
    """Return the local date a reflection shown now asks a check-in for; None without check-ins."""
    async with work.reading() as session:
        person = await acting_for(session, chat_id)
        return local_date(at, person.timezone) if person.checkins else None
