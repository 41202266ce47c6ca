"""The safety question, asked where the check is unsure: its buttons, once a day, and privacy."""

from __future__ import annotations

import dataclasses

import pytest

from bot.context import resources_of
from fake_bot_api.harness import BotHarness
from fake_bot_api.people import FakePerson, buttons
from safety.assess import crisis_check
from safety.meaning import Thresholds, load_meaning
from safety.patterns import load_detector
from scheduler.clock import ManualClock
from tests.integration.helpers import Words, stored
from tests.integration.test_onboarding import onboard
from tests.integration.test_safety import INDISCREET


@pytest.fixture
def unsure(bot: BotHarness) -> None:
    """The real patterns and model, with thresholds that ask about whatever the patterns find."""
    never = Thresholds(full=1.01, agree=1.01, ask=1.01)
    model = dataclasses.replace(load_meaning(), thresholds={"self": never, "danger": never})
    resources_of(bot.application).crisis = crisis_check(load_detector(), model)


async def test_the_question_is_asked_once_a_day_and_not_really_brings_the_full_answer(
    bot: BotHarness, person: FakePerson, clock: ManualClock, words: Words, unsure: None
) -> None:
    question = words("safety_question")
    await onboard(person)
    seen = len(person.texts)
    await person.send("honestly I just want to die")
    assert person.texts[seen] == question
    asked = person.fake.sent[person.chat_id][seen]
    labels = [button["text"] for button in buttons(asked)]
    choices = ("button_safety_safe", "button_safety_not_really", "button_safety_lines")
    assert labels == [words(choice) for choice in choices]
    await person.send("I just want it all to stop")
    assert question not in person.texts[seen + 2 :], "asked at most once a day"
    await person.press("Not really", message_id=asked["message_id"])
    answer = person.last_text
    assert answer.startswith(words("crisis_self"))
    assert "116 123" in answer  # literal on purpose: a helpline's number is data under test
    clock.advance(days=1)
    await person.send("he said he will kill me if I ever leave")
    assert question in person.texts[-3:]


async def test_im_safe_gets_one_kind_line_and_nothing_about_it_is_kept(
    bot: BotHarness, person: FakePerson, words: Words, unsure: None
) -> None:
    await onboard(person)
    await person.send("honestly I just want to die")
    before = await stored(bot, person.chat_id)
    await person.press("I'm safe")
    assert person.last_text == words("safety_answer_safe")
    after = await stored(bot, person.chat_id)
    assert before is not None and after is not None
    assert after.safety_mark == before.safety_mark  # the answer itself is not kept


async def test_show_me_the_lines_shows_the_countrys_lines(
    bot: BotHarness, person: FakePerson, unsure: None
) -> None:
    await onboard(person)
    await person.send("he said he will kill me if I ever leave")
    await person.press("Show me the lines")
    text = person.last_text
    assert "Call 999" in text and "116 123" in text  # literal on purpose: the lines are data


def test_the_question_is_neutral_on_a_lock_screen() -> None:
    shown = Words.from_files()("safety_question")[:160]
    assert not INDISCREET.search(shown), shown
