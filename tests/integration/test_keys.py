"""Where the journal key lives: apart from the data, never made for PostgreSQL, warned about."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select

from bot.context import resources_of
from config.settings import ConfigError, Settings
from fake_bot_api.harness import BotHarness
from fake_bot_api.people import FakePerson
from storage.crypto import read_key_file
from storage.database import Database
from storage.keys import count_by_key, prepare_journal
from storage.migrate import prepare_database
from storage.models import JournalEntry
from tests.conftest import make_settings
from tests.integration.test_onboarding import onboard
from tests.integration.test_running import run_program


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
        assert Fernet(key).decrypt(cipher.encrypt("kept")) == b"kept"
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
    assert Fernet(old_key).decrypt(cipher.encrypt("kept")) == b"kept"  # the old key, used
    assert not (tmp_path / "keys" / "journal.key").exists()  # and no second key made
    assert "sits beside the database" in caplog.text
    assert "can be read by other users" in caplog.text


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
    assert await count_by_key(database, both) == ([2, 1], 1)
    assert await count_by_key(database, settings) == ([1], 3)
    async with database.sessions() as session:
        assert await session.scalar(select(JournalEntry.ciphertext).limit(1)) == before
    # The command prints the same, and exits 1 while anything is unopened.
    process = await run_program(
        tmp_path, "keys", "check", DATABASE_URL=settings.database_url,
        KEY_DIR=str(settings.key_dir), JOURNAL_KEYS=f"{second},{first}",
    )  # fmt: skip
    out, _ = await process.communicate()
    assert process.returncode == 1
    assert out.decode().splitlines() == [
        "JOURNAL_KEYS key 1 (encrypts): opens 2",
        "JOURNAL_KEYS key 2: opens 1",
        "opened by no key: 1",
    ]


def another_entry(entry: JournalEntry, number: int, ciphertext: bytes) -> JournalEntry:
    """Another entry of the same person, with this ciphertext."""
    return JournalEntry(
        chat_id=entry.chat_id, message_id=number, ciphertext=ciphertext,
        reflection_id=None, status=entry.status, created_at=entry.created_at,
    )  # fmt: skip
