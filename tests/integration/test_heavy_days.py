""" "Not today" and the hard dates: the journey waits a day, each gentler one comes exactly once
(across time zones and a restart), and what a person named stays encrypted and theirs."""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, text

from bot.app import build_application
from bot.context import resources_of
from bot.steady_jobs import come_back
from fake_bot_api import FakeBotApiServer, FakeTelegram
from fake_bot_api.harness import BotHarness
from fake_bot_api.people import FakePerson, buttons
from reflections.loader import load_library
from reflections.rules import revealing_opening
from reflections.steadying import load_steadying
from scheduler.clock import ManualClock
from storage.keys import prepare_journal, rotate_keys
from storage.models import Base, Delivery, HardDate
from tests.conftest import make_settings
from tests.integration.helpers import Words, deliveries
from tests.integration.test_onboarding import onboard

LIBRARY = load_library()
STEADYING = load_steadying()
LABEL = "the day I found the messages"


def labels(message: dict) -> list[str]:
    return [button["text"] for button in buttons(message)]


def title_of(message: dict) -> str:
    """Return the title line of a reflection or steadying one as shown."""
    return message["text"].split("\n\n")[1]


async def tick(bot: BotHarness) -> None:
    engine = resources_of(bot.application).engine
    assert engine is not None
    await engine.tick()
    await come_back(bot.application)


async def test_not_today_sets_the_day_aside_once_and_the_journey_waits(
    bot: BotHarness, person: FakePerson, fake: FakeTelegram, clock: ManualClock, words: Words
) -> None:
    first = LIBRARY.reflections[0]
    second = LIBRARY.reflections[1]
    await onboard(person)
    await person.send("/today")
    reflection = person.last
    assert title_of(reflection) == first.title and words("button_not_today") in labels(reflection)
    await person.press("Not today")
    gentler = person.last
    assert gentler["text"].startswith(STEADYING.first_line)
    assert title_of(gentler) in {r.title for r in STEADYING.reflections}
    assert labels(gentler) == [words("button_steady")]
    sent = len(fake.sent[person.chat_id])
    await person.press("Not today", message_id=reflection["message_id"])
    answer = fake.calls_to("answerCallbackQuery")[-1].params
    assert answer["text"] == words("not_today_done")  # once a day; nothing else said
    assert len(fake.sent[person.chat_id]) == sent
    (today,) = await deliveries(bot, person.chat_id)
    assert today.set_aside and today.reflection_id == first.id

    clock.set(datetime(2026, 12, 6, 8, 0, 5, tzinfo=UTC))  # Sunday, 08:00 London
    await tick(bot)
    assert title_of(person.last) == first.title  # it comes again next time
    await person.press("Not today", message_id=reflection["message_id"])
    answer = fake.calls_to("answerCallbackQuery")[-1].params
    assert answer["text"] == words("not_today_other_day")
    clock.set(datetime(2026, 12, 7, 8, 0, 5, tzinfo=UTC))
    await tick(bot)
    assert title_of(person.last) == second.title  # and the journey goes on from there


async def note_a_date(
    person: FakePerson, words: Words, typed: str, *, yearly: bool, eve: bool
) -> None:
    await person.send("/dates")
    listed = words.pattern("dates_list").fullmatch(person.last_text)
    assert person.last_text == words("dates_none") or listed
    await person.press("Note a date")
    await person.send(typed)
    assert person.last_text == words("dates_ask_label")
    await person.send(LABEL)
    await person.press("Every year" if yearly else "Only once")
    await person.press("Yes, please" if eve else "No, thank you")
    assert words.pattern("dates_noted").fullmatch(person.last_text)


