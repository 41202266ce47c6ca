""" "Something I know": kept notes a person marks, shown back to them behind the lock."""

from __future__ import annotations

from dataclasses import dataclass

from states.kinds import EntryStatus
from storage import journal
from storage.people import get_person
from storage.steadying import claim_known_offer, marked_notes
from usecases.journal import Note, opened
from usecases.work import Work

MOST_SHOWN = 30  # the newest marked notes; /journal and /export hold every one


@dataclass(frozen=True, slots=True)
class Known:
    """The notes a person marked, newest first, opened; and the zone to date them in."""

    timezone: str
    notes: tuple[Note, ...]


async def mark_known(work: Work, chat_id: int, entry_id: int, mark: bool) -> bool:
    """Mark or unmark a kept note; False if it is gone or not kept (nothing changes then)."""
    async with work.transaction() as session:
        entry = await journal.entry(session, chat_id, entry_id)
        if entry is None or entry.status != EntryStatus.KEPT:
            return False
        entry.known = mark
        return True


async def known_notes(work: Work, chat_id: int) -> Known | None:
    """Return the newest MOST_SHOWN marked notes, opened; None if the person has not started."""
    async with work.reading() as session:
        person = await get_person(session, chat_id)
        if person is None:
            return None
        rows = await marked_notes(session, chat_id, MOST_SHOWN)
    notes = (Note(n.written_at, n.text, n.reflection_id, n.id) for n in opened(work.cipher, rows))
    return Known(person.timezone, tuple(notes))


async def offer_known_once(work: Work, chat_id: int) -> bool:
    """Tell whether to offer the marked notes now: once per person, and only if there are some."""
    async with work.transaction() as session:
        return await claim_known_offer(session, chat_id)
