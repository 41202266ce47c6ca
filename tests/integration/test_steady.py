"""/steady: each exercise runs to its end and can be stopped; a wait comes back once, on time,
through a restart, from the database and not from a sleeping task."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import select

from bot.app import build_application
from bot.context import resources_of
from bot.steady_jobs import come_back
from bot.wording.catalogue import load_wording
from fake_bot_api import FakeBotApiServer, FakeTelegram
from fake_bot_api.harness import BotHarness
from fake_bot_api.people import FakePerson, buttons
from fake_bot_api.telegram_html import parse_html
from reflections.rules import revealing_opening
from scheduler.clock import ManualClock
from storage.models import SteadyWait
from storage.steadying import note_breathing
from tests.conftest import make_settings
from tests.integration.helpers import Words
from tests.integration.test_onboarding import onboard

WORDING = load_wording()


def menu(words: Words) -> list[str]:
    """Return the steadying menu's three buttons."""
    return [words(f"button_steady_{name}") for name in ("breathe", "senses", "wait")]


def labels(message: dict) -> list[str]:
    return [button["text"] for button in buttons(message)]


async def test_breathing_runs_to_the_end_in_one_message_edited_in_place(
    bot: BotHarness, person: FakePerson, fake: FakeTelegram, words: Words
) -> None:
    resources = resources_of(bot.application)
    rhythm: list[float] = []

    async def pause(seconds: float) -> None:
        rhythm.append(seconds)

    resources.pause = pause
    await onboard(person)
    await person.send("/steady")
    assert person.last_text == words("steady_menu")
    assert labels(person.last) == menu(words)
    await person.press("Slow breathing")
    breathing = person.last
    first = parse_html(fake.calls_to("sendMessage")[-1].params["text"])  # before any edit
    assert first == words("steady_breathe_in", number=1, total=6)
    assert labels(breathing) == [words("button_steady_stop")]
    await resources.breathing[person.chat_id]
    edits = [
        c
        for c in fake.calls_to("editMessageText")
        if str(c.params["message_id"]) == str(breathing["message_id"])
    ]
    assert len(edits) == 12  # in and out six times, in place, then the end
    assert person.last["message_id"] == breathing["message_id"]  # no new message
    assert person.last_text == words("steady_breathe_done") and labels(person.last) == []
    assert rhythm == [4.0, 6.0] * 6  # every out-breath longer than its in-breath
    assert sum(rhythm) < 180
    for key in ("steady_breathe_in", "steady_breathe_out"):
        assert "hold" not in WORDING.text(key, number=1, total=6).lower()
    assert person.chat_id not in resources.breathing


async def test_breathing_stops_at_once_and_never_edits_again(
    bot: BotHarness, person: FakePerson, fake: FakeTelegram, words: Words
) -> None:
    resources = resources_of(bot.application)
    gate = asyncio.Event()

    async def pause(seconds: float) -> None:
        await gate.wait()

    resources.pause = pause
    await onboard(person)
    await person.send("/steady")
    await person.press("Slow breathing")
    breathing = person.last
    task = resources.breathing[person.chat_id]
    await person.press("Stop", message_id=breathing["message_id"])
    assert task.cancelled()
    assert person.last_text == words("steady_stopped") and labels(person.last) == []
    edits = len(fake.calls_to("editMessageText"))
    gate.set()
    await asyncio.sleep(0.05)  # real time: a stray edit would come over HTTP to the fake
    assert len(fake.calls_to("editMessageText")) == edits
    assert person.last_text == words("steady_stopped")


async def test_breathing_stopped_from_another_process_ends_with_stopped(
    bot: BotHarness, person: FakePerson, fake: FakeTelegram, words: Words
) -> None:
    resources = resources_of(bot.application)
    gate = asyncio.Event()

    async def pause(seconds: float) -> None:
        await gate.wait()

    resources.pause = pause
    await onboard(person)
    await person.send("/steady")
    await person.press("Slow breathing")
    task = resources.breathing[person.chat_id]
    async with resources.database.sessions.begin() as session:  # Stop, pressed elsewhere
        await note_breathing(session, person.chat_id, None)
    gate.set()
    await task
    assert person.last_text == words("steady_stopped") and labels(person.last) == []
    assert not any(
        "2 of 6" in call.params.get("text", "") for call in fake.calls_to("editMessageText")
    )


