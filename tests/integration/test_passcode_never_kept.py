"""A passcode is never kept, never shown, never counted twice; its question expires; tries
handled side by side cannot race past the wait."""

from __future__ import annotations

import asyncio
import itertools
from datetime import timedelta
from pathlib import Path

from bot.app import build_application
from bot.context import resources_of
from fake_bot_api import FakeBotApiServer, FakeTelegram
from fake_bot_api.harness import BotHarness
from fake_bot_api.people import FakePerson
from scheduler.clock import ManualClock
from tests.conftest import make_settings
from tests.integration.helpers import Words, stored
from tests.integration.test_journal import entries
from tests.integration.test_lock import NOTE, PASSCODE, locked_with_a_note, was_deleted
from tests.integration.test_onboarding import onboard


def a_minute(words: Words) -> str:
    return words("lock_minutes", count=1, s="")


async def three_wrong(person: FakePerson, words: Words) -> None:
    await person.send("/journal")
    for wrong in ("tulip 41", "tulip 43", "tulip 44"):
        await person.send(wrong)
    assert person.last_text == words("lock_wrong_wait", wait=a_minute(words))


async def test_the_right_passcode_typed_after_the_wait_is_deleted_and_never_kept(
    database_url: str, fake_server: FakeBotApiServer, fake: FakeTelegram, clock: ManualClock
) -> None:
    settings = make_settings(fake_server.root_url, database_url)
    async with BotHarness(build_application(settings, clock=clock, deliver=False), fake) as bot:
        words = Words.of(bot)
        person = bot.person(516)
        await locked_with_a_note(person, fake, words)
        await three_wrong(person, words)
        clock.advance(minutes=6)  # the wait and the question are over; the passcode is typed
        await person.send(PASSCODE)
        assert was_deleted(fake, person, PASSCODE)
        assert person.last_text == words("lock_typed_passcode")
        assert await entries(bot, person.chat_id) == [NOTE]
        saved = await stored(bot, person.chat_id)
        assert saved is not None and saved.lock_failures == 3  # not counted as a try either
    clock.advance(hours=1)
    # After a restart, long after any question: the passcode is still never kept.
    async with BotHarness(build_application(settings, clock=clock, deliver=False), fake) as bot:
        person = bot.person(516)
        person._message_ids = itertools.count(2_000_000)  # a new person object: new ids
        await person.send(PASSCODE, reply_to=fake.sent[516][-1]["message_id"])
        assert was_deleted(fake, person, PASSCODE)
        assert await entries(bot, person.chat_id) == [NOTE]
        await person.send("/journal")
        await person.send(PASSCODE)
        assert NOTE in person.last_text
        await person.send("/export")
        exported = b"".join(content for _, content in fake.documents[516])
        assert NOTE.encode() in exported and PASSCODE.encode() not in exported


async def test_while_waiting_tries_are_deleted_and_not_counted_again(
    bot: BotHarness, person: FakePerson, fake: FakeTelegram, words: Words
) -> None:
    await locked_with_a_note(person, fake, words)
    await three_wrong(person, words)
    for typed in ("tulip 45", PASSCODE):
        await person.send(typed)
        assert was_deleted(fake, person, typed)
        assert person.last_text == words("lock_waiting", wait=a_minute(words))
    saved = await stored(bot, person.chat_id)
    assert saved is not None and saved.lock_failures == 3
    assert await entries(bot, person.chat_id) == [NOTE]


async def test_an_over_long_passcode_is_refused_with_a_sentence_and_deleted(
    bot: BotHarness, person: FakePerson, fake: FakeTelegram, words: Words
) -> None:
    await onboard(person)
    await person.send("/lock")
    long_one = "my sister's old address and the year we moved"  # over 32 characters
    await person.send(long_one)
    assert was_deleted(fake, person, long_one)
    assert person.last_text == words("lock_too_long", longest=32)
    saved = await stored(bot, person.chat_id)
    assert saved is not None and saved.lock_hash is None
    assert await entries(bot, person.chat_id) == []
    await person.send("a\nb c d")  # nor is anything over two lines
    assert was_deleted(fake, person, "a\nb c d")
    assert await entries(bot, person.chat_id) == []


