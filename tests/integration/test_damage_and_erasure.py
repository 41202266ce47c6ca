"""Journals that survive a damaged token, caps that hold against edits, tokens bound to a
version, and erasure that holds while another connection is reading."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import func, select

from bot.app import build_application
from bot.context import resources_of
from config.settings import ConfigError, Settings
from fake_bot_api import FakeBotApiServer, FakeTelegram
from fake_bot_api.harness import BotHarness
from fake_bot_api.people import FakePerson
from scheduler.clock import ManualClock
from storage import database as database_module
from storage import keys
from storage.checkins import save_checkin
from storage.crypto import JournalCipher, checkin_owner
from storage.database import Database
from storage.keys import KeyReport, count_by_key, prepare_journal, rotate_keys
from storage.models import CheckIn, JournalEntry
from tests.conftest import make_settings
from tests.integration.helpers import Words
from tests.integration.test_journal import entries
from tests.integration.test_onboarding import onboard
from usecases import journal as journal_rules


async def with_notes(person: FakePerson, *notes: str) -> None:
    await onboard(person)
    await person.send("/today")
    reflection = person.last["message_id"]
    for note in notes:
        await person.send(note, reply_to=reflection)


async def rows(bot: BotHarness, chat_id: int) -> list[JournalEntry]:
    async with resources_of(bot.application).database.sessions() as session:
        query = select(JournalEntry).where(JournalEntry.chat_id == chat_id)
        return list(await session.scalars(query.order_by(JournalEntry.id)))


async def set_token(bot: BotHarness, entry_id: int, token: bytes) -> None:
    async with resources_of(bot.application).database.sessions.begin() as session:
        entry = await session.get(JournalEntry, entry_id)
        assert entry is not None
        entry.ciphertext = token


async def test_an_entry_no_key_opens_is_left_out_and_counted(
    database_url: str, fake_server: FakeBotApiServer, fake: FakeTelegram, clock: ManualClock
) -> None:
    settings = make_settings(fake_server.root_url, database_url)
    async with BotHarness(build_application(settings, clock=clock, deliver=False), fake) as bot:
        words = Words.of(bot)
        unopened = words("journal_some_unopened", count=1)
        failed = ("something_went_wrong", "not_done_for_now", "not_kept_for_now")
        failures = [words(key) for key in failed]  # every answer that says something failed
        person = bot.person(530)
        await with_notes(person, "the first thing", "the second thing")
        damaged = (await rows(bot, 530))[0]
        await set_token(bot, damaged.id, Fernet(Fernet.generate_key()).encrypt(b"lost"))
        await person.send("/journal")
        assert "the second thing" in person.last_text
        assert "the first thing" not in person.last_text
        assert person.texts[-2] == unopened
        await person.send("/export")
        exported = b"".join(content for _, content in fake.documents[530])
        assert b"the second thing" in exported
        assert unopened in person.texts[-4:]
        assert not set(failures) & set(person.texts)  # left out, not a failure


async def test_the_start_check_and_keys_check_read_every_kind_of_token_in_batches(
    database_url: str,
    fake_server: FakeBotApiServer,
    fake: FakeTelegram,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = make_settings(fake_server.root_url, database_url)
    async with BotHarness(build_application(settings, clock=clock, deliver=False), fake) as bot:
        person = bot.person(531)
        await with_notes(person, "one", "two", "three")
        resources = resources_of(bot.application)
        cipher = resources.cipher
        database = resources.database
        assert cipher is not None
        old = Fernet.generate_key().decode()
        async with database.sessions.begin() as session:  # check-ins written with an old key
            for day in range(1, 4):
                on = date(2026, 11, day)
                token = JournalCipher.from_keys([old]).encrypt("low", checkin_owner(531, on))
                await save_checkin(session, 531, on, token, resources.clock())
    monkeypatch.setattr(keys, "CHECK_BATCH", 2)
    database = Database(settings.database_url)
    try:
        with pytest.raises(ConfigError, match=r"cannot read the journal \(3 stored"):
            await prepare_journal(database, settings)  # the old check looked at one entry only
        current = settings.journal_keys or _file_key(settings)
        both = replace(settings, journal_keys=(*current, old))
        assert await count_by_key(database, both) == KeyReport([3, 3])
        await prepare_journal(database, both)
        async with database.sessions() as session:
            assert await session.scalar(select(func.count()).select_from(CheckIn)) == 3
    finally:
        await database.dispose()


def _file_key(settings: Settings) -> tuple[str]:
    return ((settings.key_dir / "journal.key").read_text().strip(),)


async def test_edits_count_towards_the_byte_caps(
    database_url: str,
    fake_server: FakeBotApiServer,
    fake: FakeTelegram,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(journal_rules, "ALL_BYTES", 6_000)
    settings = make_settings(fake_server.root_url, database_url)
    async with BotHarness(build_application(settings, clock=clock, deliver=False), fake) as bot:
        person = bot.person(532)
        await onboard(person)
        await person.send("/today")
        sent = [await person.send(f"short note {n}") for n in range(5)]
        clock.advance(days=3)  # the day's cap is not what stops it
        for number, update in enumerate(sent):
            await person.edit(update["message"]["message_id"], f"longer {number} " + "x" * 1500)
        kept = await rows(bot, 532)
        assert sum(len(row.ciphertext) for row in kept) <= 6_000
        assert person.last_text == Words.of(bot)("journal_full")
        texts = await entries(bot, 532)
        assert texts[-1] == "short note 4"  # the edit that did not fit left the entry as it was
        assert texts[0].startswith("longer 0 ")


async def test_the_day_cap_counts_edits_as_new_writing(
    bot: BotHarness, person: FakePerson, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(journal_rules, "DAY_BYTES", 4_000)
    await onboard(person)
    await person.send("/today")
    sent = await person.send("a short note")
    for round_ in range(4):
        await person.edit(sent["message"]["message_id"], f"{round_} " + "y" * 1500)
    assert sum(len(row.ciphertext) for row in await rows(bot, person.chat_id)) <= 4_000


async def test_an_older_token_put_back_after_an_edit_is_refused(
    database_url: str, fake_server: FakeBotApiServer, fake: FakeTelegram, clock: ManualClock
) -> None:
    settings = make_settings(fake_server.root_url, database_url)
    async with BotHarness(build_application(settings, clock=clock, deliver=False), fake) as bot:
        person = bot.person(533)
        await onboard(person)
        await person.send("/today")
        sent = await person.send("I told him everything", reply_to=person.last["message_id"])
        before = (await rows(bot, 533))[0]
        await person.edit(sent["message"]["message_id"], "I told him a little")
        after = (await rows(bot, 533))[0]
        assert after.version == 1 and after.ciphertext != before.ciphertext
        await set_token(bot, after.id, before.ciphertext)  # the older token, put back
        await person.send("/journal")
        assert "I told him everything" not in " ".join(person.texts)
        report = await count_by_key(resources_of(bot.application).database, settings)
        assert report.misplaced == 1


async def test_tokens_from_before_binding_stop_opening_once_rotation_has_bound_them(
    database_url: str, fake_server: FakeBotApiServer, fake: FakeTelegram, clock: ManualClock
) -> None:
    key = Fernet.generate_key().decode()
    settings = make_settings(fake_server.root_url, database_url, JOURNAL_KEYS=key)
    async with BotHarness(build_application(settings, clock=clock, deliver=False), fake) as bot:
        person = bot.person(534)
        await with_notes(person, "my own words")
        database = resources_of(bot.application).database
        assert await rotate_keys(database, settings) == (1, 0)
        entry = (await rows(bot, 534))[0]
        # Someone with write access puts back a token from before binding (from a backup).
        await set_token(bot, entry.id, Fernet(key).encrypt(b"words he wanted her to read"))
    async with BotHarness(build_application(settings, clock=clock, deliver=False), fake) as bot:
        person = bot.person(534)
        await person.send("/journal")
        assert "words he wanted" not in " ".join(person.texts)
        database = resources_of(bot.application).database
        assert await rotate_keys(database, settings) == (0, 1)  # and rotation does not bind it


async def hold_a_reader(path: Path, release: asyncio.Event, table: str = "journal_entries") -> None:
    """Another connection reading the database, holding its snapshot until released."""
    reader = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        reader.execute("BEGIN")
        reader.execute(f"SELECT count(*) FROM {table}").fetchall()
        await release.wait()
        reader.execute("COMMIT")
    finally:
        reader.close()


async def test_erasure_holds_while_another_connection_reads(
    sqlite_url: str,
    fake_server: FakeBotApiServer,
    fake: FakeTelegram,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Each try at the checkpoint gives up quickly, as the busy timeout did before retrying.
    monkeypatch.setattr(database_module, "SQLITE_BUSY_TIMEOUT_MS", 200)
    settings = make_settings(fake_server.root_url, sqlite_url)
    path = Path(sqlite_url.split("///", 1)[1])
    async with BotHarness(build_application(settings, clock=clock, deliver=False), fake) as bot:
        person = bot.person(535)
        await with_notes(person, *(f"entry {n} " + "words " * 40 for n in range(10)))
        tokens = [row.ciphertext for row in await rows(bot, 535)]
        files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
        assert any(token in b"".join(f.read_bytes() for f in files) for token in tokens)
        await person.send("/delete")
        release = asyncio.Event()
        reading = asyncio.create_task(hold_a_reader(path, release))
        await asyncio.sleep(0.1)
        erasing = asyncio.create_task(person.press("Erase everything"))
        await asyncio.sleep(1.0)  # longer than any one try waits for the reader
        release.set()
        await asyncio.gather(reading, erasing)
        assert person.last_text == Words.of(bot)("deleted")  # answered
        contents = [f.read_bytes() if f.exists() else b"" for f in files]
    for token in tokens:
        assert not any(token in content for content in contents)


async def test_erasure_gives_up_on_the_log_after_a_bounded_time_and_says_so(
    sqlite_url: str, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database_module, "ERASE_SECONDS", 0.3)
    database = Database(sqlite_url)
    try:
        async with database.engine.begin() as connection:
            await connection.exec_driver_sql("CREATE TABLE t (x)")
            await connection.exec_driver_sql("INSERT INTO t VALUES (1)")
        release = asyncio.Event()
        path = Path(sqlite_url.split("///", 1)[1])
        reading = asyncio.create_task(hold_a_reader(path, release, "t"))
        await asyncio.sleep(0.1)
        async with database.engine.begin() as connection:
            await connection.exec_driver_sql("DELETE FROM t")
        with caplog.at_level(logging.WARNING):
            assert await database.forget_deleted() is False
        assert "still in the write-ahead log" in caplog.text
        release.set()
        await reading
        assert await database.forget_deleted() is True
    finally:
        await database.dispose()