async def test_five_senses_one_step_a_message_to_the_end_and_stopped(
    bot: BotHarness, person: FakePerson, words: Words
) -> None:
    await onboard(person)
    await person.send("/steady")
    await person.press("Five senses")
    shown = [person.last_text]
    for _ in range(4):
        await person.press("Next")
        shown.append(person.last_text)
    assert shown == [words(f"steady_senses_{step}") for step in range(1, 6)]
    await person.press("Next")
    assert person.last_text == words("steady_senses_done")
    steps = [m for m in person.fake.sent[person.chat_id] if m.get("text") in shown]
    assert len(steps) == 5 and all(labels(m) == [] for m in steps)  # each press retires its buttons
    await person.send("/steady")
    await person.press("Five senses")
    await person.press("Next")
    await person.press("Stop")
    assert person.last_text == words("steady_stopped") and labels(person.last) == []


async def test_a_wait_comes_back_once_on_time_through_a_restart(
    database_url: str, fake_server: FakeBotApiServer, fake: FakeTelegram, clock: ManualClock
) -> None:
    settings = make_settings(fake_server.root_url, database_url)
    async with BotHarness(build_application(settings, clock=clock, deliver=False), fake) as bot:
        person = bot.person(5151)
        words = Words.of(bot)
        await onboard(person)
        await person.send("/steady")
        await person.press("Waiting out an urge")
        assert labels(person.last) == ["10 minutes", "20 minutes", "30 minutes"]
        await person.press("20 minutes")
        assert person.last_text == words("steady_wait_started", minutes=20)
        started = clock()
        database = resources_of(bot.application).database
        async with database.sessions() as session:
            waits = list(await session.scalars(select(SteadyWait)))
        assert [(w.chat_id, w.due_at) for w in waits] == [(5151, started + timedelta(minutes=20))]
        clock.advance(minutes=19)
        await come_back(bot.application)
        assert person.last_text == words("steady_wait_started", minutes=20)
    sent = len(fake.sent[5151])
    clock.advance(minutes=1)
    async with BotHarness(build_application(settings, clock=clock, deliver=False), fake) as bot:
        await come_back(bot.application)
        await come_back(bot.application)
        person = bot.person(5151)
        words = Words.of(bot)
        assert fake.texts(5151)[sent:] == [words("steady_wait_back")]  # once, and only once
        assert labels(person.last) == ["A little easier", "Still strong"]
        await person.press("Still strong")
        assert person.last_text == words("steady_how_still")
        assert labels(person.last) == menu(words)
        clock.advance(hours=2)
        await come_back(bot.application)
        assert person.last_text == words("steady_how_still")
        async with resources_of(bot.application).database.sessions() as session:
            assert list(await session.scalars(select(SteadyWait))) == []


async def test_a_wait_can_be_stopped_and_nothing_comes(
    bot: BotHarness, person: FakePerson, clock: ManualClock, words: Words
) -> None:
    await onboard(person)
    await person.send("/steady")
    await person.press("Waiting out an urge")
    await person.press("10 minutes")
    await person.press("Stop waiting")
    assert person.last_text == words("steady_wait_stopped")
    clock.advance(minutes=30)
    await come_back(bot.application)
    assert person.last_text == words("steady_wait_stopped")


async def test_steady_is_offered_from_sos_im_safe_after_very_low_and_a_distress_answer(
    bot: BotHarness, person: FakePerson, words: Words
) -> None:
    await onboard(person)
    await person.send("/sos")
    assert words("button_steady") in labels(person.last)
    await person.press(words("button_steady"))
    assert person.last_text == words("steady_menu")
    await person.send("/settings")
    await person.press("Check-ins on/off")
    await person.send("/today")
    await person.press("Very low")  # the safety question; "I'm safe" offers /steady
    await person.press("I'm safe")
    assert labels(person.last) == [words("button_steady")]
    await person.send("I can't cope with any of this any more, it's all too much")
    distress = [m for m in person.fake.sent[person.chat_id] if words("button_steady") in labels(m)]
    assert len(distress) == 3  # /sos, the very low line, and the answer to distress


def test_every_new_message_keeps_the_topic_out_of_a_preview() -> None:
    import yaml

    from bot.wording.catalogue import MORE_WORDING
    from reflections.steadying import load_steadying

    keys = [k for k in yaml.safe_load(MORE_WORDING[0].read_text()) if not k.startswith("button_")]
    for key in keys:
        template = WORDING.text(key, **dict.fromkeys(_names(key), "x"))
        assert revealing_opening(template[:200]) is None, key
    steadying = load_steadying()
    for reflection in steadying.reflections:
        assert revealing_opening(steadying.render(reflection)[:200]) is None


def _names(key: str) -> set[str]:
    import string

    import yaml

    from bot.wording.catalogue import MORE_WORDING

    template = yaml.safe_load(MORE_WORDING[0].read_text())[key]
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
