"""Stopping: reflections end at once; then what is stored is kept or erased; and a block."""

from __future__ import annotations

from states.kinds import PersonStatus
from storage.journal import erase_person
from storage.people import get_person, note_blocked
from usecases.work import Work


async def stop(work: Work, chat_id: int) -> bool:
    """Stop reflections and let go of any question; tell whether there was anyone to stop."""
    async with work.transaction() as session:
        person = await get_person(session, chat_id)
        if person is None:
            return False
        person.status = PersonStatus.STOPPED
        person.awaiting = None
        person.next_delivery_at = None
        return True


async def keep_or_erase(work: Work, chat_id: int, erase: bool) -> bool:
    """Keep or erase everything stored about someone who has just stopped; False if not stopped.

    Only right after /stop: an Erase button left on an old message must not erase later.
    """
    async with work.transaction() as session:
        person = await get_person(session, chat_id)
        if person is None or person.status != PersonStatus.STOPPED:
            return False
        if erase:
            await erase_person(session, chat_id)
    if erase:
        await work.database.forget_deleted()
    return True


async def note_block(work: Work, chat_id: int) -> None:
    """Stop planning for someone who blocked the bot; keep their data, and a stop stays a stop."""
    async with work.transaction() as session:
        await note_blocked(session, chat_id)