@pytest.mark.parametrize("zone", ["Pacific/Auckland", "America/Los_Angeles"])
async def test_a_hard_date_replaces_that_days_reflection_exactly_once(
    database_url: str,
    fake_server: FakeBotApiServer,
    fake: FakeTelegram,
    clock: ManualClock,
    zone: str,
) -> None:
    settings = make_settings(fake_server.root_url, database_url)
    clock.set(datetime(2026, 12, 4, 12, 0, tzinfo=UTC))
    async with BotHarness(build_application(settings, clock=clock, deliver=False), fake) as bot:
        words = Words.of(bot)
        person = bot.person(6161)
        await onboard(person)
        await person.send(f"/timezone {zone}")
        await note_a_date(person, words, "8 December", yearly=True, eve=True)
        listed = person.fake.sent[6161][-1]
        await person.send("/dates")
        assert LABEL in person.last_text
        shown = fake.calls_to("sendMessage")[-1].params
        assert str(shown["protect_content"]).lower() == "true"
        assert listed["message_id"] < person.last["message_id"]
        for _ in range(80):  # to Monday 7 December 20:00 UTC, hour by hour
            clock.advance(hours=1)
            await tick(bot)
        sent = [t for t in fake.texts(6161) if t.startswith(STEADYING.first_line)]
        assert len(sent) == (1 if zone == "Pacific/Auckland" else 0)
        eve = words("hard_day_eve")
    # A restart: in Auckland it is the hard day itself, and its gentler reflection has gone;
    # in Los Angeles the hard day is still ahead.
    async with BotHarness(build_application(settings, clock=clock, deliver=False), fake) as bot:
        for _ in range(60):
            clock.advance(hours=1)
            await tick(bot)
        records = {r.local_date: r for r in await deliveries(bot, 6161)}
    hard_day = date(2026, 12, 8)
    assert records[hard_day].set_aside
    assert STEADYING.get(records[hard_day].reflection_id) is not None
    journey = [r.reflection_id for d, r in sorted(records.items()) if d != hard_day]
    assert journey == LIBRARY.order[: len(journey)]  # the journey waited a day
    texts = fake.texts(6161)
    gentler = [t for t in texts if t.startswith(STEADYING.first_line)]
    assert len(gentler) == 1  # exactly once
    assert texts.count(eve) == 1  # the eve line, once
    eve_index = texts.index(eve)
    assert eve_index < texts.index(gentler[0])
    unprompted = [t for t in texts if LABEL in t]
    assert len(unprompted) == 1  # only /dates, behind the lock, ever shows the name
    assert revealing_opening(gentler[0][:200]) is None
    hard_message = next(m for m in fake.sent[6161] if m.get("text") == gentler[0])
    assert labels(hard_message) == [words("button_steady")]


async def test_today_on_a_hard_date_is_the_gentler_one(
    bot: BotHarness, person: FakePerson, clock: ManualClock, words: Words
) -> None:
    await onboard(person)
    await note_a_date(person, words, "5/12", yearly=False, eve=False)
    await person.send("/today")
    assert person.last_text.startswith(STEADYING.first_line)
    (record,) = await deliveries(bot, person.chat_id)
    assert record.set_aside


async def test_dates_a_date_not_understood_is_asked_again_kindly(
    bot: BotHarness, person: FakePerson, words: Words
) -> None:
    await onboard(person)
    await person.send("/dates")
    await person.press("Note a date")
    for wrong in ("soon", "31 February", "next tuesday"):
        await person.send(wrong)
        assert person.last_text == words("dates_day_not_understood")
    await person.send("29 Feb")
    await person.send("x" * 61)
    assert words.pattern("dates_label_too_long").fullmatch(person.last_text)
    await person.send("a quiet name")
    await person.press("Every year")
    await person.press("No, thank you")
    assert person.last_text == words("dates_noted", day="29 February")
    await person.send("/dates")
    every_year = words("dates_every_year")
    line = words("dates_line", day="29 February", repeat=every_year, label="a quiet name")
    assert person.last_text == words("dates_list", dates=line)
    await person.press("Remove 29 February")
    assert person.last_text == words("dates_removed")
    async with resources_of(bot.application).database.sessions() as session:
        assert list(await session.scalars(select(HardDate))) == []


