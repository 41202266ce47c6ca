"""/delete: erasing everything stored about a person, and finding what of the chat to clear."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from storage import journal
from storage.deliveries import recent_reflection_messages
from storage.people import get_person
from usecases.work import Work

DELETE_WINDOW = timedelta(hours=47)  # Telegram allows deleting for 48 hours; keep a margin


@dataclass(frozen=True, slots=True)
class Erased:
    """What is left to do in the chat once everything stored is gone."""

    to_clear: tuple[int, ...]  # the recent messages (the bot's and the journal's) to delete
    older: bool  # the chat began before Telegram lets a bot delete: some messages stay


async def erase_everything(work: Work, chat_id: int, at: datetime, *, clear: bool) -> Erased:
    """Erase everything stored about a person; with `clear`, say which messages to delete."""
    since = at - DELETE_WINDOW
    to_clear: set[int] = set()
    async with work.transaction() as session:
        person = await get_person(session, chat_id)
        older = person is not None and person.created_at < since
        if clear:
            to_clear.update(await journal.recent_sent(session, chat_id, since))
            to_clear.update(await recent_reflection_messages(session, chat_id, since))
            to_clear.update(await journal.recent_entry_messages(session, chat_id, since))
        await journal.erase_person(session, chat_id)
    await work.database.forget_deleted()
    return Erased(tuple(sorted(to_clear)), older)
