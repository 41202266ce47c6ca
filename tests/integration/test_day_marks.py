"""The days someone was asked the safety question (after a "very low" check-in or risk words)
or answered for distress are not readable in the database, and the /weeks summary is sent
protected like the picture."""

from __future__ import annotations

from datetime import date, datetime

from cryptography.fernet import Fernet
from sqlalchemy import text

from bot.app import build_application
from bot.context import resources_of
from fake_bot_api import FakeBotApiServer, FakeTelegram
from fake_bot_api.harness import BotHarness
from scheduler.clock import ManualClock
from storage.crypto import JournalCipher
from storage.marks import DISTRESS, SAFETY
from tests.conftest import make_settings
from tests.integration.helpers import Words
from tests.integration.test_checkins import turned_on

TODAY = date(2026, 12, 5)


async def test_very_low_and_distress_days_are_kept_only_as_keyed_marks(
    database_url: str, fake_server: FakeBotApiServer, fake: FakeTelegram, clock: ManualClock
) -> None:
    settings = make_settings(fake_server.root_url, database_url)
    async with BotHarness(build_application(settings, clock=clock, deliver=False), fake) as bot:
        person = bot.person(540)
        await turned_on(person, Words.of(bot))
        await person.send("/today")
        await person.press("Very low", message_id=person.last["message_id"])
        assert "Are you safe right now?" in person.last_text  # the safety question, once a day
        await person.send("I'm having a panic attack")
        assert any("/sos shows who is there" in said for said in person.texts[-3:])
        database = resources_of(bot.application).database
        async with database.engine.connect() as connection:
            row = (await connection.execute(text("SELECT * FROM people WHERE chat_id = 540"))).one()
        values = row._asdict()
        # What a database reader sees: no date but the bookkeeping instants of the row itself.
        instants = {"created_at", "updated_at", "next_delivery_at", "paused_until"}
        for name, value in values.items():
            if name in instants:
                continue
            assert not isinstance(value, date | datetime) or value != TODAY, name
            assert TODAY.isoformat() not in str(value), name
        marks = [values["safety_mark"], values["distress_mark"]]
        assert all(isinstance(mark, str) and len(mark) == 64 for mark in marks)
        # Without the journal key the marks cannot be matched to a day.
        stranger = JournalCipher.from_keys([Fernet.generate_key().decode()])
        cipher = resources_of(bot.application).cipher
        assert cipher is not None
        for kind, mark in zip((SAFETY, DISTRESS), marks, strict=True):
            assert not stranger.marks_day(mark, kind, 540, TODAY)
            assert cipher.marks_day(mark, kind, 540, TODAY)


async def test_the_weeks_summary_is_sent_protected(
    database_url: str, fake_server: FakeBotApiServer, fake: FakeTelegram, clock: ManualClock
) -> None:
    settings = make_settings(fake_server.root_url, database_url)
    async with BotHarness(build_application(settings, clock=clock, deliver=False), fake) as bot:
        person = bot.person(541)
        await turned_on(person, Words.of(bot))
        await person.send("/today")
        await person.press("Low", message_id=person.last["message_id"])
        await person.send("/weeks")
        assert person.last_text.startswith("Over the last eight weeks")
        summary = [
            call.params
            for call in fake.calls_to("sendMessage")
            if str(call.params.get("text", "")).startswith("Over the last eight weeks")
        ]
        assert summary and str(summary[-1].get("protect_content")).lower() == "true"
