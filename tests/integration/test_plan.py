"""/plan: written calmly step by step, kept encrypted, there in /sos and in the hard moment."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select, text

from bot.app import build_application
from bot.context import resources_of
from config.settings import Settings
from fake_bot_api import FakeBotApiServer, FakeTelegram
from fake_bot_api.harness import BotHarness
from fake_bot_api.people import FakePerson
from scheduler.clock import ManualClock
from storage.models import Base, PlanEntry
from tests.conftest import make_settings
from tests.integration.helpers import Words, stored
from tests.integration.test_onboarding import onboard

SIGNS = "Sunday evenings, when the house goes quiet"
ALONE = "a hot bath, the river walk, my playlist"
PEOPLE = "Jo (text her), my sister Meg"
SURROUNDINGS = "ask Meg to keep my tablets for a while"
MATTERS = "my two girls, and the sea in summer"

# Words the crisis check is sure of (tests/unit/test_crisis_assessment.py): the full answer.
SURE = "I want to kill myself tonight. I have the pills ready."


async def plan_of(bot: BotHarness, chat_id: int) -> dict[str, str]:
    resources = resources_of(bot.application)
    assert resources.cipher is not None
    async with resources.database.sessions() as session:
        rows = await session.scalars(select(PlanEntry).where(PlanEntry.chat_id == chat_id))
        return {row.part: resources.cipher.decrypt(row.ciphertext, row.owner) for row in rows}


def question(words: Words, number: int, part: str) -> str:
    """Return the plan's question for a part, as its message begins."""
    return words(
        "plan_question",
        number=number,
        heading=words(f"plan_part_{part}"),
        question=words(f"plan_question_{part}"),
    )


async def write_whole_plan(person: FakePerson, words: Words) -> None:
    """Go through every part: typing most, skipping one, keeping the country's lines."""
    await person.send("/plan")
    assert person.last_text == words("plan_intro")
    await person.press("Start")
    assert person.last_text.startswith(question(words, 1, "signs"))
    await person.send(SIGNS)
    assert person.last_text.startswith(question(words, 2, "alone"))
    await person.send(ALONE)
    await person.press("Skip this part")
    names_then_people = f"{words('plan_names_note')}\n\n{question(words, 4, 'people')}"
    assert person.last_text.startswith(names_then_people)
    await person.send(PEOPLE)
    assert person.last_text.startswith(question(words, 5, "services"))
    assert words("plan_services_filled", country="the UK") in person.last_text
    assert "Samaritans: Call 116 123" in person.last_text  # the directory's line, put in
    await person.press("That's fine")
    asked = person.last_text
    assert asked.startswith(question(words, 6, "surroundings"))
    # A plan for leaving belongs with a domestic abuse service: said after the question.
    assert words.pattern("plan_leaving_note").search(asked, len(question(words, 6, "surroundings")))
    assert "0808 2000 247" in asked
    await person.send(SURROUNDINGS)
    await person.send(MATTERS)


async def test_the_whole_plan_by_buttons_and_typing(
    bot: BotHarness, person: FakePerson, fake: FakeTelegram, words: Words
) -> None:
    await onboard(person)
    await write_whole_plan(person, words)
    finished, shown = person.texts[-2:]
    assert finished == words("plan_finished")
    assert shown.startswith(f"{words('plan_heading')}\n\n{words('plan_part_signs')}\n{SIGNS}")
    for part in (ALONE, PEOPLE, "Samaritans: Call 116 123", SURROUNDINGS, MATTERS):
        assert part in shown
    assert words("plan_part_distract") not in shown  # skipped
    lines_heading = shown.index(words("plan_lines_heading"))
    assert shown.index(MATTERS) < lines_heading < shown.index("999")
    for line in ("Samaritans", "Shout", "Domestic abuse helplines"):  # once each
        assert shown.count(line) == 1, line
    assert str(fake.calls_to("sendMessage")[-1].params["protect_content"]).lower() == "true"
    saved = await stored(bot, person.chat_id)
    assert saved is not None and saved.awaiting is None


@pytest.mark.parametrize("answer", ["no one", "Nobody really", "There's no one"])
async def test_no_one_to_ask_is_met_gently(
    bot: BotHarness, person: FakePerson, words: Words, answer: str
) -> None:
    await onboard(person)
    await person.send("/plan")
    assert person.last_text == words("plan_intro")  # which names such thoughts, calmly, up front
    await person.press("Start")
    for _ in range(3):
        await person.press("Skip this part")
    await person.send(answer)
    gentle, asked = person.texts[-2:]
    assert gentle == words("plan_no_one")
    assert asked.startswith(question(words, 5, "services"))
    assert (await plan_of(bot, person.chat_id))["people"] == answer  # kept as written


async def test_naming_someone_gets_no_such_answer(
    bot: BotHarness, person: FakePerson, words: Words
) -> None:
    await onboard(person)
    await person.send("/plan")
    await person.press("Start")
    for _ in range(3):
        await person.press("Skip this part")
    await person.send("Ann, and no one else")
    assert words("plan_no_one") not in person.texts


