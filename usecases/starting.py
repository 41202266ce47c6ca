"""/start: someone new begins, someone returning comes back, and the first welcome is noted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from states.kinds import PersonStatus
from storage.people import ensure_person
from usecases.people import Someone, acting_for
from usecases.planning import replan
from usecases.work import Work


@dataclass(frozen=True, slots=True)
class Started:
    someone: Someone
    created: bool  # new to the bot
    returning: bool  # had stopped, or had blocked the bot


async def start(work: Work, chat_id: int, timezone: str, send_time: time, at: datetime) -> Started:
    """Begin (with the default zone and time) or begin again; let go of any question."""
    async with work.transaction() as session:
        person, created = await ensure_person(session, chat_id, timezone, send_time, at)
        returning = person.status in (PersonStatus.STOPPED, PersonStatus.BLOCKED)
        if returning:
            person.status = PersonStatus.ACTIVE
        person.awaiting = None
        await replan(session, person, at)
        return Started(Someone.of(person), created, returning)


async def note_welcome(work: Work, chat_id: int, message_id: int) -> None:
    """Keep the first welcome's id, so set-up can reword it if delivery is to be discreet."""
    async with work.transaction() as session:
        person = await acting_for(session, chat_id)
        person.welcome_message_id = message_id
