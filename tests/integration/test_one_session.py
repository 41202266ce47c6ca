"""One journal note, sent through the real bot, opens one database session and no more."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.context import resources_of
from fake_bot_api.harness import BotHarness
from fake_bot_api.people import FakePerson
from scheduler.clock import ManualClock
from tests.integration.test_journal import entries
from tests.integration.test_onboarding import onboard


class CountingSessions(async_sessionmaker[AsyncSession]):
    """A session factory that counts the sessions it opens (`begin()` opens one through it)."""

    opened = 0

    def __call__(self, **changes: Any) -> AsyncSession:
        self.opened += 1
        return super().__call__(**changes)


@pytest.fixture
async def reflected(bot: BotHarness, person: FakePerson, clock: ManualClock) -> FakePerson:
    """Someone set up, who has had today's reflection."""
    await onboard(person)
    await person.send("/today")
    return person


@pytest.mark.parametrize("reply", [True, False], ids=["a reply", "a note on a reflection's day"])
async def test_a_journal_note_opens_one_session(
    bot: BotHarness, reflected: FakePerson, reply: bool
) -> None:
    database = resources_of(bot.application).database
    counting = CountingSessions(database.engine, expire_on_commit=False)
    database.sessions, kept = counting, database.sessions
    try:
        reflection = reflected.last["message_id"] if reply else None
        await reflected.send("I leaned on him for everything", reply_to=reflection)
    finally:
        database.sessions = kept
    assert reflected.last_text.startswith("Kept in your journal")
    assert await entries(bot, reflected.chat_id) == ["I leaned on him for everything"]
    assert counting.opened == 1