async def test_marks_and_dates_in_export_vanish_with_erase_and_stay_encrypted(
    database_url: str,
    fake_server: FakeBotApiServer,
    fake: FakeTelegram,
    clock: ManualClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    note = "I knew something was wrong, and I was right"
    caplog.set_level(logging.INFO)  # what an operator's logs hold at the default level
    settings = make_settings(fake_server.root_url, database_url)
    async with BotHarness(build_application(settings, clock=clock, deliver=False), fake) as bot:
        words = Words.of(bot)
        person = bot.person(7171)
        await onboard(person)
        await person.send("/today")
        await person.send(note)
        assert labels(person.last) == [words("button_undo"), words("button_known")]
        await person.press("Something I know")
        answer = fake.calls_to("answerCallbackQuery")[-1].params
        assert answer["text"] == words("known_marked")
        assert labels(person.last) == [words("button_undo"), words("button_known_marked")]
        await person.send("another thought, not marked")
        await note_a_date(person, words, "14 March", yearly=True, eve=False)
        await person.send("/lock")
        await person.send("a passcode")
        await person.send("/known")
        assert person.last_text == words("lock_ask")
        await person.send("a passcode")
        assert person.last_text.startswith(words("known_header"))
        assert note in person.last_text and "not marked" not in person.last_text
        assert str(fake.calls_to("sendMessage")[-1].params["protect_content"]).lower() == "true"
        await person.send("/export")
        (json_file,) = [
            c for c in fake.calls_to("sendDocument") if c.params["document"][0].endswith(".json")
        ]
        exported = json.loads(json_file.params["document"][1])
        marks = {e["text"]: e["something_i_know"] for e in exported["entries"]}
        assert marks == {note: True, "another thought, not marked": False}
        assert exported["dates"] == [
            {"day": "14 March", "repeat": "every year", "label": LABEL, "eve": False}
        ]
        database = resources_of(bot.application).database
        async with database.engine.connect() as connection:
            if database.dialect != "sqlite":
                await connection.execute(text("CHECKPOINT"))
            rows = []
            for table in Base.metadata.sorted_tables:
                rows += [repr(tuple(row)) for row in (await connection.execute(select(table)))]
            dumped = "\n".join(rows)
        files = b""
        if database.dialect == "sqlite":  # the database, its WAL and shared memory, as on disk
            folder = Path(database_url.split("///", 1)[1]).parent
            files = b"".join(path.read_bytes() for path in folder.iterdir() if path.is_file())
        for secret in (note, LABEL):
            assert secret not in dumped and secret not in caplog.text
            assert secret.encode() not in files
        if database.dialect == "sqlite":  # rotation rebinds the names of dates too
            old_key = (settings.key_dir / "journal.key").read_text().strip()
            new_key = "Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE="
            await rotate_keys(database, replace(settings, journal_keys=(new_key, old_key)))
            cipher = await prepare_journal(database, replace(settings, journal_keys=(new_key,)))
            async with database.sessions() as session:
                (hard,) = list(await session.scalars(select(HardDate)))
            assert cipher.decrypt(hard.ciphertext, hard.owner) == LABEL
        await person.send("/delete")
        await person.press("Erase everything")
        async with database.sessions() as session:
            for model in (HardDate, Delivery):
                assert list(await session.scalars(select(model))) == []


async def test_marked_notes_are_offered_once_on_a_reflection_about_doubting_yourself(
    bot: BotHarness, person: FakePerson, fake: FakeTelegram, clock: ManualClock, words: Words
) -> None:
    await onboard(person)
    await person.send("/today")
    await person.send("I noticed it before anyone told me")
    await person.press("Something I know")
    offered = []
    for day in range(6, 6 + 20):
        clock.set(datetime(2026, 12, day, 8, 0, 5, tzinfo=UTC))
        await tick(bot)
        if words("button_known_show") in labels(person.last):
            offered.append(title_of(person.last))
    doubting = [r for r in LIBRARY.reflections if r.id in STEADYING.doubting_yourself]
    first = min(doubting, key=lambda r: LIBRARY.order.index(r.id))
    assert offered == [first.title]  # once, on the first of them
    await person.press("Show them")
    assert person.last_text.startswith(words("known_header"))


async def test_im_safe_after_a_very_low_check_in_offers_the_marked_notes_once(
    bot: BotHarness, person: FakePerson, clock: ManualClock, words: Words
) -> None:
    await onboard(person)
    await person.send("/settings")
    await person.press("Check-ins on/off")
    await person.send("/today")
    await person.send("I trust what I saw")
    await person.press("Something I know")
    await person.press("Very low")
    assert person.last_text == words("safety_question_checkin")
    await person.press("I'm safe")
    assert labels(person.last) == [words("button_steady"), words("button_known_show")]
    await person.press("Show them")
    assert "I trust what I saw" in person.last_text
    clock.advance(days=1)
    await person.send("/today")
    await person.press("Very low")
    await person.press("I'm safe")
    assert labels(person.last) == [words("button_steady")]  # the notes were offered once


async def test_a_discreet_hard_day_shows_the_gentler_one_only_when_read(
    bot: BotHarness, person: FakePerson, words: Words
) -> None:
    await person.send("/start")
    for choice in ("08:00", "London", "Every day", "Yes, keep it discreet"):
        await person.press(choice)
    await note_a_date(person, words, "5 December", yearly=True, eve=False)
    await person.send("/today")
    assert person.last_text == words("discreet_reflection")
    await person.press("Read")
    assert person.last_text.startswith(STEADYING.first_line)
    assert LABEL not in person.last_text and labels(person.last) == [words("button_steady")]
