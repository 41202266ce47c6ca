"""Check-ins: off until chosen, one tap in words, changeable that day, kept encrypted; /weeks."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from sqlalchemy import select

from bot.app import build_application
from bot.context import resources_of
from bot.sender import TelegramSender
from fake_bot_api import FakeBotApiServer, FakeTelegram
from fake_bot_api.harness import BotHarness
from fake_bot_api.people import FakePerson, buttons
from scheduler.clock import ManualClock
from scheduler.engine import Outgoing, Shown
from storage.models import CheckIn, Person
from tests.conftest import make_settings
from tests.integration.helpers import Words, stored
from tests.integration.test_onboarding import onboard
from usecases.planning import offer_checkins_if_due

MOOD_WORDS = ["Steady", "Okay", "Low", "Very low", "Rather not say"]


async def checkins_of(bot: BotHarness, chat_id: int) -> dict[date, str]:
    resources = resources_of(bot.application)
    assert resources.cipher is not None
    async with resources.database.sessions() as session:
        rows = await session.scalars(select(CheckIn).where(CheckIn.chat_id == chat_id))
        return {row.local_date: resources.cipher.decrypt(row.ciphertext, row.owner) for row in rows}


def labels(message: dict) -> list[str]:
    return [button["text"] for button in buttons(message)]


async def turned_on(person: FakePerson, words: Words) -> None:
    await onboard(person)
    await person.send("/settings")
    await person.press("Check-ins on/off")
    assert person.last_text == words("checkins_on")


def checkins_setting(words: Words, on_or_off: str) -> re.Pattern[str]:
    """Return the settings summary as it reads with check-ins on or off."""
    return words.pattern("settings_summary", checkins=words(on_or_off))


async def test_off_until_turned_on_and_off_again(
    bot: BotHarness, person: FakePerson, words: Words
) -> None:
    await onboard(person)
    await person.send("/today")
    assert labels(person.last) == [words("button_pause_for_a_while"), words("button_not_today")]
    assert words("checkin_question") not in person.last_text  # no question without the buttons
    await person.send("/settings")
    assert checkins_setting(words, "off").match(person.last_text)
    await person.press("Check-ins on/off")
    saved = await stored(bot, person.chat_id)
    assert saved is not None and saved.checkins
    await person.send("/settings")
    assert checkins_setting(words, "on").match(person.last_text)
    await person.press("Check-ins on/off")
    assert person.last_text == words("checkins_off")


async def test_a_tap_a_change_of_mind_and_an_old_reflection(
    bot: BotHarness, person: FakePerson, fake: FakeTelegram, clock: ManualClock, words: Words
) -> None:
    await turned_on(person, words)
    await person.send("/today")
    reflection = person.last
    assert labels(reflection)[:5] == MOOD_WORDS
    assert reflection["text"].endswith(words("checkin_question"))
    await person.press("Low", message_id=reflection["message_id"])
    answer = fake.calls_to("answerCallbackQuery")[-1].params
    assert answer["text"] == words("checkin_noted")  # no comment on the answer
    today = date(2026, 12, 5)
    assert await checkins_of(bot, person.chat_id) == {today: "low"}
    await person.press("Okay", message_id=reflection["message_id"])
    assert await checkins_of(bot, person.chat_id) == {today: "okay"}
    assert "✓ Okay" in labels(fake.sent[person.chat_id][reflection["message_id"] - 1])
    clock.advance(days=1)
    await person.press("Steady", message_id=reflection["message_id"])
    assert fake.calls_to("answerCallbackQuery")[-1].params["text"] == words("checkin_other_day")
    assert await checkins_of(bot, person.chat_id) == {today: "okay"}


async def test_very_low_gets_the_safety_question_once_a_day(
    bot: BotHarness, person: FakePerson, clock: ManualClock, words: Words
) -> None:
    question = words("safety_question_checkin")
    await turned_on(person, words)
    await person.send("/today")
    reflection = person.last
    said = len(person.texts)
    await person.press("Very low", message_id=reflection["message_id"])
    assert person.texts[said:] == [question]
    await person.press("Low", message_id=reflection["message_id"])
    await person.press("Very low", message_id=reflection["message_id"])
    assert len(person.texts) == said + 1  # not again today
    await person.press("I'm safe")
    assert person.last_text == words("safety_answer_safe")
    clock.advance(days=1)
    await person.send("/today")
    await person.press("Very low", message_id=person.last["message_id"])
    assert person.last_text == question
    await person.press("Not really")
    both = person.last_text
    assert both.startswith(words("crisis_self"))
    # With no nation chosen, the UK's domestic-abuse line lists each nation's own.
    assert "Domestic abuse helplines" in both and "0808 2000 247" in both, "both kinds of lines"


async def test_weeks_shows_a_protected_picture_and_one_plain_sentence(
    bot: BotHarness, person: FakePerson, fake: FakeTelegram, clock: ManualClock, words: Words
) -> None:
    await turned_on(person, words)
    await person.send("/weeks")
    assert person.last_text == words("weeks_none")
    for tap in ("Low", "Steady", "Steady"):
        await person.send("/today")
        await person.press(tap, message_id=person.last["message_id"])
        clock.advance(days=1)
    await person.send("/weeks")
    photo = fake.calls_to("sendPhoto")[-1].params
    assert photo["caption"] == words("weeks_caption")
    assert str(photo["protect_content"]).lower() == "true"
    assert fake.photos[person.chat_id][-1].startswith(b"\x89PNG\r\n\x1a\n")
    counts = f"2 {words('weeks_mood_steady')}, 1 {words('weeks_mood_low')}"
    assert person.last_text == words("weeks_summary", days=3, counts=counts)


async def test_export_has_a_csv_and_delete_erases_checkins(
    bot: BotHarness, person: FakePerson, fake: FakeTelegram, words: Words
) -> None:
    await turned_on(person, words)
    await person.send("/today")
    await person.press("Rather not say", message_id=person.last["message_id"])
    await person.send("/export")
    files = dict(fake.documents[person.chat_id])
    assert files["check-ins-2026-12-05.csv"] == b"date,check-in\n2026-12-05,not said\n"
    await person.send("/delete")
    await person.press("Erase everything")
    assert await checkins_of(bot, person.chat_id) == {}


async def test_stats_count_only_how_many_use_them(
    fake_server: FakeBotApiServer, fake: FakeTelegram, sqlite_url: str, clock: ManualClock
) -> None:
    settings = make_settings(fake_server.root_url, sqlite_url, ADMIN_CHAT_IDS="900")
    async with BotHarness(build_application(settings, clock=clock, deliver=False), fake) as bot:
        await turned_on(bot.person(7), Words.of(bot))
        admin = bot.person(900)
        await admin.send("/stats")
        assert Words.of(bot).pattern("stats", checkins=1).match(admin.last_text)


def test_the_offer_comes_once_with_the_seventh_reflection() -> None:
    person = Person(checkins=False, checkins_offered=False)
    assert not offer_checkins_if_due(person, (1, ["a"] * 5))
    assert offer_checkins_if_due(person, (1, ["a"] * 6))
    assert person.checkins_offered
    assert not offer_checkins_if_due(person, (1, ["a"] * 6))
    assert not offer_checkins_if_due(Person(checkins=True, checkins_offered=False), (1, ["a"] * 6))


async def test_the_offer_is_a_button_under_that_reflection(
    bot: BotHarness, person: FakePerson, words: Words
) -> None:
    resources = resources_of(bot.application)
    sender = TelegramSender(bot.application.bot, resources)
    due = datetime(2026, 12, 5, 8, tzinfo=UTC)
    offered = Outgoing(1, 1, "trust", False, False, due, Shown(offer_checkins=True))
    rows = sender.markup_for(offered).inline_keyboard
    assert rows[0][0].text == words("button_checkins_offer")
    await onboard(person)
    await person.send("/today")
    await person.send("/settings")
    await person.press("Check-ins on/off")  # the same as accepting the offer
    assert person.last_text == words("checkins_on")
