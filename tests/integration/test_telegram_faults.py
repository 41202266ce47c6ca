"""Telegram's faults cost nobody an answer: 5xx, dropped connections and 429s are tried again,
edits that change nothing are not sent, a block is noted quietly, and every press is answered."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import select
from telegram.error import NetworkError, RetryAfter

from bot import retries
from bot.app import build_application
from bot.context import resources_of
from bot.retries import Retry
from fake_bot_api import ApiError, ConnectionDropped, FakeBotApiServer, FakeTelegram, Trouble
from fake_bot_api.harness import BotHarness
from fake_bot_api.people import FakePerson
from scheduler.clock import ManualClock
from states.kinds import PersonStatus
from storage.models import JournalEntry
from tests.conftest import TOKEN, make_settings
from tests.integration.helpers import Words, stored
from tests.integration.test_onboarding import onboard

WORDS = Words.from_files()  # the conversation is over, and its bot gone, before the test


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """The waits between tries keep their shape (doubling, capped, jittered) but shrink."""
    monkeypatch.setattr(retries, "WAIT_SCALE", 0.04)


@dataclass
class Run:
    """What one run of the conversation left behind."""

    fake: FakeTelegram
    presses: list[str] = field(default_factory=list)
    sent_to_alex_while_blocked: int = 0

    def texts(self, chat_id: int) -> list[str]:
        return self.fake.texts(chat_id)


async def _press(run: Run, person: FakePerson, label: str, *, twice: bool = False) -> None:
    """Press a button on the newest message that has it; `twice`: the same button again."""
    update = await person.press(label)
    run.presses.append(update["callback_query"]["id"])
    if twice:
        message_id = update["callback_query"]["message"]["message_id"]
        message = next(m for m in person.fake.sent[person.chat_id] if m["message_id"] == message_id)
        again = await person.press_data(update["callback_query"]["data"], message)
        run.presses.append(again["callback_query"]["id"])


async def converse(bot: BotHarness, run: Run) -> None:
    """Two people: set-up, /sos, notes, buttons pressed twice, and one blocks the bot mid-way."""
    sam = bot.person(4242, first_name="Sam")
    alex = bot.person(5151, first_name="Alex")
    await sam.send("/start")
    for label in ("08:00", "London", "Every day", "No"):
        await _press(run, sam, label)
    await sam.send("/sos")
    await alex.send("/start")
    await _press(run, alex, "07:00", twice=True)
    await _press(run, alex, "Dublin")
    await _press(run, alex, "Weekdays")
    await _press(run, alex, "No")
    await sam.send("/today")
    reflection = sam.last
    await sam.send("I kept quiet again today", reply_to=reflection["message_id"])
    await alex.send("/sos")
    await sam.send("and I noticed it", reply_to=reflection["message_id"])
    await _press(run, sam, "Undo", twice=True)
    # Alex blocks the bot; a message written just before reaches the bot first.
    alex.fake.blocked.add(alex.chat_id)
    await alex.send("/help")
    saved = await stored(bot, alex.chat_id)
    assert saved is not None and saved.status == PersonStatus.BLOCKED
    await alex.block()
    sent_before = len(alex.fake.sent[alex.chat_id])
    await sam.send("/settings")
    await _press(run, sam, "Pause", twice=True)
    await _press(run, sam, "A week", twice=True)
    await sam.send("/resume")
    await sam.send("/journal")
    await sam.send("/sos")
    run.sent_to_alex_while_blocked = len(alex.fake.sent[alex.chat_id]) - sent_before
    await alex.unblock()
    await alex.send("/start")  # they write again: answered again


async def _run(sqlite_url: str, clock: ManualClock, trouble: Trouble | None) -> Run:
    fake = FakeTelegram(token=TOKEN)
    async with FakeBotApiServer(fake) as server:
        settings = make_settings(server.root_url, sqlite_url)
        application = build_application(settings, clock=clock, deliver=False)
        async with BotHarness(application, fake) as bot:
            fake.trouble = trouble  # from here on: the conversation, not the start
            if trouble is not None:  # one of each kind for sure, whatever the seed picks
                fake.fail(ApiError.too_many_requests(1), method="sendMessage")
                fake.fail(ApiError.server_error(), method="answerCallbackQuery")
                fake.fail(ConnectionDropped(), method="editMessageReplyMarkup")
            run = Run(fake)
            await converse(bot, run)
            fake.trouble = None
    return run


def _retries() -> float:
    return sum(
        sample.value
        for metric in REGISTRY.collect()
        if metric.name == "within_telegram_retries"
        for sample in metric.samples
        if sample.name.endswith("_total")
    )


@pytest.fixture
async def calm(tmp_path: Any, clock: ManualClock) -> AsyncIterator[Run]:
    yield await _run(f"sqlite+aiosqlite:///{tmp_path / 'calm' / 'within.db'}", clock, None)


async def test_a_conversation_through_502s_resets_and_429s_loses_nothing(
    calm: Run, database_url: str, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    """Run on SQLite and PostgreSQL; the calm run it is held to is on SQLite."""
    retried_before = _retries()
    trouble = Trouble(bad_gateway=0.12, reset=0.12, too_many=0.03)
    caplog.set_level(logging.INFO)
    run = await _run(database_url, clock, trouble)

    faulted = [call for call in run.fake.calls if call.fault]
    kinds = {call.fault or "" for call in faulted}
    retried = _retries() - retried_before
    for chat_id in (4242, 5151):  # every answer, once, in order: as in the calm run
        assert run.texts(chat_id) == calm.texts(chat_id)
    lost = sum(len(calm.texts(c)) for c in (4242, 5151)) - sum(
        len(run.texts(c)) for c in (4242, 5151)
    )
    print(
        f"\ncalls {len(run.fake.calls)}, with a fault {len(faulted)}, retried {retried:.0f}, "
        f"lost {lost}, by fault {Counter(c.fault for c in faulted)}"
    )
    assert len(faulted) >= 8 and kinds == {"502", "reset", "429"}
    assert retried >= len(faulted) and lost == 0

    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]  # no handler error
    assert not [call for call in run.fake.calls if "not modified" in (call.refused or "")]
    answered = [
        call.params["callback_query_id"]
        for call in run.fake.calls_to("answerCallbackQuery")
        if call.fault is None
    ]
    assert sorted(answered) == sorted(run.presses)  # every press answered, once
    assert run.sent_to_alex_while_blocked == 0
    assert "Forbidden" not in caplog.text


async def test_the_calm_conversation_answers_each_step(calm: Run) -> None:
    sam = calm.texts(4242)
    alex = calm.texts(5151)

    def count(texts: list[str], key: str) -> int:
        return sum(text.startswith(WORDS(key)) for text in texts)

    assert count(sam, "sos_intro") == 2 and count(alex, "sos_intro") == 1
    assert count(sam, "ask_pause") == 2  # the same button pressed again asks again
    assert count(sam, "journal_undone") == 1
    assert alex[-1].startswith(WORDS("welcome_back"))  # answered once they wrote
    assert calm.sent_to_alex_while_blocked == 0


async def test_a_reply_that_may_have_arrived_is_sent_again_but_a_reflection_is_not(
    bot: BotHarness, person: FakePerson, fake: FakeTelegram
) -> None:
    """Telegram kept the message but its answer was lost: a reply is seen twice rather than
    never; a reflection is left to the delivery engine, which records what it knows."""
    send = bot.application.bot.send_message
    fake.fail(ConnectionDropped(handled=True), chat_id=person.chat_id)
    await send(person.chat_id, "an answer")
    assert person.texts == ["an answer", "an answer"]

    fake.fail(ConnectionDropped(handled=True), chat_id=person.chat_id)
    with pytest.raises(NetworkError):
        await send(person.chat_id, "a reflection", rate_limit_args=Retry.REFLECTION)
    fake.fail(ApiError.server_error(), chat_id=person.chat_id)
    with pytest.raises(NetworkError):
        await send(person.chat_id, "another reflection", rate_limit_args=Retry.REFLECTION)
    assert person.texts == ["an answer", "an answer", "a reflection"]


async def test_a_button_answer_is_not_retried_past_telegrams_window(
    bot: BotHarness, person: FakePerson, fake: FakeTelegram
) -> None:
    fake.fail(ApiError.too_many_requests(30), method="answerCallbackQuery")
    with pytest.raises(RetryAfter):
        await bot.application.bot.answer_callback_query("1", rate_limit_args=Retry.ANSWER)
    assert len(fake.calls_to("answerCallbackQuery")) == 1  # a 30-second wait would be too late


async def test_a_note_written_just_before_blocking_is_kept_all_the_same(
    bot: BotHarness, person: FakePerson, fake: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    await onboard(person)
    await person.send("/today")
    reflection = person.last["message_id"]
    sent = len(person.texts)
    fake.blocked.add(person.chat_id)  # the crisis answer and the "Kept" are both refused
    await person.send("I don't want to be here anymore", reply_to=reflection)
    saved = await stored(bot, person.chat_id)
    assert saved is not None and saved.status == PersonStatus.BLOCKED
    assert len(person.texts) == sent
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    resources = resources_of(bot.application)
    assert resources.cipher is not None
    async with resources.database.sessions() as session:
        entries = list(await session.scalars(select(JournalEntry)))
    assert [resources.cipher.read(e.ciphertext, e.owner) for e in entries] == [
        "I don't want to be here anymore"
    ]
