"""Find the journal's keys at start, create one the first time, and never lock the journal out."""

from __future__ import annotations

import logging
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from config.settings import ConfigError, Settings
from storage.crypto import JournalCipher, create_key_file, key_file, read_key_file
from storage.database import Database
from storage.journal import all_encrypted, any_ciphertext

log = logging.getLogger(__name__)


async def prepare_journal(database: Database, settings: Settings) -> JournalCipher:
    """Return the cipher for the journal, failing with one sentence if the keys cannot read it.

    With no JOURNAL_KEYS, the key file in KEY_DIR is used. For SQLite it is created the first
    time; for PostgreSQL never, so that replicas cannot each make their own.
    """
    async with database.sessions() as session:
        sample = await any_ciphertext(session)
    keys = await journal_keys(database, settings, sample)
    try:
        cipher = JournalCipher.from_keys(keys)
    except ValueError:
        raise ConfigError(
            f"The journal key in {key_file(settings.key_dir)} is damaged: restore it from your "
            "backup. Nothing was changed."
        ) from None
    if sample is not None and not cipher.can_read(sample):
        raise ConfigError(
            "The journal keys cannot read the journal: put the key used before back into "
            "JOURNAL_KEYS (in any place; the first one encrypts). Nothing was changed."
        )
    return cipher


async def journal_keys(database: Database, settings: Settings, sample: bytes | None) -> list[str]:
    """Return the keys: JOURNAL_KEYS, or else the key file (made the first time, for SQLite)."""
    return list(settings.journal_keys) or [_key_from_file(settings, database, sample)]


async def count_by_key(database: Database, settings: Settings) -> tuple[list[int], int]:
    """Read every stored token; return how many each key opens (first key first), and how many
    none opens. The first key that opens a token counts it. Nothing is changed."""
    async with database.sessions() as session:
        sample = await any_ciphertext(session)
        tokens = [row.ciphertext for row in await all_encrypted(session)]
    fernets = [Fernet(key) for key in await journal_keys(database, settings, sample)]
    opened, unopened = [0] * len(fernets), 0
    for token in tokens:
        for index, fernet in enumerate(fernets):
            try:
                fernet.decrypt(token)
            except InvalidToken:
                continue
            opened[index] += 1
            break
        else:
            unopened += 1
    return opened, unopened


def _key_from_file(settings: Settings, database: Database, sample: bytes | None) -> str:
    """Read the key file (KEY_DIR, or the data folder of older set-ups); create it if allowed."""
    path = key_file(settings.key_dir)
    old = key_file(settings.data_dir)
    if not path.is_file() and old.is_file():
        path = old
    if path.is_file():
        _warn_if_exposed(path, settings)
        return read_key_file(path)
    if database.dialect != "sqlite":
        raise ConfigError(
            "With PostgreSQL the journal key must be given, so that every process shares one: "
            "set JOURNAL_KEYS (make a key with `python main.py keys new`) or put it in "
            f"{path}. Nothing was changed."
        )
    if sample is not None:
        raise ConfigError(
            f"The journal has entries but no key: put the key back in JOURNAL_KEYS or in "
            f"{path} (from your backup). Nothing was changed."
        )
    try:
        create_key_file(path)
    except OSError as problem:
        raise ConfigError(
            f"Could not create the journal key in {path} ({problem.strerror}): set KEY_DIR to a "
            "private folder the bot may write to, or set JOURNAL_KEYS. Nothing was changed."
        ) from None
    log.warning(
        "created a journal key in %s: back it up apart from the database; "
        "if it is lost, every journal entry is lost with it",
        path,
    )
    return read_key_file(path)


def _warn_if_exposed(path: Path, settings: Settings) -> None:
    """Warn at start when the key sits beside the database or others can read it."""
    folder = path.parent.resolve()
    beside = {settings.data_dir.resolve()}
    if settings.database_url.startswith("sqlite"):
        beside.add(Path(settings.database_url.split("///", 1)[1]).parent.resolve())
    if folder in beside:
        log.warning(
            "the journal key %s sits beside the database, so a copy of one carries the other: "
            "move it to KEY_DIR (docs/operators.md, 'Moving the journal key')",
            path,
        )
    if path.stat().st_mode & 0o077:
        log.warning("the journal key %s can be read by other users: chmod 600 it", path)


async def rotate_keys(database: Database, settings: Settings) -> int:
    """Re-encrypt every journal entry and plan part with the first key; return how many."""
    cipher = await prepare_journal(database, settings)
    try:
        async with database.sessions.begin() as session:
            entries = await all_encrypted(session)
            for entry in entries:
                entry.ciphertext = cipher.rotate(entry.ciphertext)
    except InvalidToken:
        raise ConfigError(
            "Some journal entries cannot be read with any key in JOURNAL_KEYS: add the key they "
            "were written with, then rotate again. Nothing was changed."
        ) from None
    return len(entries)
