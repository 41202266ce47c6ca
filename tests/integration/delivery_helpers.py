"""Seeding due people straight into the database, and reading send times from the fake."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, time

from sqlalchemy import insert

from fake_bot_api import FakeTelegram
from states.kinds import PersonStatus
from storage.database import Database
from storage.models import Person, utc_now
from timing.local import EVERY_DAY


async def seed_people(
    database: Database,
    fake: FakeTelegram,
    chat_ids: range | list[int],
    due_at: datetime | None,
    *,
    timezone: str = "Europe/London",
    send_time: time = time(8),
) -> None:
    """Insert set-up people, due at due_at, and make their chats known to the fake."""
    rows = [
        {
            "chat_id": chat_id,
            "status": PersonStatus.ACTIVE,
            "timezone": timezone,
            "send_time": send_time,
            "days": EVERY_DAY,
            "next_delivery_at": due_at,
            "silent": False,
            "setup_complete": True,
            "created_at": utc_now(),
            "updated_at": utc_now(),
        }
        for chat_id in chat_ids
    ]
    async with database.sessions.begin() as session:
        await session.execute(insert(Person), rows)
    for chat_id in chat_ids:
        fake.known_chats[chat_id] = {"id": chat_id, "type": "private", "first_name": "Sam"}


def per_chat(fake: FakeTelegram) -> Counter[int]:
    """Count reflections delivered (accepted by the fake), per chat."""
    return Counter(
        {
            chat_id: count
            for chat_id, messages in fake.sent.items()
            if (count := sum(m["text"].startswith("Today's reflection") for m in messages))
        }
    )
