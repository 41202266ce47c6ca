"""Retention: what is kept only for a while is forgotten once a day."""

from __future__ import annotations

from datetime import datetime, timedelta

from storage.journal import forget_old
from usecases.work import Work

PENDING_FOR = timedelta(days=1)  # a note not yet kept or dropped
SENT_FOR = timedelta(hours=48)  # the ids of messages, so "clear this chat" can delete them


async def forget_old_entries(work: Work, at: datetime, retention_days: int | None) -> int:
    """Erase entries past retention, stale pending notes and old message ids; count the entries.

    No retention (None or 0) keeps every entry.
    """
    async with work.transaction() as session:
        removed = await forget_old(
            session,
            entries_before=at - timedelta(days=retention_days) if retention_days else None,
            pending_before=at - PENDING_FOR,
            sent_before=at - SENT_FOR,
        )
    await work.database.forget_deleted()
    return removed
