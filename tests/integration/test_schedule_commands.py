"""Changing the schedule by command and by button: every change confirmed, bad input harmless."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from fake_bot_api import FakeTelegram
from fake_bot_api.harness import BotHarness
from fake_bot_api.people import FakePerson
from scheduler.clock import ManualClock
from states.kinds import PersonStatus
from tests.integration.helpers import Words, deliveries, stored
from tests.integration.test_onboarding import onboard

SUNDAY = "Sunday 6 December at 08:00 (London time)"


@pytest.fixture
async def ready(bot: BotHarness, person: FakePerson) -> FakePerson:
    """Someone set up for 08:00 London time, every day; it is Saturday 10:00."""
    await onboard(person)
    return person


async def test_time_by_argument(bot: BotHarness, ready: FakePerson, words: Words) -> None:
    await ready.send("/time 7:30 PM")
    assert ready.last_text == (
        words("time_set", time="19:30")
        + "\n\n"
        + words("next_at", when="Saturday 5 December at 19:30 (London time)")
    )
    saved = await stored(bot, ready.chat_id)
    assert saved is not None and saved.send_time == time(19, 30)


async def test_time_addressed_to_the_bot_and_by_buttons(
    bot: BotHarness, ready: FakePerson, words: Words
) -> None:
    await ready.send("/time@WithinTestBot")
    assert ready.last_text.startswith(words("ask_time"))
    await ready.press("21:00")
    assert ready.last_text.startswith(words("time_set", time="21:00"))
    assert ready.last_text.endswith(
        words("next_at", when="Saturday 5 December at 21:00 (London time)")
    )


@pytest.mark.parametrize(
    "junk",
    ["soon", "25:00", "🙂🙂", "x" * 5000, "'; DROP TABLE people; --", "<b>7</b>", "\u202e7pm"],
)
async def test_bad_time_changes_nothing(
    bot: BotHarness, ready: FakePerson, words: Words, junk: str
) -> None:
    before = await stored(bot, ready.chat_id)
    await ready.send(f"/time {junk}")
    assert ready.last_text.startswith(words("time_not_understood"))
    after = await stored(bot, ready.chat_id)
    assert before is not None and after is not None
    assert (after.send_time, after.next_delivery_at) == (before.send_time, before.next_delivery_at)


async def test_utc_can_be_chosen_by_name_or_by_button(
    bot: BotHarness, ready: FakePerson, words: Words
) -> None:
    await ready.send("/timezone UTC")
    assert ready.last_text.startswith(words("zone_set", zone="UTC time"))
    saved = await stored(bot, ready.chat_id)
    assert saved is not None and saved.timezone == "UTC"
    await ready.send("/timezone GMT")
    assert ready.last_text.startswith(words("zone_is_offset"))
    await ready.press("UTC")
    saved = await stored(bot, ready.chat_id)
    assert saved is not None and saved.timezone == "UTC"


async def test_timezone_commands(bot: BotHarness, ready: FakePerson, words: Words) -> None:
    await ready.send("/timezone Australia/Sydney")
    assert ready.last_text == (
        words("zone_set", zone="Sydney time")
        + "\n\n"
        + words("next_at", when="Sunday 6 December at 08:00 (Sydney time)")
    )
    await ready.send("/timezone GMT-5")
    assert ready.last_text.startswith(words("zone_is_offset"))
    await ready.send("/timezone nowhere-land")
    assert ready.last_text.startswith(words("zone_not_understood"))
    saved = await stored(bot, ready.chat_id)
    assert saved is not None and saved.timezone == "Australia/Sydney"


async def test_days_by_button(bot: BotHarness, ready: FakePerson, words: Words) -> None:
    await ready.send("/days")
    await ready.press("Weekdays")
    assert ready.last_text == (
        words("days_set", days=words("days_weekdays"))
        + "\n\n"
        + words("next_at", when="Monday 7 December at 08:00 (London time)")
    )


async def test_pause_for_days_by_button_and_resume(
    bot: BotHarness, ready: FakePerson, clock: ManualClock, words: Words
) -> None:
    await ready.send("/pause")
    await ready.press("3 days")
    tuesday = words("next_at", when="Tuesday 8 December at 08:00 (London time)")
    assert ready.last_text == f"{words('paused_for')}\n\n{words('paused_until')} {tuesday}"
    await ready.send("/resume")
    assert ready.last_text == f"{words('resumed')}\n\n{words('next_at', when=SUNDAY)}"
    await ready.send("/resume")
    assert ready.last_text.startswith(words("not_paused"))


async def test_pause_by_argument(bot: BotHarness, ready: FakePerson, words: Words) -> None:
    await ready.send("/pause 2w")
    assert ready.last_text.endswith(
        words("next_at", when="Saturday 19 December at 08:00 (London time)")
    )
    await ready.send("/pause forever")
    assert ready.last_text.startswith(words("pause_not_understood"))
    saved = await stored(bot, ready.chat_id)
    assert saved is not None
    assert saved.next_delivery_at == datetime(2026, 12, 19, 8, 0, tzinfo=UTC)


async def test_pause_until_resume(bot: BotHarness, ready: FakePerson, words: Words) -> None:
    await ready.send("/pause")
    await ready.press("Until I resume")
    assert ready.last_text.startswith(words("paused_open"))
    saved = await stored(bot, ready.chat_id)
    assert saved is not None and saved.status == PersonStatus.PAUSED
    assert saved.next_delivery_at is None
    await ready.send("/settings")
    assert ready.last_text.endswith(words("next_paused"))
    await ready.press("Resume")
    assert ready.last_text.endswith(words("next_at", when=SUNDAY))


async def test_skip_the_next_one(bot: BotHarness, ready: FakePerson, words: Words) -> None:
    await ready.send("/skip")
    assert ready.last_text == (
        words("skipped", when=SUNDAY)
        + "\n\n"
        + words("next_at", when="Monday 7 December at 08:00 (London time)")
    )
    await ready.send("/skip")
    assert ready.last_text.endswith(
        words("next_at", when="Tuesday 8 December at 08:00 (London time)")
    )


async def test_today_counts_as_today(
    bot: BotHarness, ready: FakePerson, clock: ManualClock, fake: FakeTelegram
) -> None:
    clock.set(datetime(2026, 12, 5, 7, 0, tzinfo=UTC))  # before today's 08:00
    await ready.send("/today")
    reflection = ready.last
    assert reflection["text"].startswith("Today's reflection\n\nLeaning on someone")
    assert reflection["html"].count("<blockquote>") == 1
    saved = await stored(bot, ready.chat_id)
    assert saved is not None
    assert saved.next_delivery_at == datetime(2026, 12, 6, 8, 0, tzinfo=UTC)
    records = await deliveries(bot, ready.chat_id)
    assert [(d.local_date, d.reflection_id, d.status) for d in records] == [
        (date(2026, 12, 5), "depending-on-each-other", "sent")
    ]
    await ready.send("/today")  # the same one again, not the next
    assert ready.last["text"] == reflection["text"]
    assert len(await deliveries(bot, ready.chat_id)) == 1
    clock.set(datetime(2026, 12, 6, 9, 0, tzinfo=UTC))
    await ready.send("/today")
    assert ready.last["text"].startswith("Today's reflection\n\nIt happened to you too")


async def test_settings_buttons_and_silent_delivery(
    bot: BotHarness, ready: FakePerson, words: Words
) -> None:
    await ready.send("/settings")
    settings = words.pattern(
        "settings_summary",
        time="08:00",
        zone="London time",
        days=words("days_every_day"),
        silent=words("off"),
    )
    assert settings.match(ready.last_text)
    await ready.press("Silent on/off")
    assert ready.last_text.startswith(words("silent_on"))
    await ready.send("/today")
    assert ready.last["silent"] is True
    await ready.send("/settings")
    await ready.press("Time zone")
    await ready.send("auckland")
    assert ready.last_text.startswith(words("zone_set", zone="Auckland time"))


async def test_stop_keep_and_come_back(bot: BotHarness, ready: FakePerson, words: Words) -> None:
    await ready.send("/stop")
    assert ready.last_text == words("stopped")
    saved = await stored(bot, ready.chat_id)
    assert saved is not None and saved.status == "stopped" and saved.next_delivery_at is None
    await ready.press("Keep it")
    assert ready.last_text == words("kept")
    await ready.send("/start")
    assert ready.last_text.startswith(words("welcome_back"))
    assert ready.last_text.endswith(words("next_at", when=SUNDAY))


async def test_stop_and_erase(bot: BotHarness, ready: FakePerson, words: Words) -> None:
    await ready.send("/today")
    await ready.send("/stop")
    await ready.press("Erase everything")
    assert ready.last_text.startswith(words("erased"))
    assert await stored(bot, ready.chat_id) is None
    assert await deliveries(bot, ready.chat_id) == []


async def test_an_old_erase_button_erases_nothing(
    bot: BotHarness, ready: FakePerson, words: Words
) -> None:
    await ready.send("/stop")
    stop_message = ready.last
    await ready.send("/start")
    await ready.press_data("erase:yes", stop_message)
    assert ready.last_text.startswith(words("old_button"))
    assert await stored(bot, ready.chat_id) is not None


async def test_unknown_button_data_is_answered_kindly(
    bot: BotHarness, ready: FakePerson, fake: FakeTelegram, words: Words
) -> None:
    await ready.send("/settings")
    await ready.press_data("retired-feature:1", ready.last)
    answer = fake.calls_to("answerCallbackQuery")[-1]
    assert answer.params["text"].startswith(words("old_button"))


@pytest.mark.parametrize("data", ["pause:²", "pause:0", "day:9", "time+:2460", "resume:now"])
async def test_crafted_button_data_changes_nothing_and_logs_no_error(
    bot: BotHarness,
    ready: FakePerson,
    fake: FakeTelegram,
    caplog: pytest.LogCaptureFixture,
    words: Words,
    data: str,
) -> None:
    before = await stored(bot, ready.chat_id)
    await ready.send("/settings")
    await ready.press_data(data, ready.last)
    answer = fake.calls_to("answerCallbackQuery")[-1]
    assert answer.params["text"].startswith(words("old_button"))
    after = await stored(bot, ready.chat_id)
    assert before is not None and after is not None
    assert (after.status, after.days, after.send_time, after.paused_until) == (
        before.status,
        before.days,
        before.send_time,
        before.paused_until,
    )
    assert not [record for record in caplog.records if record.levelname == "ERROR"]


async def test_blocking_then_coming_back(bot: BotHarness, ready: FakePerson, words: Words) -> None:
    await ready.block()
    saved = await stored(bot, ready.chat_id)
    assert saved is not None and saved.status == PersonStatus.BLOCKED
    assert saved.next_delivery_at is None
    await ready.unblock()
    await ready.send("/start")
    assert ready.last_text.startswith(words("welcome_back"))
    saved = await stored(bot, ready.chat_id)
    assert saved is not None and saved.status == PersonStatus.ACTIVE


async def test_commands_before_start_are_answered(
    bot: BotHarness, person: FakePerson, words: Words
) -> None:
    for command in ("/time 7", "/pause", "/skip", "/settings", "/today", "/resume"):
        await person.send(command)
    assert all(
        text.startswith(words("not_started_yet")) or text == words("ask_pause")
        for text in person.texts
    )
    assert await stored(bot, person.chat_id) is None


async def test_stop_before_start(bot: BotHarness, person: FakePerson, words: Words) -> None:
    await person.send("/stop")
    assert person.last_text.startswith(words("not_started"))


async def test_free_text_and_stickers_are_answered_gently(
    bot: BotHarness, ready: FakePerson, words: Words
) -> None:
    await ready.send("I found out last week and I keep replaying it")
    assert ready.last_text.startswith(words("journal_ask"))
    await ready.send_sticker()
    assert ready.last_text == words("media_not_kept")


async def test_in_a_group_it_explains_once_and_leaves(
    bot: BotHarness, fake: FakeTelegram, words: Words
) -> None:
    group = bot.person(-100123, chat_type="supergroup")
    await group.send("/start")
    assert group.texts == [words("private_only")]
    assert [c.params["chat_id"] for c in fake.calls_to("leaveChat")] == ["-100123"]
    assert await stored(bot, group.chat_id) is None


async def test_added_to_a_group_it_leaves(bot: BotHarness, fake: FakeTelegram) -> None:
    group = bot.person(-555, chat_type="group")
    await group.add_bot_to_group()
    assert len(group.texts) == 1
    assert len(fake.calls_to("leaveChat")) == 1


@pytest.mark.parametrize("command", ["/skip", "/resume", "/today"])
async def test_commands_that_take_nothing_refuse_junk(
    bot: BotHarness, ready: FakePerson, words: Words, command: str
) -> None:
    before = await stored(bot, ready.chat_id)
    await ready.send(f"{command} 🙂 " + "x" * 5000)
    assert ready.last_text == words("no_arguments", command=command.removeprefix("/"))
    after = await stored(bot, ready.chat_id)
    assert before is not None and after is not None
    assert (after.next_delivery_at, after.skip_through) == (before.next_delivery_at, None)
    assert await deliveries(bot, ready.chat_id) == []
