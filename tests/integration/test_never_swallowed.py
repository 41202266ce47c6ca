"""A crisis message is always answered, whatever the bot was asking; stale questions expire."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bot.context import resources_of
from fake_bot_api.harness import BotHarness
from fake_bot_api.people import FakePerson
from scheduler.clock import ManualClock
from states.awaiting import Awaiting, Unlocks, every_question, passcode_question, plan_question
from states.kinds import PlanPart
from storage.models import JournalEntry, Person, utc_now
from storage.plans import plan_parts
from tests.integration.helpers import Words, stored
from tests.integration.test_onboarding import onboard

RISK_TO_SELF = "honestly I just want to die"
DANGER = "he said he will kill me if I ever leave"
# The wording key of each kind's full answer, which opens the message its lines follow.
FULL_ANSWER = {"self": "crisis_self", "danger": "crisis_danger"}


async def ask(bot: BotHarness, chat_id: int, awaiting: Awaiting | None, age: timedelta) -> None:
    """Leave the person with a question open, asked `age` ago."""
    async with resources_of(bot.application).database.sessions.begin() as session:
        await session.execute(
            update(Person)
            .where(Person.chat_id == chat_id)
            .values(awaiting=awaiting, awaiting_at=utc_now() - age)
        )


async def notes(bot: BotHarness, chat_id: int) -> int:
    async with resources_of(bot.application).database.sessions() as session:
        found = await session.scalars(
            select(JournalEntry.id).where(JournalEntry.chat_id == chat_id)
        )
        return len(list(found))


def answered(words: Words, texts: list[str], kind: str) -> bool:
    """Whether the full answer of this kind, or the question whether they are safe, was said."""
    full, asked = words(FULL_ANSWER[kind]), words("safety_question")
    return any(t.startswith(full) or t == asked for t in texts)


@pytest.mark.parametrize("awaiting", list(every_question()), ids=Awaiting.stored)
@pytest.mark.parametrize(("kind", "text"), [("self", RISK_TO_SELF), ("danger", DANGER)])
async def test_crisis_words_are_answered_whatever_was_asked(
    bot: BotHarness, person: FakePerson, words: Words, awaiting: Awaiting, kind: str, text: str
) -> None:
    await onboard(person)
    before = await stored(bot, person.chat_id)
    assert before is not None
    await ask(bot, person.chat_id, awaiting, timedelta(minutes=1))
    seen = len(person.texts)
    await person.send(text)
    assert answered(words, person.texts[seen:], kind), person.texts[seen:]
    after = await stored(bot, person.chat_id)
    assert after is not None and after.awaiting is None, "the question must not take the answer"
    assert (after.send_time, after.timezone, after.lock_hash) == (
        before.send_time,
        before.timezone,
        before.lock_hash,
    )
    async with resources_of(bot.application).database.sessions() as session:
        assert await plan_parts(session, person.chat_id) == {}
    assert await notes(bot, person.chat_id) == 1, "the words are kept as a note, not lost"


async def test_a_stale_plan_question_does_not_take_the_next_note(
    bot: BotHarness, person: FakePerson
) -> None:
    await onboard(person)
    await ask(
        bot, person.chat_id, plan_question(PlanPart.SURROUNDINGS, step=True), timedelta(hours=4)
    )
    await person.send("I feel a bit better now")
    async with resources_of(bot.application).database.sessions() as session:
        assert await plan_parts(session, person.chat_id) == {}
    assert await notes(bot, person.chat_id) == 1


async def test_a_stale_passcode_question_does_not_count_a_note_as_a_try(
    bot: BotHarness, person: FakePerson
) -> None:
    await onboard(person)
    await ask(bot, person.chat_id, passcode_question(Unlocks.JOURNAL), timedelta(hours=4))
    await person.send("slept badly again")
    found = await stored(bot, person.chat_id)
    assert found is not None and found.lock_failures == 0
    assert await notes(bot, person.chat_id) == 1


async def test_any_command_ends_a_question(bot: BotHarness, person: FakePerson) -> None:
    await onboard(person)
    await ask(bot, person.chat_id, plan_question(PlanPart.PEOPLE, step=True), timedelta(minutes=1))
    await person.send("/settings")
    found = await stored(bot, person.chat_id)
    assert found is not None and found.awaiting is None
    await person.send("my sister, maybe")
    async with resources_of(bot.application).database.sessions() as session:
        assert await plan_parts(session, person.chat_id) == {}


async def test_a_new_reflection_ends_a_question(
    bot: BotHarness, person: FakePerson, clock: ManualClock
) -> None:
    await onboard(person, at="08:00")
    await ask(bot, person.chat_id, passcode_question(Unlocks.JOURNAL), timedelta(minutes=1))
    clock.advance(days=1)
    engine = resources_of(bot.application).engine
    assert engine is not None
    await engine.tick()
    # Literal on purpose: the heading a reflection is sent with, content under test.
    assert any(text.startswith("Today's reflection") for text in person.texts)
    found = await stored(bot, person.chat_id)
    assert found is not None and found.awaiting is None
