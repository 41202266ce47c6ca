"""/lock: a passcode in front of what a person wrote, deleted once read, with a growing wait."""

from __future__ import annotations

from pathlib import Path

from bot.app import build_application
from bot.callback_data import Action, Button
from bot.handlers.lock import wait_after
from fake_bot_api import FakeBotApiServer, FakeTelegram
from fake_bot_api.harness import BotHarness
from fake_bot_api.people import FakePerson
from scheduler.clock import ManualClock
from tests.conftest import make_settings
from tests.integration.helpers import Words, stored
from tests.integration.test_journal import entries
from tests.integration.test_onboarding import onboard

PASSCODE = "tulip 42"
NOTE = "The day the letter came I sat in the car for an hour"


def was_deleted(fake: FakeTelegram, person: FakePerson, text: str) -> bool:
    sent = [m for m in fake.received[person.chat_id] if m.get("text") == text]
    return bool(sent) and all(m.get("deleted") for m in sent)


async def locked_with_a_note(person: FakePerson, fake: FakeTelegram, words: Words) -> None:
    """Someone set up, with one note kept after today's reflection, who then sets a passcode."""
    await onboard(person)
    await person.send("/today")
    await person.send(NOTE, reply_to=person.last["message_id"])
    await person.send("/lock")
    assert person.last_text == words("lock_intro", shortest=4, longest=32, digits=6)
    await person.send(PASSCODE)
    assert was_deleted(fake, person, PASSCODE)
    assert person.last_text == words("lock_set", minutes=10)


async def test_a_set_passcode_is_kept_only_as_a_slow_hash_and_its_message_is_deleted(
    bot: BotHarness, person: FakePerson, fake: FakeTelegram, words: Words
) -> None:
    await locked_with_a_note(person, fake, words)
    saved = await stored(bot, person.chat_id)
    assert saved is not None and saved.lock_hash is not None
    assert saved.lock_hash.startswith("scrypt$") and PASSCODE not in saved.lock_hash
    assert await entries(bot, person.chat_id) == [NOTE]  # the passcode is not a journal entry


async def test_journal_export_plan_and_weeks_ask_first_and_open_with_the_passcode(
    bot: BotHarness, person: FakePerson, fake: FakeTelegram, clock: ManualClock, words: Words
) -> None:
    await locked_with_a_note(person, fake, words)
    for command in ("/journal", "/export", "/plan", "/weeks"):
        before = len(fake.sent[person.chat_id])
        await person.send(command)
        assert fake.sent[person.chat_id][before:] == [person.last]
        assert person.last_text == words("lock_ask"), command
    await person.send("/journal")
    await person.send(PASSCODE)
    assert was_deleted(fake, person, PASSCODE)
    assert NOTE in person.last_text
    # Open for ten minutes while in use; then it asks again.
    clock.advance(minutes=9)
    await person.send("/export")
    assert len(fake.calls_to("sendDocument")) == 2
    clock.advance(minutes=11)
    await person.send("/journal")
    assert person.last_text == words("lock_ask")


async def test_journal_page_buttons_and_the_plan_button_are_locked_too(
    bot: BotHarness, person: FakePerson, fake: FakeTelegram, words: Words
) -> None:
    await locked_with_a_note(person, fake, words)
    for pressed in (Button(Action.JOURNAL, "1"), Button(Action.PLAN, "show")):
        await person.press_data(pressed.encode(), person.last)
        assert person.last_text == words("lock_ask"), pressed


