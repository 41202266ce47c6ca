"""Find the journal's keys at start, create one the first time, and never lock the journal out."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from config.settings import ConfigError, Settings
from storage.crypto import (
    JournalCipher,
    MisplacedToken,
    create_key_file,
    is_bound,
    key_file,
    read_key_file,
    unseal,
)
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
    keys = journal_keys(database, settings, sample)
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


def journal_keys(database: Database, settings: Settings, sample: bytes | None) -> list[str]:
    """Return the keys: JOURNAL_KEYS, or else the key file (made the first time, for SQLite)."""
    return list(settings.journal_keys) or [_key_from_file(settings, database, sample)]


@dataclass
class KeyReport:
    """What `keys check` found: how many tokens each key opens (first key first), how many none
    opens, how many predate binding to their owner, and how many belong elsewhere."""

    opened: list[int]
    unopened: int = 0
    unbound: int = 0
    misplaced: int = 0


async def count_by_key(database: Database, settings: Settings) -> KeyReport:
    """Read every stored token and report what opens it. Nothing is changed."""
    async with database.sessions() as session:
        sample = await any_ciphertext(session)
        rows = await all_encrypted(session)
    fernets = [Fernet(key) for key in journal_keys(database, settings, sample)]
    report = KeyReport([0] * len(fernets))
    for row in rows:
        found = _open_with(fernets, row.ciphertext)
        if found is None:
            report.unopened += 1
            continue
        index, opened = found
        report.opened[index] += 1
        report.unbound += not is_bound(opened)
        try:
            unseal(opened, row.owner)
        except MisplacedToken:
            report.misplaced += 1
    return report


def _open_with(fernets: list[Fernet], token: bytes) -> tuple[int, bytes] | None:
    """Return which key (by place) first opens a token, and what it holds; None if none does."""
    for index, fernet in enumerate(fernets):
        try:
            return index, fernet.decrypt(token)
        except InvalidToken:
            continue
    return None


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


ROTATE_BATCH = 200  # people per transaction, so the bot keeps answering between batches


async def rotate_keys(database: Database, settings: Settings) -> tuple[int, int]:
    """Re-encrypt every entry, plan part and check-in with the first key, bound to its owner,
    a batch of people at a time. Return how many were rotated, and how many were left alone
    because they belong to another person or place (moved there by someone; never shown)."""
    cipher = await prepare_journal(database, settings)
    async with database.sessions() as session:
        rows = await all_encrypted(session)
    if not all(cipher.can_read(row.ciphertext) for row in rows):
        raise ConfigError(
            "Some journal entries cannot be read with any key in JOURNAL_KEYS: add the key they "
            "were written with (`keys check` counts them), then rotate again. Nothing was changed."
        )
    chats = sorted({row.chat_id for row in rows})
    rotated = refused = 0
    for start in range(0, len(chats), ROTATE_BATCH):
        async with database.sessions.begin() as session:
            for row in await all_encrypted(session, chats[start : start + ROTATE_BATCH]):
                try:
                    row.ciphertext = cipher.rotate(row.ciphertext, row.owner)
                except MisplacedToken:
                    refused += 1
                else:
                    rotated += 1
    return rotated, refused
