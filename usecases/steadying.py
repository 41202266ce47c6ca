"""Steadying tools: waiting out an urge, slow breathing that any process can stop, and once
offering back the notes someone marked as something they know.
"""

from __future__ import annotations

from storage import steadying
from usecases.work import Work


async def offer_known_once(work: Work, chat_id: int) -> bool:
    """Tell whether to offer the marked notes now: once per person, and only if there are some."""
    async with work.transaction() as session:
        return await steadying.claim_known_offer(session, chat_id)
