"""One busy or hostile chat never slows another: updates side by side, each chat's in order."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from bot.app import build_application
from bot.context import resources_of
from bot.processor import NO_CHAT_LIMITS, ChatLimits
from config.settings import Settings
from fake_bot_api import FakeBotApiServer, FakeTelegram
from fake_bot_api.errors import ApiError
from fake_bot_api.harness import BotHarness
from scheduler.clock import ManualClock
from storage.journal import recent_sent
from tests.conftest import make_settings
from tests.integration.helpers import stored
from tests.integration.test_journal import entries
from tests.integration.test_onboarding import onboard

FLOOD = 20
CATCHING_UP = "That's a lot at once. I'll catch up in a moment, in the order you sent them."


@contextlib.asynccontextmanager
async def harness(
    settings: Settings, fake: FakeTelegram, clock: ManualClock, limits: ChatLimits
) -> AsyncIterator[BotHarness]:
    application = build_application(settings, clock=clock, deliver=False, chat_limits=limits)
    async with BotHarness(application, fake) as bot:
        yield bot


@pytest.fixture
async def slow_inbound(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> AsyncIterator[BotHarness]:
    """Three updates at once from a chat, then ten a second (the real limit is 20, then 1)."""
    async with harness(settings, fake, clock, ChatLimits(3, 10.0, 10**6, 1e6)) as bot:
        yield bot


@pytest.fixture
async def slow_outbound(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> AsyncIterator[BotHarness]:
    """Two messages at once to a chat, then five a second (the real limit is 4, then 1)."""
    async with harness(settings, fake, clock, ChatLimits(10**6, 1e6, 2, 5.0)) as bot:
        yield bot


async def test_a_flood_from_one_chat_is_kept_in_order_and_never_delays_anothers_sos(
    slow_inbound: BotHarness, fake: FakeTelegram
) -> None:
    bot = slow_inbound
    await onboard(bot.person(1))
    flooding = bot.person(1, queued=True)
    other = bot.person(2, queued=True)
    before = len(fake.sent[1])
    for number in range(FLOOD):
        await flooding.send(f"line {number} of a long night")
    await other.send("/sos")

    await fake.wait_for(lambda: bool(fake.sent[2]))
    answered_for_flood = len(fake.sent[1]) - before
    assert answered_for_flood < FLOOD  # the /sos did not wait for the whole flood

    await fake.wait_for(lambda: len(fake.sent[1]) - before == FLOOD + 1)
    said = fake.texts(1)[before:]
    assert said.count(CATCHING_UP) == 1  # told once, not once per message
    notice = next(m for m in fake.sent[1] if m.get("text") == CATCHING_UP)
    database = resources_of(bot.application).database
    async with database.sessions() as session:
        noted = await recent_sent(session, 1, datetime(2000, 1, 1, tzinfo=UTC))
    assert notice["message_id"] in noted  # so "clear this chat" removes it too
    assert await entries(bot, 1) == [f"line {n} of a long night" for n in range(FLOOD)]


async def test_replies_to_one_chat_keep_its_pace_without_holding_up_another(
    slow_outbound: BotHarness, fake: FakeTelegram
) -> None:
    bot = slow_outbound
    await onboard(bot.person(1))
    flooding = bot.person(1, queued=True)
    other = bot.person(2, queued=True)
    before = len(fake.sent[1])
    for number in range(10):
        await flooding.send(f"note {number}")
    await other.send("/sos")

    await fake.wait_for(lambda: bool(fake.sent[2]))
    assert len(fake.sent[1]) - before < 10  # two at once then five a second: ~1.6 s in all
    await fake.wait_for(lambda: len(fake.sent[1]) - before == 10)
    assert await entries(bot, 1) == [f"note {n}" for n in range(10)]


async def test_a_press_answered_too_late_is_still_carried_out(
    bot: BotHarness, fake: FakeTelegram
) -> None:
    too_old = ApiError(
        400, "Bad Request: query is too old and response timeout expired or query ID is invalid"
    )
    fake.fail(too_old, method="answerCallbackQuery", times=10)
    person = bot.person(7)
    await onboard(person)
    chosen = await stored(bot, 7)
    assert chosen is not None and chosen.setup_complete
    assert chosen.send_time.strftime("%H:%M") == "08:00"
    assert not any("went wrong" in text for text in fake.texts(7))
    assert len(fake.calls_to("answerCallbackQuery")) >= 4  # each press was answered, once


async def test_many_chats_at_once_each_keep_everything_in_order(
    database_url: str, fake_server: FakeBotApiServer, fake: FakeTelegram, clock: ManualClock
) -> None:
    settings = make_settings(fake_server.root_url, database_url)
    async with harness(settings, fake, clock, NO_CHAT_LIMITS) as bot:
        chats = range(100, 124)
        for chat_id in chats:
            await onboard(bot.person(chat_id))
            await bot.person(chat_id).send("/today")
        before = {chat_id: len(fake.sent[chat_id]) for chat_id in chats}
        queued = [bot.person(chat_id, queued=True) for chat_id in chats]
        for number in range(6):
            for person in queued:
                await person.send(f"{person.chat_id}: thought {number}")
        await fake.wait_for(
            lambda: all(len(fake.sent[c]) - before[c] == 6 for c in chats), timeout=60
        )
        for chat_id in chats:
            assert await entries(bot, chat_id) == [f"{chat_id}: thought {n}" for n in range(6)]
        assert not any("went wrong" in text for c in chats for text in fake.texts(c))
