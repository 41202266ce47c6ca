"""Steadying tools: waiting out an urge, slow breathing that any process can stop, the quiet line
on the eve of a noted day, and once offering back the notes someone marked as something they know.

What comes back later is claimed in the database before it is sent (`take_due_waits`,
`claim_eve`): a crash may lose one of these lines, but no two processes ever send one twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from states.kinds import PersonStatus
from storage import steadying
from storage.models import Person
from storage.people import get_person
from usecases.people import acting_for
from usecases.work import Work

LATEST_EVE = time(22, 0)  # the eve line is never sent later than this, local time
EARLIEST_LATE_EVE = time(20, 0)  # for a late chosen time, the eve line comes by 20:00


@dataclass(frozen=True, slots=True)
class QuietLine:
    """Someone a quiet line goes to now, and whether it goes without a sound."""

    chat_id: int
    silent: bool


async def wait_out(work: Work, chat_id: int, until: datetime) -> None:
    """Note when to come back after a wait for an urge to pass (and nothing else)."""
    async with work.transaction() as session:
        await acting_for(session, chat_id)
        await steadying.start_wait(session, chat_id, until)


async def stop_waiting(work: Work, chat_id: int) -> bool:
    """Forget a wait, so nobody comes back; tell whether there was one."""
    async with work.transaction() as session:
        await acting_for(session, chat_id)
        return await steadying.end_wait(session, chat_id)


async def start_breathing(work: Work, chat_id: int, message_id: int | None) -> None:
    """Note the message slow breathing runs in; None stops it, from any process."""
    async with work.transaction() as session:
        await steadying.note_breathing(session, chat_id, message_id)


async def breathing_goes_on(work: Work, chat_id: int, message_id: int) -> bool:
    """Tell whether slow breathing in this message was not stopped."""
    async with work.reading() as session:
        return await steadying.breathing_goes_on(session, chat_id, message_id)


async def finish_breathing(work: Work, chat_id: int, message_id: int) -> None:
    """Note that slow breathing in this message is over, unless it was stopped or replaced."""
    async with work.transaction() as session:
        if await steadying.breathing_goes_on(session, chat_id, message_id):
            await steadying.note_breathing(session, chat_id, None)


def _reachable(person: Person) -> bool:
    return person.status in (PersonStatus.ACTIVE, PersonStatus.PAUSED)


async def come_back_after_waits(work: Work, at: datetime) -> list[QuietLine]:
    """Take each wait that has ended (once, for good); return whom to come back to."""
    async with work.transaction() as session:
        due = await steadying.take_due_waits(session, at)
        people = [await get_person(session, chat_id) for chat_id in due]
    return [QuietLine(p.chat_id, p.silent) for p in people if p is not None and _reachable(p)]


def _eve_due(person: Person, at: datetime) -> bool:
    """Tell whether the eve line may go now: active, not paused, between their time and 22:00."""
    if person.status != PersonStatus.ACTIVE or not person.setup_complete:
        return False
    if person.paused_until is not None and person.paused_until > at:
        return False
    local = at.astimezone(ZoneInfo(person.timezone)).time()
    return min(person.send_time, EARLIEST_LATE_EVE) <= local < LATEST_EVE


async def claim_eves(work: Work, at: datetime) -> list[QuietLine]:
    """Claim the eve lines due now (a noted day tomorrow, local time); one line a person."""
    days = [at.date() + timedelta(days=n) for n in range(3)]  # tomorrow, somewhere on Earth
    lines: dict[int, QuietLine] = {}
    async with work.transaction() as session:
        for hard, person in await steadying.eves_to_consider(session, days):
            today = at.astimezone(ZoneInfo(person.timezone)).date()
            if not _eve_due(person, at) or not steadying.falls_on(hard, today + timedelta(days=1)):
                continue
            if await steadying.claim_eve(session, hard.id, today):  # two days at once: one line
                lines.setdefault(person.chat_id, QuietLine(person.chat_id, person.silent))
    return list(lines.values())
