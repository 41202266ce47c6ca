"""While locked, no button, command or pending answer shows or changes what is behind the lock."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select, update

from bot import behind_lock
from bot.app import build_application
from bot.callback_data import Action, Button
from bot.context import resources_of
from fake_bot_api import FakeBotApiServer, FakeTelegram
from fake_bot_api.harness import BotHarness
from fake_bot_api.people import FakePerson
from scheduler.clock import ManualClock
from states.awaiting import plan_question, time_question
from states.kinds import PlanPart
from storage import plans
from storage.checkins import save_checkin
from storage.crypto import checkin_owner, plan_owner
from storage.models import JournalEntry, Person
from tests.conftest import make_settings
from tests.integration.helpers import Words
from tests.integration.test_journal import entries
from tests.integration.test_lock import NOTE, PASSCODE, locked_with_a_note

TODAY = date(2026, 12, 5)
SECRETS = [NOTE, *(f"secret part {part}" for part in PlanPart)]
PARTS = [part.value for part in PlanPart]


def every_press(entry_id: int) -> list[Button]:
    """One press of each kind a person could make, old buttons included (not the erasing ones)."""
    stamp = TODAY.strftime("%Y%m%d")
    args: dict[Action, list[str]] = {
        Action.PLAN: ["start", "carry", "show", "change", "finish"]
        + [f"{verb}-{part}" for verb in ("skip", "edit", "keep", "drop") for part in PARTS],
        Action.JOURNAL: ["1", "2", f"o{entry_id + 1}", f"n{entry_id - 1}", "n0"],
        Action.ENTRY: [f"undo{entry_id}", f"keep{entry_id}", f"drop{entry_id + 99}"],
        Action.CHECKIN: [f"{mood}-{stamp}" for mood in ("steady", "okay", "low", "very-low")],
        Action.CHECKINS: ["on", "off", "no", "offer"],
        Action.TODAY: [""],
        Action.SOS: ["GB"],
        Action.DELETE: ["cancel"],
        Action.ASK: ["pause", "time", "tz", "days"],
        Action.SILENT: [""],
        Action.DISCREET: ["toggle"],
    }
    return [Button(action, arg) for action, values in args.items() for arg in values]


async def written(bot: BotHarness, chat_id: int) -> dict[PlanPart, str]:
    resources = resources_of(bot.application)
    assert resources.cipher is not None
    async with resources.database.sessions() as session:
        stored = await plans.plan_parts(session, chat_id)
    return {
        part: resources.cipher.decrypt(token, plan_owner(chat_id, part))
        for part, token in stored.items()
    }


async def locked_with_everything(bot: BotHarness, person: FakePerson, fake: FakeTelegram) -> None:
    """A note, a whole plan and some check-ins, behind a passcode."""
    await locked_with_a_note(person, fake, Words.of(bot))
    resources = resources_of(bot.application)
    cipher = resources.cipher
    assert cipher is not None
    async with resources.database.sessions.begin() as session:
        for part in PlanPart:
            token = cipher.encrypt(f"secret part {part}", plan_owner(person.chat_id, part))
            await plans.save_part(session, person.chat_id, part, token, resources.clock())
        for back in range(1, 4):
            day = TODAY - timedelta(days=back)
            token = cipher.encrypt("very-low", checkin_owner(person.chat_id, day))
            await save_checkin(session, person.chat_id, day, token, resources.clock())
        await session.execute(update(Person).values(checkins=True))


def leaked(fake: FakeTelegram, words: Words, chat_id: int, since: int) -> list[str]:
    said = [m.get("text", "") + m.get("caption", "") for m in fake.sent[chat_id][since:]]
    weeks = words.opening("weeks_summary")
    return [text for text in said if any(secret in text for secret in SECRETS)] + [
        text for text in said if text.startswith(weeks)
    ]


async def test_every_button_and_pending_answer_asks_for_the_passcode_and_shows_nothing(
    database_url: str, fake_server: FakeBotApiServer, fake: FakeTelegram, clock: ManualClock
) -> None:
    settings = make_settings(fake_server.root_url, database_url)
    async with BotHarness(build_application(settings, clock=clock, deliver=False), fake) as bot:
        words = Words.of(bot)
        person = bot.person(520)
        await locked_with_everything(bot, person, fake)
        clock.advance(minutes=30)  # long after anything was open
        await person.send("/today")
        reflection = person.last
        database = resources_of(bot.application).database
        async with database.sessions() as session:
            entry_id = await session.scalar(select(JournalEntry.id))
        assert entry_id is not None
        photos = len(fake.calls_to("sendPhoto"))
        documents = len(fake.calls_to("sendDocument"))
        start = len(fake.sent[person.chat_id])
        for pressed in every_press(entry_id):
            await person.press_data(pressed.encode(), reflection)
            assert not leaked(fake, words, person.chat_id, start), pressed
            await person.send("/settings")  # moves on from any question the press asked
        for command in behind_lock.COMMANDS:
            await person.send(f"/{command}")
            assert person.last_text == words("lock_ask"), command
        # A leftover plan question, of each part, alone or as a step: answered with "hello".
        for part in PlanPart:
            for step in (False, True):
                async with database.sessions.begin() as session:
                    await session.execute(
                        update(Person).values(awaiting=plan_question(part, step=step))
                    )
                await person.send("hello")
                assert person.last_text == words("lock_ask"), (part, step)
        assert not leaked(fake, words, person.chat_id, start)
        assert len(fake.calls_to("sendPhoto")) == photos  # no /weeks picture
        assert len(fake.calls_to("sendDocument")) == documents  # no export
        assert await written(bot, person.chat_id) == {
            part: f"secret part {part}" for part in PlanPart
        }  # nothing overwritten, nothing dropped
        assert await entries(bot, person.chat_id) == [NOTE]  # Undo did not take it out
        # And the passcode still opens, going on with what asked for it.
        await person.send("/plan")
        await person.send(PASSCODE)
        assert "secret part signs" in person.last_text


def test_the_declaration_covers_every_command_that_shows_a_secret() -> None:
    assert set(behind_lock.COMMANDS) == {"journal", "export", "plan", "weeks", "known", "dates"}
    for arg in ("start", "carry", "finish", "skip-signs", "keep-services", "drop-people"):
        assert behind_lock.for_button(Button(Action.PLAN, arg)) is behind_lock.PLAN
    assert behind_lock.for_button(Button(Action.ENTRY, "undo5")) is behind_lock.JOURNAL
    assert behind_lock.for_button(Button(Action.ENTRY, "keep5")) is None
    assert behind_lock.for_answer(plan_question(PlanPart.SIGNS, step=True)) is behind_lock.PLAN
    assert behind_lock.for_answer(time_question(setup=False)) is None
