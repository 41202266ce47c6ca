"""Where the journal key lives: apart from the data, never made for PostgreSQL, warned about."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import delete, select

from bot.app import build_application
from bot.context import resources_of
from config.settings import ConfigError, Settings
from fake_bot_api import FakeBotApiServer, FakeTelegram
from fake_bot_api.harness import BotHarness
from fake_bot_api.people import FakePerson
from scheduler.clock import ManualClock
from storage.crypto import entry_owner, read_key_file
from storage.database import Database
from storage.keys import KeyReport, count_by_key, prepare_journal, rotate_keys
from storage.migrate import prepare_database
from storage.models import JournalEntry, KeyFact
from tests.conftest import make_settings
from tests.integration.helpers import Words
from tests.integration.test_onboarding import onboard
from tests.integration.test_running import run_program

OWNER = entry_owner(1, 1)


async def prepared(settings: Settings) -> Database:
    database = Database(settings.database_url)
    await prepare_database(database)
    return database


async def test_sqlite_makes_its_key_in_the_key_folder_not_beside_the_data(
    sqlite_url: str, tmp_path: Path
) -> None:
    settings = make_settings("http://127.0.0.1:9", sqlite_url, KEY_DIR=str(tmp_path / "keys"))
    database = await prepared(settings)
    try:
        await prepare_journal(database, settings)
    finally:
        await database.dispose()
    key = tmp_path / "keys" / "journal.key"
    assert key.is_file() and key.stat().st_mode & 0o777 == 0o600
    assert not (settings.data_dir / "journal.key").exists()
    database_folder = Path(sqlite_url.split("///", 1)[1]).parent
    assert not (database_folder / "journal.key").exists()


async def test_postgresql_never_makes_a_key_and_says_what_to_set(
    postgres_url: str, tmp_path: Path
) -> None:
    settings = make_settings(
        "http://127.0.0.1:9", postgres_url, KEY_DIR=str(tmp_path / "keys"), JOURNAL_KEYS=""
    )
    database = await prepared(settings)
    try:
        with pytest.raises(ConfigError, match="With PostgreSQL the journal key must be given"):
            await prepare_journal(database, settings)
        assert not (tmp_path / "keys").exists()
        key = Fernet.generate_key().decode()
        cipher = await prepare_journal(database, replace(settings, journal_keys=(key,)))
        assert Fernet(key).decrypt(cipher.encrypt("kept", OWNER)).endswith(b"kept")
    finally:
        await database.dispose()


async def test_an_old_key_beside_the_database_still_opens_the_journal_with_a_warning(
    sqlite_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    data = Path(sqlite_url.split("///", 1)[1]).parent
    data.mkdir(parents=True, exist_ok=True)
    old_key = Fernet.generate_key().decode()
    (data / "journal.key").write_text(old_key + "\n")
    (data / "journal.key").chmod(0o644)
    settings = make_settings(
        "http://127.0.0.1:9", sqlite_url, DATA_DIR=str(data), KEY_DIR=str(tmp_path / "keys")
    )
    database = await prepared(settings)
    try:
        with caplog.at_level(logging.WARNING, logger="storage.keys"):
            cipher = await prepare_journal(database, settings)
    finally:
        await database.dispose()
    assert Fernet(old_key).decrypt(cipher.encrypt("kept", OWNER)).endswith(b"kept")  # the old key
    assert not (tmp_path / "keys" / "journal.key").exists()  # and no second key made
    assert "sits beside the database" in caplog.text
    assert "can be read by other users" in caplog.text


async def test_a_key_folder_inside_the_data_folder_is_warned_about(
    sqlite_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    data = tmp_path / "data"
    settings = make_settings(
        "http://127.0.0.1:9", sqlite_url, DATA_DIR=str(data), KEY_DIR=str(data / "keys")
    )
    database = await prepared(settings)
    try:
        with caplog.at_level(logging.WARNING, logger="storage.keys"):
            await prepare_journal(database, settings)  # made the first time: warned at once
            await prepare_journal(database, settings)  # and at each start after
    finally:
        await database.dispose()
    assert caplog.text.count("is inside the data folder") == 2
    assert "set KEY_DIR to a folder outside it" in caplog.text


async def test_keys_check_counts_what_each_key_opens_and_changes_nothing(
    bot: BotHarness, person: FakePerson, settings: Settings, tmp_path: Path
) -> None:
    await onboard(person)
    await person.send("/today")
    await person.send("written with the first key", reply_to=person.last["message_id"])
    database = resources_of(bot.application).database
    first = read_key_file(settings.key_dir / "journal.key")
    second = Fernet.generate_key().decode()
    async with database.sessions.begin() as session:
        entry = await session.scalar(select(JournalEntry))
        assert entry is not None
        before = entry.ciphertext
        for number, text in enumerate(("under the second key", "and again"), start=1):
            session.add(another_entry(entry, number, Fernet(second).encrypt(text.encode())))
        session.add(another_entry(entry, 3, b"not a token at all"))
    both = replace(settings, journal_keys=(second, first))
    assert await count_by_key(database, both) == KeyReport([2, 1], unopened=1, unbound=2)
    assert await count_by_key(database, settings) == KeyReport([1], unopened=3)
    async with database.sessions() as session:
        assert await session.scalar(select(JournalEntry.ciphertext).limit(1)) == before
    # The command prints the same, and exits 1 while anything is unopened.
    process = await run_program(
        tmp_path,
        "keys",
        "check",
        DATABASE_URL=settings.database_url,
        KEY_DIR=str(settings.key_dir),
        JOURNAL_KEYS=f"{second},{first}",
    )
    out, _ = await process.communicate()
    assert process.returncode == 1
    assert out.decode().splitlines() == [
        "JOURNAL_KEYS key 1 (encrypts): opens 2",
        "JOURNAL_KEYS key 2: opens 1",
        "opened by no key: 1",
        "not yet bound to their owner (run `keys rotate`): 2",
        "in another person's or entry's place (refused, never shown): 0",
    ]


def another_entry(entry: JournalEntry, number: int, ciphertext: bytes) -> JournalEntry:
    """Another entry of the same person, with this ciphertext."""
    return JournalEntry(
        chat_id=entry.chat_id,
        message_id=number,
        ciphertext=ciphertext,
        reflection_id=None,
        status=entry.status,
        created_at=entry.created_at,
    )


async def test_a_token_moved_to_another_persons_row_is_refused_on_each_database(
    database_url: str,
    fake_server: FakeBotApiServer,
    fake: FakeTelegram,
    clock: ManualClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings = make_settings(fake_server.root_url, database_url)
    async with BotHarness(build_application(settings, clock=clock, deliver=False), fake) as bot:
        victim = bot.person(31)
        other = bot.person(32)
        for person, text in ((victim, "what he did on the 4th"), (other, "my own note")):
            await onboard(person)
            await person.send("/today")
            await person.send(text, reply_to=person.last["message_id"])
        database = resources_of(bot.application).database
        async with database.sessions.begin() as session:
            stolen = await session.scalar(select(JournalEntry).where(JournalEntry.chat_id == 31))
            mine = await session.scalar(select(JournalEntry).where(JournalEntry.chat_id == 32))
            assert stolen is not None and mine is not None
            mine.ciphertext = stolen.ciphertext  # one UPDATE by someone without the key
        with caplog.at_level(logging.WARNING):
            await other.send("/journal")
            await other.send("/export")
        assert "what he did" not in other.last_text and "what he did" not in "".join(other.texts)
        assert other.last_text == Words.of(bot)("journal_empty")
        assert "refused a stored entry that belongs to another person or place" in caplog.text
        assert "what he did" not in caplog.text
        report = await count_by_key(database, settings)
        assert report.misplaced == 1 and report.unopened == 0
        await victim.send("/journal")
        assert "what he did on the 4th" in victim.last_text  # the owner's copy is untouched


async def test_entries_swapped_between_two_of_ones_own_places_are_refused(
    bot: BotHarness, person: FakePerson
) -> None:
    await onboard(person)
    await person.send("/today")
    for text in ("first", "second"):
        await person.send(text)  # on the day of a reflection: kept with it
    database = resources_of(bot.application).database
    async with database.sessions.begin() as session:
        rows = list(await session.scalars(select(JournalEntry).order_by(JournalEntry.id)))
        rows[0].ciphertext, rows[1].ciphertext = rows[1].ciphertext, rows[0].ciphertext
    assert (await count_by_key(database, resources_of(bot.application).settings)).misplaced == 2


async def test_rotation_binds_old_tokens_in_batches_while_the_bot_answers(
    database_url: str,
    fake_server: FakeBotApiServer,
    fake: FakeTelegram,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    old_key = Fernet.generate_key().decode()
    settings = make_settings(fake_server.root_url, database_url, JOURNAL_KEYS=old_key)
    async with BotHarness(build_application(settings, clock=clock, deliver=False), fake) as bot:
        people = [bot.person(chat_id) for chat_id in range(600, 607)]
        for person in people:
            await onboard(person)
            await person.send("/today")
            await person.send(f"note of {person.chat_id}", reply_to=person.last["message_id"])
        database = resources_of(bot.application).database
        async with database.sessions.begin() as session:  # as written before binding began
            for row in await session.scalars(select(JournalEntry)):
                row.ciphertext = Fernet(old_key).encrypt(f"note of {row.chat_id}".encode())
            await session.execute(delete(KeyFact))  # an older version noted no such fact
        assert (await count_by_key(database, settings)).unbound == 7
    # As operators do: the new key first in JOURNAL_KEYS, restart, then rotate while it runs.
    monkeypatch.setattr("storage.keys.ROTATE_BATCH", 2)
    new_key = Fernet.generate_key().decode()
    both = replace(settings, journal_keys=(new_key, old_key))
    async with BotHarness(build_application(both, clock=clock, deliver=False), fake) as bot:
        database = resources_of(bot.application).database
        people = [bot.person(chat_id) for chat_id in range(600, 607)]
        rotated, _ = await asyncio.gather(rotate_keys(database, both), people[0].send("/journal"))
        assert rotated == (7, 0)
        assert "note of 600" in people[0].last_text  # answered during the rotation
        report = await count_by_key(database, both)
        assert report == KeyReport([7, 0], unopened=0, unbound=0, misplaced=0)
    renewed = replace(settings, journal_keys=(new_key,))
    async with BotHarness(build_application(renewed, clock=clock, deliver=False), fake) as bot:
        person = bot.person(606)
        await person.send("/journal")
        assert "note of 606" in person.last_text


async def test_rotation_changes_nothing_while_some_token_opens_with_no_key(
    bot: BotHarness, person: FakePerson, settings: Settings
) -> None:
    await onboard(person)
    await person.send("/today")
    await person.send("kept before", reply_to=person.last["message_id"])
    database = resources_of(bot.application).database
    async with database.sessions.begin() as session:
        entry = await session.scalar(select(JournalEntry))
        assert entry is not None
        before = entry.ciphertext
        session.add(another_entry(entry, 1, Fernet(Fernet.generate_key()).encrypt(b"lost key")))
    new_key = Fernet.generate_key().decode()
    old_key = read_key_file(settings.key_dir / "journal.key")
    with pytest.raises(ConfigError, match="cannot be read with any key"):
        await rotate_keys(database, replace(settings, journal_keys=(new_key, old_key)))
    async with database.sessions() as session:
        assert await session.scalar(select(JournalEntry.ciphertext).limit(1)) == before
