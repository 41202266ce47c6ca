"""The delivery engine, tick by tick, against the fake Bot API and a real database."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise

import pytest

from bot.app import build_application
from bot.context import resources_of
from config.settings import Settings
from fake_bot_api import ApiError, FakeBotApiServer, FakeTelegram
from fake_bot_api.harness import BotHarness
from fake_bot_api.measure import busiest_second
from scheduler.clock import ManualClock
from scheduler.engine import DeliveryEngine
from states.kinds import PersonStatus
from tests.conftest import make_settings
from tests.integration.delivery_helpers import per_chat, seed_people
from tests.integration.helpers import Words, deliveries, stored

SATURDAY_8 = datetime(2026, 12, 5, 8, 0, tzinfo=UTC)
D = datetime  # keeps the daylight-saving table below readable


@pytest.fixture
async def bot(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> AsyncIterator[BotHarness]:
    clock.set(SATURDAY_8 + timedelta(seconds=10))
    application = build_application(settings, clock=clock, deliver=False)
    async with BotHarness(application, fake) as harness:
        engine = resources_of(application).engine
        assert engine is not None
        engine.settings.retry_delays = (0.01, 0.01, 0.01)
        yield harness


def engine_of(bot: BotHarness) -> DeliveryEngine:
    engine = resources_of(bot.application).engine
    assert engine is not None
    return engine


async def seed(bot: BotHarness, fake: FakeTelegram, chat_ids, due_at=SATURDAY_8, **kw) -> None:
    await seed_people(resources_of(bot.application).database, fake, chat_ids, due_at, **kw)


async def test_everyone_due_gets_exactly_one(
    bot: BotHarness, fake: FakeTelegram, words: Words
) -> None:
    await seed(bot, fake, range(1, 21))
    report = await engine_of(bot).tick()
    assert (report.due, report.sent, report.failed) == (20, 20, 0)
    counts = per_chat(fake)
    assert set(counts) == set(range(1, 21)) and set(counts.values()) == {1}
    first = fake.sent[1][0]
    # Literal on purpose: the reflection's heading and title, content under test.
    assert first["text"].startswith("Today's reflection\n\nLeaning on someone")
    pause = first["reply_markup"]["inline_keyboard"][0][0]["text"]
    assert pause == words("button_pause_for_a_while")
    saved = await stored(bot, 1)
    assert saved is not None
    assert saved.next_delivery_at == datetime(2026, 12, 6, 8, 0, tzinfo=UTC)
    records = await deliveries(bot, 1)
    assert [(r.local_date, r.status) for r in records] == [(date(2026, 12, 5), "sent")]
    again = await engine_of(bot).tick()
    assert again.due == 0 and sum(per_chat(fake).values()) == 20


async def test_the_journey_continues_day_by_day(
    bot: BotHarness, fake: FakeTelegram, clock: ManualClock
) -> None:
    await seed(bot, fake, [7])
    for day in range(3):
        clock.set(SATURDAY_8 + timedelta(days=day, seconds=5))
        await engine_of(bot).tick()
    titles = [message["text"].split("\n\n")[1] for message in fake.sent[7]]
    assert titles == ["Leaning on someone", "It happened to you too", "Why it hurts this much"]


async def test_late_but_within_catch_up_still_sends(
    bot: BotHarness, fake: FakeTelegram, clock: ManualClock
) -> None:
    await seed(bot, fake, [1])
    clock.set(SATURDAY_8 + timedelta(hours=2, minutes=59))
    report = await engine_of(bot).tick()
    assert report.sent == 1


async def test_too_late_is_skipped_quietly(
    bot: BotHarness, fake: FakeTelegram, clock: ManualClock
) -> None:
    await seed(bot, fake, [1])
    clock.set(SATURDAY_8 + timedelta(hours=3, minutes=1))
    report = await engine_of(bot).tick()
    assert (report.sent, report.skipped) == (0, 1)
    assert fake.sent[1] == []
    saved = await stored(bot, 1)
    assert saved is not None
    assert saved.next_delivery_at == datetime(2026, 12, 6, 8, 0, tzinfo=UTC)


async def test_after_days_down_todays_is_sent_if_still_in_time(
    bot: BotHarness, fake: FakeTelegram, clock: ManualClock
) -> None:
    await seed(bot, fake, [1])  # due Saturday; the bot comes back on Tuesday at 09:30
    clock.set(datetime(2026, 12, 8, 9, 30, tzinfo=UTC))
    report = await engine_of(bot).tick()
    assert report.sent == 1
    records = await deliveries(bot, 1)
    assert [r.local_date for r in records] == [date(2026, 12, 8)]


async def test_a_429_storm_pauses_all_sending_and_loses_nothing(
    bot: BotHarness, fake: FakeTelegram
) -> None:
    await seed(bot, fake, range(1, 11))
    fake.fail(ApiError.too_many_requests(1), method="sendMessage", times=3)
    report = await engine_of(bot).tick()
    assert report.sent == 10
    assert set(per_chat(fake).values()) == {1}
    stamps = sorted(call.at for call in fake.calls_to("sendMessage"))
    assert max(b - a for a, b in pairwise(stamps)) >= 1.0


async def test_blocked_and_missing_chats_are_deactivated(
    bot: BotHarness, fake: FakeTelegram
) -> None:
    await seed(bot, fake, [1, 2, 3])
    fake.blocked.add(2)
    del fake.known_chats[3]
    report = await engine_of(bot).tick()
    assert (report.sent, report.deactivated) == (1, 2)
    for chat_id in (2, 3):
        saved = await stored(bot, chat_id)
        assert saved is not None
        assert (saved.status, saved.next_delivery_at) == (PersonStatus.BLOCKED, None)
        assert await deliveries(bot, chat_id) == []


async def test_server_errors_are_retried(bot: BotHarness, fake: FakeTelegram) -> None:
    await seed(bot, fake, [1])
    fake.fail(ApiError.server_error(), method="sendMessage", times=2)
    report = await engine_of(bot).tick()
    assert (report.sent, report.retried) == (1, 2)
    assert per_chat(fake)[1] == 1


async def test_lasting_server_errors_leave_it_for_a_later_tick(
    bot: BotHarness, fake: FakeTelegram, clock: ManualClock
) -> None:
    await seed(bot, fake, [1])
    fake.fail(ApiError.server_error(), method="sendMessage", times=4)
    report = await engine_of(bot).tick()
    assert (report.sent, report.failed) == (0, 1)
    saved = await stored(bot, 1)
    assert saved is not None and saved.next_delivery_at == SATURDAY_8
    assert await deliveries(bot, 1) == []
    clock.advance(seconds=30)
    assert (await engine_of(bot).tick()).sent == 1


async def test_today_and_the_engine_never_both_send(
    bot: BotHarness, fake: FakeTelegram, clock: ManualClock
) -> None:
    await seed(bot, fake, [4242])
    person = bot.person(4242)
    await person.send("/today")
    report = await engine_of(bot).tick()
    assert report.sent == 0
    assert per_chat(fake)[4242] == 1


async def test_a_claim_left_by_a_crash_is_sent_after_restart(
    bot: BotHarness, fake: FakeTelegram, clock: ManualClock
) -> None:
    await seed(bot, fake, range(1, 6))
    engine = engine_of(bot)
    await engine._claim_due(report=type("R", (), {"skipped": 0})())  # claimed, never sent
    assert per_chat(fake) == {}
    assert (await engine.tick()).due == 0  # too fresh to be an orphan
    clock.advance(seconds=engine.settings.recovery_grace.total_seconds() + 1)
    report = await engine.tick()
    assert (report.recovered, report.sent) == (5, 5)
    assert set(per_chat(fake).values()) == {1}


async def test_stopping_mid_broadcast_gives_claims_back(
    bot: BotHarness, fake: FakeTelegram
) -> None:
    await seed(bot, fake, range(1, 41))
    engine = engine_of(bot)
    sent = 0

    def keep_going() -> bool:
        return sent < 10

    original = engine.send

    async def counting(item):
        nonlocal sent
        sent += 1
        return await original(item)

    engine.send = counting
    engine.keep_going = keep_going
    report = await engine.tick()
    assert report.sent == 10
    engine.send = original
    engine.keep_going = lambda: True
    again = await engine.tick()
    assert again.sent == 30
    assert set(per_chat(fake).values()) == {1} and len(per_chat(fake)) == 40


async def test_the_send_rate_never_exceeds_the_limit(
    fake_server: FakeBotApiServer, fake: FakeTelegram, sqlite_url: str, clock: ManualClock
) -> None:
    settings = make_settings(fake_server.root_url, sqlite_url, MAX_MESSAGES_PER_SECOND="20")
    fake.latency = 0.01
    clock.set(SATURDAY_8 + timedelta(seconds=10))
    application = build_application(settings, clock=clock, deliver=False)
    async with BotHarness(application, fake) as bot:
        await seed(bot, fake, range(1, 61))
        engine = engine_of(bot)
        report = await engine.tick()
    assert report.sent == 60
    stamps = [call.at for call in fake.calls_to("sendMessage")]
    assert busiest_second(stamps) <= 20
    assert max(stamps) - min(stamps) >= 2.5  # 60 messages at 20 a second take about 3 seconds


async def test_a_command_mid_broadcast_is_answered_before_it_ends(
    fake_server: FakeBotApiServer, fake: FakeTelegram, sqlite_url: str, clock: ManualClock
) -> None:
    settings = make_settings(fake_server.root_url, sqlite_url, MAX_MESSAGES_PER_SECOND="25")
    clock.set(SATURDAY_8 + timedelta(seconds=10))
    application = build_application(settings, clock=clock, deliver=False)
    async with BotHarness(application, fake) as bot:
        await seed(bot, fake, range(1, 101))
        broadcast = asyncio.create_task(engine_of(bot).tick())
        await fake.wait_for(lambda: len(fake.calls_to("sendMessage")) >= 10, timeout=10)
        person = bot.person(999_999)
        await person.send("/help")
        sent_before_reply = sum(per_chat(fake).values())
        await broadcast
    assert person.last_text == Words.of(bot)("help")
    assert sent_before_reply < 60  # answered while most of the broadcast was still to go


async def test_one_tick_keeps_claiming_while_people_are_due(
    bot: BotHarness, fake: FakeTelegram
) -> None:
    engine = engine_of(bot)
    engine.settings.batch_size = 10
    await seed(bot, fake, range(1, 36))
    report = await engine.tick()
    assert (report.due, report.sent) == (35, 35)  # four batches, one tick, no pause between
    assert set(per_chat(fake).values()) == {1}


async def test_without_draining_a_tick_sends_one_batch(bot: BotHarness, fake: FakeTelegram) -> None:
    engine = engine_of(bot)
    engine.settings.batch_size = 10
    engine.settings.drain = False
    await seed(bot, fake, range(1, 36))
    assert (await engine.tick()).sent == 10


async def test_paid_broadcasts_are_for_reflections_only(
    fake_server: FakeBotApiServer, fake: FakeTelegram, sqlite_url: str, clock: ManualClock
) -> None:
    settings = make_settings(fake_server.root_url, sqlite_url, MAX_MESSAGES_PER_SECOND="200")
    assert settings.paid_broadcast
    clock.set(SATURDAY_8 + timedelta(seconds=10))
    application = build_application(settings, clock=clock, deliver=False)
    async with BotHarness(application, fake) as bot:
        await seed(bot, fake, range(1, 41))
        broadcast = asyncio.create_task(engine_of(bot).tick())
        person = bot.person(999_999)
        await person.send("/help")
        assert (await broadcast).sent == 40
    paid = [call.params.get("allow_paid_broadcast") for call in fake.calls_to("sendMessage")]
    reflections = [
        p
        for call, p in zip(fake.calls_to("sendMessage"), paid, strict=True)
        if call.params["chat_id"] != "999999"
    ]
    assert len(reflections) == 40 and {str(p).lower() for p in reflections} == {"true"}
    replies = [c for c in fake.calls_to("sendMessage") if c.params["chat_id"] == "999999"]
    assert replies and all("allow_paid_broadcast" not in call.params for call in replies)


@pytest.mark.parametrize(
    ("timezone", "send_time", "start", "expected"),
    [
        # London springs forward on 29 March 2026: 01:30 does not exist; it goes at 02:00 BST.
        (
            "Europe/London",
            time(1, 30),
            datetime(2026, 3, 28, 0, 0, tzinfo=UTC),
            [D(2026, 3, 28, 1, 30), D(2026, 3, 29, 1, 0), D(2026, 3, 30, 0, 30)],
        ),
        # London falls back on 25 October 2026: 01:30 happens twice; it goes at the first.
        (
            "Europe/London",
            time(1, 30),
            datetime(2026, 10, 24, 0, 0, tzinfo=UTC),
            [D(2026, 10, 24, 0, 30), D(2026, 10, 25, 0, 30), D(2026, 10, 26, 1, 30)],
        ),
        # New York falls back on 1 November 2026.
        (
            "America/New_York",
            time(1, 15),
            datetime(2026, 10, 31, 0, 0, tzinfo=UTC),
            [D(2026, 10, 31, 5, 15), D(2026, 11, 1, 5, 15), D(2026, 11, 2, 6, 15)],
        ),
        # Lord Howe springs forward half an hour on 4 October 2026: 02:10 goes at 02:30.
        (
            "Australia/Lord_Howe",
            time(2, 10),
            datetime(2026, 10, 2, 12, 0, tzinfo=UTC),
            [D(2026, 10, 2, 15, 40), D(2026, 10, 3, 15, 30), D(2026, 10, 4, 15, 10)],
        ),
    ],
)
async def test_daylight_saving_days(
    bot: BotHarness,
    fake: FakeTelegram,
    clock: ManualClock,
    timezone: str,
    send_time: time,
    start: datetime,
    expected: list[datetime],
) -> None:
    from timing.local import next_delivery_at

    first = next_delivery_at(now=start, timezone=timezone, send_time=send_time, days=127)
    await seed(bot, fake, [1], first, timezone=timezone, send_time=send_time)
    sent_at: list[datetime] = []
    clock.set(start)
    while clock.now < start + timedelta(days=3):
        clock.advance(minutes=10)
        if (await engine_of(bot).tick()).sent:
            sent_at.append(clock.now)
    due = [moment.replace(tzinfo=UTC) for moment in expected]
    assert len(sent_at) == 3
    for actual, wanted in zip(sent_at, due, strict=True):
        assert timedelta(0) <= actual - wanted < timedelta(minutes=10)


async def test_stats_for_admins_only_counts_no_content(
    fake_server: FakeBotApiServer, fake: FakeTelegram, database_url: str, clock: ManualClock
) -> None:
    settings = make_settings(fake_server.root_url, database_url, ADMIN_CHAT_IDS="900")
    clock.set(SATURDAY_8 + timedelta(seconds=10))
    application = build_application(settings, clock=clock, deliver=False)
    async with BotHarness(application, fake) as bot:
        await seed(bot, fake, range(1, 4))
        fake.blocked.add(3)
        await engine_of(bot).tick()
        words = Words.of(bot)
        stranger = bot.person(901)
        admin = bot.person(900)
        await stranger.send("/stats")
        await admin.send("/stats")
    assert stranger.last_text == words("not_understood")
    people = {"active": 2, "paused": 0, "stopped": 0, "blocked": 1, "checkins": 0}
    sent = {"sent": 2, "failed": 0, "pending": 0}
    lateness = words("stats_lateness", p50="10 s", p95="10 s", worst="10 s")
    ahead = words("stats_ahead", minute="08:00", due=2, rate=1000, last="30 s")
    assert admin.last_text == words("stats", **people, **sent, lateness=lateness, ahead=ahead)
