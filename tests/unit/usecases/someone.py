"""A person to act for in use case tests: set up in London at 08:00 every day, unless told."""

from __future__ import annotations

from datetime import time
from typing import Any

from storage.models import Person
from storage.people import ensure_person, get_person
from tests.unit.usecases.conftest import NOW
from usecases.work import Work

CHAT = 7


async def set_up(work: Work, chat_id: int = CHAT, **fields: Any) -> None:
    """Start someone, set up, with any fields changed."""
    async with work.transaction() as session:
        person, _ = await ensure_person(session, chat_id, "Europe/London", time(8, 0), NOW)
        person.setup_complete = True
        for name, value in fields.items():
            setattr(person, name, value)


async def row(work: Work, chat_id: int = CHAT) -> Person | None:
    """Read the person's row as it is now in the database."""
    async with work.reading() as session:
        return await get_person(session, chat_id)