async def test_wrong_tries_wait_longer_each_time_and_the_right_one_then_opens(
    bot: BotHarness, person: FakePerson, fake: FakeTelegram, clock: ManualClock, words: Words
) -> None:
    await locked_with_a_note(person, fake, words)
    await person.send("/journal")
    for wrong in ("tulip 41", "tulip 43"):
        await person.send(wrong)
        assert was_deleted(fake, person, wrong)
        assert person.last_text == words("lock_wrong")
    await person.send("tulip 44")
    a_minute = words("lock_minutes", count=1, s="")
    assert person.last_text == words("lock_wrong_wait", wait=a_minute)
    # While waiting, even the right passcode opens nothing.
    await person.send("/journal")
    assert person.last_text == words("lock_waiting", wait=a_minute)
    clock.advance(seconds=61)
    await person.send("/journal")
    await person.send("tulip 45")
    two_minutes = words("lock_minutes", count=2, s="s")
    assert person.last_text == words("lock_wrong_wait", wait=two_minutes)
    clock.advance(minutes=2, seconds=1)
    await person.send("/journal")
    await person.send(PASSCODE)
    assert NOTE in person.last_text
    saved = await stored(bot, person.chat_id)
    assert saved is not None and saved.lock_failures == 0 and saved.lock_wait_until is None


async def test_a_forgotten_passcode_is_reset_only_by_erasing_everything(
    bot: BotHarness, person: FakePerson, fake: FakeTelegram, words: Words
) -> None:
    await locked_with_a_note(person, fake, words)
    await person.send("/delete")
    await person.press("Erase everything")
    assert await stored(bot, person.chat_id) is None
    assert await entries(bot, person.chat_id) == []
    await onboard(person)
    await person.send("/journal")
    assert person.last_text == words("journal_empty")


async def test_the_lock_comes_off_only_with_the_passcode(
    bot: BotHarness, person: FakePerson, fake: FakeTelegram, words: Words
) -> None:
    await locked_with_a_note(person, fake, words)
    await person.send("/lock")
    assert person.last_text == words("lock_ask_remove")
    await person.send("not it")
    saved = await stored(bot, person.chat_id)
    assert saved is not None and saved.lock_hash is not None
    await person.send(PASSCODE)
    assert person.last_text == words("lock_removed")
    await person.send("/journal")
    assert NOTE in person.last_text


async def test_writing_is_never_taken_for_a_passcode_once_the_question_has_passed(
    bot: BotHarness, person: FakePerson, fake: FakeTelegram, words: Words
) -> None:
    await locked_with_a_note(person, fake, words)
    longer = "I nearly told my sister today but I couldn't find the words"
    await person.send("/journal")
    await person.send(longer)  # too long for a passcode: kept as usual, never deleted
    assert not was_deleted(fake, person, longer)
    await person.send("/settings")  # a command moves on from the question
    await person.send("so tired")
    assert not was_deleted(fake, person, "so tired")
    assert await entries(bot, person.chat_id) == [NOTE, longer, "so tired"]


async def test_a_short_passcode_is_refused_kindly(
    bot: BotHarness, person: FakePerson, fake: FakeTelegram, words: Words
) -> None:
    await onboard(person)
    await person.send("/lock")
    await person.send("abc")
    assert was_deleted(fake, person, "abc")
    assert person.last_text == words("lock_too_short", shortest=4)
    saved = await stored(bot, person.chat_id)
    assert saved is not None and saved.lock_hash is None


async def test_the_lock_holds_on_each_database(
    database_url: str,
    fake_server: FakeBotApiServer,
    fake: FakeTelegram,
    clock: ManualClock,
    tmp_path: Path,
) -> None:
    settings = make_settings(fake_server.root_url, database_url, DATA_DIR=str(tmp_path / "k"))
    async with BotHarness(build_application(settings, clock=clock, deliver=False), fake) as bot:
        person = bot.person(515)
        await locked_with_a_note(person, fake, Words.of(bot))
        await person.send("/journal")
        await person.send("wrong one")
        await person.send(PASSCODE)
        assert NOTE in person.last_text


def test_each_wrong_try_after_the_third_doubles_the_wait_up_to_a_day() -> None:
    minutes = [wait_after(failures).total_seconds() / 60 for failures in range(1, 8)]
    assert minutes == [0, 0, 1, 2, 4, 8, 16]
    assert wait_after(40).total_seconds() == 24 * 3600
