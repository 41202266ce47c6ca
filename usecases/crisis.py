"""What answering crisis language keeps: once-a-day marks, and the country whose lines are named.

Nothing about what was said is kept here: a mark is a keyed hash of the day (storage.marks).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from storage.journal import entry_for_message
from storage.marks import DISTRESS, SAFETY, first_today
from storage.people import get_person
from usecases.people import acting_for
from usecases.work import Work


async def _first_today(work: Work, chat_id: int, kind: str, at: datetime) -> bool:
    cipher = work.cipher
    async with work.transaction() as session:
        person = await get_person(session, chat_id)
        if person is None:  # nowhere to keep the mark: for them it is always the first
            return True
        today = at.astimezone(ZoneInfo(person.timezone)).date()
        return first_today(cipher, person, kind, today)


async def note_safety_question(work: Work, chat_id: int, at: datetime) -> bool:
    """Note that the safety question is asked today; tell whether it was not asked already."""
    return await _first_today(work, chat_id, SAFETY, at)


async def note_distress_answer(work: Work, chat_id: int, at: datetime) -> bool:
    """Note that distress is answered today; tell whether it was not answered already."""
    return await _first_today(work, chat_id, DISTRESS, at)


async def choose_country(work: Work, chat_id: int, code: str | None) -> None:
    """Keep the country whose lines are named (None: anywhere), stopped or not."""
    async with work.transaction() as session:
        person = await acting_for(session, chat_id, stopped_too=True)
        person.country = code


async def says_the_same(work: Work, chat_id: int, message_id: int, text: str) -> bool:
    """Tell whether an edited message still says what its journal entry holds."""
    async with work.reading() as session:
        entry = await entry_for_message(session, chat_id, message_id)
        sealed = None if entry is None else (entry.ciphertext, entry.owner)
    return sealed is not None and work.cipher.read(*sealed) == text
