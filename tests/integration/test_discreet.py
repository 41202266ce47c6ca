"""Discreet delivery: a plain line, silently, until Read; chosen in set-up or in /settings."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.context import resources_of
from bot.sender import TelegramSender
from fake_bot_api import FakeTelegram
from fake_bot_api.harness import BotHarness
from fake_bot_api.people import FakePerson, buttons
from reflections.rules import revealing_opening
from scheduler.engine import Outgoing, Shown
from tests.integration.helpers import Words, stored


async def discreet_person(person: FakePerson, words: Words) -> None:
    await person.send("/start")
    await person.press("08:00")
    await person.press("London")
    await person.press("Every day")
    assert person.last_text == words("ask_discreet")
    await person.press("Yes, keep it discreet")
    assert words.pattern("setup_done").fullmatch(person.last_text)


async def test_a_discreet_reflection_shows_nothing_until_read(
    bot: BotHarness, person: FakePerson, fake: FakeTelegram, words: Words
) -> None:
    await discreet_person(person, words)
    await person.send("/today")
    plain = person.last
    assert plain["text"] == words("discreet_reflection")
    assert revealing_opening(plain["text"]) is None
    assert [b["text"] for b in buttons(plain)] == [words("button_read")]
    assert str(fake.calls_to("sendMessage")[-1].params["disable_notification"]).lower() == "true"
    await person.press("Read")
    shown = fake.sent[person.chat_id][-1]
    assert shown["message_id"] == plain["message_id"]  # the same message, now the reflection
    # Literal on purpose: the reflection's own heading and title, content under test.
    assert shown["text"].startswith("Today's reflection\n\nLeaning on someone")
    pause_or_not_today = [words("button_pause_for_a_while"), words("button_not_today")]
    assert [b["text"] for b in buttons(shown)] == pause_or_not_today


async def test_choosing_discreet_rewords_the_welcome_in_place(
    bot: BotHarness, person: FakePerson, fake: FakeTelegram, words: Words
) -> None:
    await discreet_person(person, words)
    welcome = fake.sent[person.chat_id][0]
    assert welcome.get("edited") is True
    assert welcome["text"] == words("welcome_discreet")
    assert revealing_opening(welcome["text"], len(welcome["text"])) is None  # not even later
    assert "partner" not in welcome["text"]
    saved = await stored(bot, person.chat_id)
    assert saved is not None and saved.welcome_message_id is None  # not kept past set-up


async def test_without_discreet_the_welcome_stays_as_it_was(
    bot: BotHarness, person: FakePerson, fake: FakeTelegram, words: Words
) -> None:
    await person.send("/start")
    for label in ("08:00", "London", "Every day", "No"):
        await person.press(label)
    welcome = fake.sent[person.chat_id][0]
    assert "edited" not in welcome and welcome["text"] == words("welcome")


async def test_the_engine_sends_discreetly_too(
    bot: BotHarness, person: FakePerson, words: Words
) -> None:
    await discreet_person(person, words)
    sender = TelegramSender(bot.application.bot, resources_of(bot.application))
    due = datetime(2026, 12, 5, 8, tzinfo=UTC)
    item = Outgoing(1, person.chat_id, "trust", False, False, due, Shown(discreet=True))
    await sender(item)
    assert person.last["text"] == words("discreet_reflection")


async def test_discreet_delivery_can_be_turned_on_and_off_in_settings(
    bot: BotHarness, person: FakePerson, words: Words
) -> None:
    await discreet_person(person, words)
    await person.send("/settings")
    assert words.pattern("settings_summary", discreet=words("on")).match(person.last_text)
    await person.press("Discreet on/off")
    assert person.last_text.startswith(words("discreet_off"))
    saved = await stored(bot, person.chat_id)
    assert saved is not None and not saved.discreet