async def test_leaving_and_carrying_on_after_a_restart(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> None:
    async with BotHarness(build_application(settings, clock=clock, deliver=False), fake) as bot:
        person = bot.person(51)
        await onboard(person)
        await person.send("/plan")
        await person.press("Start")
        await person.send(SIGNS)
    async with BotHarness(build_application(settings, clock=clock, deliver=False), fake) as bot:
        person = bot.person(51)
        words = Words.of(bot)
        await person.send(ALONE)  # the question asked before the restart is still open
        assert person.last_text.startswith(question(words, 3, "distract"))
        await person.press("Finish for now")
        assert person.last_text == words("plan_paused")
        await person.send("just a note for the journal")  # no longer part of the plan
        assert await plan_of(bot, 51) == {"signs": SIGNS, "alone": ALONE}
        await person.send("/plan")
        assert SIGNS in person.last_text and ALONE in person.last_text
        await person.press("Carry on writing")
        assert person.last_text.startswith(question(words, 3, "distract"))


async def test_crisis_words_never_become_a_plan_part_and_are_answered(
    bot: BotHarness, person: FakePerson, words: Words
) -> None:
    await onboard(person)
    await person.send("/plan")
    await person.press("Start")
    await person.send("when I start thinking I want to die")
    safety = (words.opening("crisis_self"), words("safety_question"))
    assert any(text.startswith(safety) for text in person.texts[-3:])
    assert "signs" not in await plan_of(bot, person.chat_id)  # kept as a note, not in the plan
    found = await stored(bot, person.chat_id)
    assert found is not None and found.awaiting is None


async def test_changing_one_part(bot: BotHarness, person: FakePerson, words: Words) -> None:
    await onboard(person)
    await write_whole_plan(person, words)
    await person.press("Change a part")
    await person.press("What matters most to me")
    assert person.last_text.endswith(words("plan_current", text=MATTERS))
    await person.send("my girls")
    assert person.texts[-2] == words("plan_saved")
    assert "my girls" in person.last_text and MATTERS not in person.last_text
    assert (await plan_of(bot, person.chat_id))["matters"] == "my girls"


@pytest.mark.parametrize(("zone", "line"), [("Dublin", "Pieta"), ("New York", "988")])
async def test_the_services_part_starts_with_the_countrys_lines(
    bot: BotHarness, person: FakePerson, zone: str, line: str
) -> None:
    await onboard(person, zone=zone)
    await person.send("/plan")
    await person.press("Start")
    for _ in range(4):  # to the fifth part
        await person.press("Skip this part")
    assert line in person.last_text
    await person.press("Leave these out")
    assert "services" not in await plan_of(bot, person.chat_id)
    await person.send("my GP, Dr Shah")
    assert (await plan_of(bot, person.chat_id))["services"] == "my GP, Dr Shah"


async def test_sos_and_the_crisis_answer_show_or_offer_the_plan(
    bot: BotHarness, person: FakePerson, fake: FakeTelegram, words: Words
) -> None:
    await onboard(person)
    await person.send("/sos")
    assert person.last_text.startswith(words("sos_intro"))
    await person.send(SURE)
    answer = person.texts[-2]
    assert words("plan_offer_later") in answer
    await write_whole_plan(person, words)
    await person.send("/sos")
    assert person.last_text.startswith(words("plan_in_sos"))
    assert fake.sent[person.chat_id][-1]["reply_markup"]["inline_keyboard"][0][0]["text"] == (
        words("plan_your_plan_button")
    )
    await person.press(words("plan_your_plan_button"))
    assert person.last_text.startswith(f"{words('plan_heading')}\n\n{words('plan_part_signs')}")
    await person.send(SURE)
    assert words("plan_offer_yours") in person.texts[-2]


async def test_export_includes_the_plan_and_delete_erases_it(
    bot: BotHarness, person: FakePerson, fake: FakeTelegram, words: Words
) -> None:
    await onboard(person)
    await write_whole_plan(person, words)
    await person.send("/export")
    files = dict(fake.documents[person.chat_id])
    markdown = next(content for name, content in files.items() if name.endswith(".md")).decode()
    exported = json.loads(next(content for name, content in files.items() if name.endswith("n")))
    assert f"## {words('plan_heading_plain')}" in markdown and SIGNS in markdown
    assert exported["plan"][words("plan_part_signs")] == SIGNS
    await person.send("/delete")
    await person.press("Erase everything")
    assert await plan_of(bot, person.chat_id) == {}


async def test_no_plan_text_in_the_database_or_logs(
    database_url: str,
    fake_server: FakeBotApiServer,
    fake: FakeTelegram,
    clock: ManualClock,
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    settings = make_settings(fake_server.root_url, database_url, DATA_DIR=str(tmp_path / "k"))
    async with BotHarness(build_application(settings, clock=clock, deliver=False), fake) as bot:
        person = bot.person(61)
        await onboard(person)
        await write_whole_plan(person, Words.of(bot))
        database = resources_of(bot.application).database
        async with database.engine.connect() as connection:
            if database.dialect == "postgresql":
                await connection.execute(text("CHECKPOINT"))
            dumped = [
                repr(tuple(row))
                for table in Base.metadata.sorted_tables
                for row in (await connection.execute(select(table))).all()
            ]
    haystacks = ["\n".join(dumped).encode("utf-8"), caplog.text.encode("utf-8")]
    if database_url.startswith("sqlite"):
        folder = Path(database_url.split("///", 1)[1]).parent
        haystacks += [path.read_bytes() for path in folder.iterdir() if path.is_file()]
    for secret in (SIGNS, PEOPLE, MATTERS):
        assert not any(secret.encode("utf-8") in haystack for haystack in haystacks)
