"""Retention forgets old message ids always, and journal entries only when asked to."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from storage.journal import remember_message
from storage.models import SentMessage
from tests.unit.usecases.conftest import NOW
from usecases.retention import forget_old_entries
from usecases.work import Work


async def test_old_message_ids_are_forgotten_and_no_entry_without_retention(work: Work) -> None:
    async with work.transaction() as session:
        await remember_message(session, 7, 1, NOW - timedelta(hours=49))
        await remember_message(session, 7, 2, NOW - timedelta(hours=1))
    assert await forget_old_entries(work, NOW, None) == 0
    async with work.reading() as session:
        assert await session.scalar(select(func.count()).select_from(SentMessage)) == 1
