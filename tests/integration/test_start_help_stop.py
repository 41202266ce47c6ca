"""/start, /help and /stop, driven through the fake Bot API as a person would."""

from __future__ import annotations

from datetime import time

from bot.app import build_application
from bot.context import resources_of
from bot.wording import load_wording
from fake_bot_api import FakeBotApiServer, FakeTelegram
from fake_bot_api.harness import BotHarness
from fake_bot_api.people import FakePerson
from storage.models import Person, PersonStatus
from tests.conftest import make_settings


async def stored(bot: BotHarness, chat_id: int) -> Person | None:
    async with resources_of(bot.application).database.sessions() as session:
        return await session.get(Person, chat_id)


async def test_menu_is_set_at_start(bot: BotHarness, fake: FakeTelegram) -> None:
    assert [c["command"] for c in fake.commands] == list(load_wording().commands)
    assert all(c["description"] for c in fake.commands)


async def test_first_start_welcomes_and_stores_default_schedule(
    bot: BotHarness, person: FakePerson
) -> None:
    await person.send("/start")

    assert len(person.texts) == 1
    welcome = person.last_text
    assert welcome.startswith("Hello, and welcome to Within.")
    assert "not a person" in welcome and "Nobody reads this chat" in welcome
    assert "every day at 08:00 (London time)" in welcome
    saved = await stored(bot, person.chat_id)
    assert saved is not None
    assert (saved.status, saved.timezone, saved.send_time) == ("active", "Europe/London", time(8))


async def test_start_again_shows_settings_without_resetting(
    bot: BotHarness, person: FakePerson
) -> None:
    await person.send("/start")
    first = await stored(bot, person.chat_id)
    await person.send("/start")

    assert person.last_text.startswith("You're all set.")
    again = await stored(bot, person.chat_id)
    assert again is not None and first is not None
    assert again.created_at == first.created_at


async def test_stop_then_start_welcomes_back(bot: BotHarness, person: FakePerson) -> None:
    await person.send("/start")
    await person.send("/stop")
    assert person.last_text.startswith("Done. No more reflections will come.")
    saved = await stored(bot, person.chat_id)
    assert saved is not None and saved.status == PersonStatus.STOPPED

    await person.send("/start")
    assert person.last_text.startswith("Welcome back.")
    saved = await stored(bot, person.chat_id)
    assert saved is not None and saved.status == PersonStatus.ACTIVE


async def test_stop_before_start_changes_nothing(bot: BotHarness, person: FakePerson) -> None:
    await person.send("/stop")
    assert "nothing to stop" in person.last_text
    assert await stored(bot, person.chat_id) is None


async def test_command_addressed_to_the_bot_by_name(bot: BotHarness, person: FakePerson) -> None:
    await person.send("/help@WithinTestBot")
    assert person.last_text.startswith("Within sends one short reflection a day")


async def test_free_text_is_answered_gently_and_not_kept(
    bot: BotHarness, person: FakePerson
) -> None:
    await person.send("/start")
    await person.send("I found out last week and I can't think straight")
    assert "I'm a bot" in person.last_text
    await person.send_sticker()
    assert len(person.texts) == 3


async def test_in_a_group_it_explains_once_and_leaves(bot: BotHarness, fake: FakeTelegram) -> None:
    group = bot.person(-100123, chat_type="supergroup")
    await group.send("/start")

    assert group.texts == [
        "Within works only in private chats, so I'll leave this one. "
        "To use it, open a private chat with me."
    ]
    assert [c.params["chat_id"] for c in fake.calls_to("leaveChat")] == ["-100123"]
    assert await stored(bot, group.chat_id) is None


async def test_added_to_a_group_it_leaves(bot: BotHarness, fake: FakeTelegram) -> None:
    group = bot.person(-555, chat_type="group")
    await group.add_bot_to_group()
    assert len(group.texts) == 1
    assert len(fake.calls_to("leaveChat")) == 1


async def test_blocking_in_a_private_chat_is_not_a_group(
    bot: BotHarness, person: FakePerson, fake: FakeTelegram
) -> None:
    await person.send("/start")
    await person.block()
    assert fake.calls_to("leaveChat") == []
    assert len(person.texts) == 1


async def test_start_stop_start_on_each_database(
    database_url: str, fake_server: FakeBotApiServer, fake: FakeTelegram
) -> None:
    settings = make_settings(fake_server.root_url, database_url, DEFAULT_TIMEZONE="Asia/Kolkata")
    async with BotHarness(build_application(settings), fake) as bot:
        person = bot.person(8_000_000_001)
        await person.send("/start")
        await person.send("/stop")
        await person.send("/start")
        saved = await stored(bot, person.chat_id)
    assert [text.split("\n")[0] for text in person.texts] == [
        "Hello, and welcome to Within.",
        "Done. No more reflections will come.",
        "Welcome back. Your settings are as you left them.",
    ]
    assert saved is not None
    assert (saved.status, saved.timezone) == ("active", "Asia/Kolkata")