async def test_the_passcode_question_expires_and_never_eats_a_later_note(
    bot: BotHarness, person: FakePerson, fake: FakeTelegram, clock: ManualClock, words: Words
) -> None:
    await locked_with_a_note(person, fake, words)
    await person.send("/journal")
    assert person.last_text == words("lock_ask")
    clock.advance(days=1)
    await person.send("/today")
    await person.send("slept badly again", reply_to=person.last["message_id"])
    assert not was_deleted(fake, person, "slept badly again")
    assert words.pattern("journal_kept").fullmatch(person.last_text)
    saved = await stored(bot, person.chat_id)
    assert saved is not None and saved.lock_failures == 0 and saved.awaiting is None
    # A few minutes are enough, without any reflection or command between.
    await person.send("/journal")
    clock.advance(minutes=6)
    await person.send("still here")
    assert not was_deleted(fake, person, "still here")
    assert await entries(bot, person.chat_id) == [NOTE, "slept badly again", "still here"]


async def test_crisis_words_after_a_passcode_question_has_lapsed_are_answered(
    bot: BotHarness, person: FakePerson, fake: FakeTelegram, clock: ManualClock, words: Words
) -> None:
    await locked_with_a_note(person, fake, words)
    await person.send("/journal")
    clock.advance(minutes=6)
    typed = "I don't want to be here anymore"  # short enough to have been a passcode
    await person.send(typed)
    answered = person.texts[-3:]  # the full answer or the safety question, by the model's reading
    full_answer = words("crisis_self")
    asked = words("safety_question")
    assert any(said.startswith(full_answer) or said == asked for said in answered), answered
    assert not was_deleted(fake, person, typed)


async def test_a_new_reflection_closes_the_passcode_question(
    bot: BotHarness, person: FakePerson, fake: FakeTelegram, clock: ManualClock, words: Words
) -> None:
    await locked_with_a_note(person, fake, words)
    saved = await stored(bot, person.chat_id)
    assert saved is not None and saved.next_delivery_at is not None
    clock.set(saved.next_delivery_at - timedelta(minutes=1))
    await person.send("/journal")
    assert person.last_text == words("lock_ask")
    clock.advance(minutes=2)  # the question is a minute old when the reflection comes
    engine = resources_of(bot.application).engine
    assert engine is not None
    await engine.tick()
    reflection = fake.sent[person.chat_id][-1]
    await person.send("so tired", reply_to=reflection["message_id"])
    assert not was_deleted(fake, person, "so tired")
    assert words.pattern("journal_kept").fullmatch(person.last_text)
    saved = await stored(bot, person.chat_id)
    assert saved is not None and saved.lock_failures == 0


async def test_a_digits_only_passcode_needs_six_and_lock_says_why(
    bot: BotHarness, person: FakePerson, fake: FakeTelegram, words: Words
) -> None:
    await onboard(person)
    await person.send("/lock")
    assert person.last_text == words("lock_intro", shortest=4, longest=32, digits=6)
    await person.send("4821")
    assert was_deleted(fake, person, "4821")
    assert person.last_text == words("lock_digits_short", digits=6)
    saved = await stored(bot, person.chat_id)
    assert saved is not None and saved.lock_hash is None
    await person.send("482193")
    assert person.last_text == words("lock_set", minutes=10)


async def test_tries_side_by_side_on_two_processes_cannot_race_past_the_wait(
    database_url: str,
    fake_server: FakeBotApiServer,
    fake: FakeTelegram,
    clock: ManualClock,
    tmp_path: Path,
) -> None:
    settings = make_settings(fake_server.root_url, database_url, DATA_DIR=str(tmp_path / "d"))
    one = build_application(settings, clock=clock, deliver=False)
    async with BotHarness(one, fake) as first:
        words = Words.of(first)
        person = first.person(517)
        await locked_with_a_note(person, fake, words)
        await person.send("/journal")
        async with BotHarness(
            build_application(settings, clock=clock, deliver=False), fake
        ) as second:
            other = second.person(517)
            other._message_ids = itertools.count(2_000_000)
            guesses = [f"guess {n}" for n in range(9)] + [PASSCODE]
            before = len(fake.sent[517])
            await asyncio.gather(
                *((person if n % 2 else other).send(guess) for n, guess in enumerate(guesses))
            )
            answers = [m.get("text", "") for m in fake.sent[517][before:]]
    waiting = words.pattern("lock_waiting")
    checked = [a for a in answers if not waiting.fullmatch(a)]  # all but "please wait"
    assert len(checked) <= 3, answers  # only the free tries were ever checked
    if not any(NOTE in a for a in answers):  # the right one came too late: it had to wait
        assert len(answers) - len(checked) == 7
        saved = await stored_in(settings.database_url, 517)
        assert saved.lock_failures == 3 and saved.lock_wait_until is not None


async def stored_in(url: str, chat_id: int):
    from storage.database import Database
    from storage.models import Person

    database = Database(url)
    try:
        async with database.sessions() as session:
            person = await session.get(Person, chat_id)
            assert person is not None
            return person
    finally:
        await database.dispose()
