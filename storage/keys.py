"""Find the journal's keys at start, create one the first time, and never lock the journal out."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from config.settings import ConfigError, Settings
from storage.crypto import (
    JournalCipher,
    MisplacedToken,
    Owner,
    create_key_file,
    is_bound,
    key_file,
    read_key_file,
    unseal,
)
from storage.database import Database, insert_into
from storage.journal import all_encrypted, any_ciphertext, encrypted_batches
from storage.models import KeyFact, utc_now

log = logging.getLogger(__name__)


class UnreadableTokens(ConfigError):
    """Some stored token opens with none of the journal keys."""


async def prepare_journal(database: Database, settings: Settings) -> JournalCipher:
    """Return the cipher for the journal, failing with one sentence if the keys cannot read it.

    With no JOURNAL_KEYS, the key file in KEY_DIR is used. For SQLite it is created the first
    time; for PostgreSQL never, so that replicas cannot each make their own.

    Every stored token of every kind is read, a batch at a time: one that no key opens stops
    the start, so a key dropped too early is noticed before anyone's journal is missing. Once
    no token from before binding is left, that is noted for good, and such tokens are refused.
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
    unopened = unbound = 0
    async with database.sessions() as session:
        async for batch in encrypted_batches(session, CHECK_BATCH):
            for row in batch:
                opened = _open_with(cipher, row.ciphertext)
                unopened += opened is None
                unbound += opened is not None and not is_bound(opened)
    if unopened:
        raise UnreadableTokens(
            f"The journal keys cannot read the journal ({unopened} stored entries, plan parts "
            "or check-ins open with none of them): put the key used before back into "
            "JOURNAL_KEYS (in any place; the first one encrypts). Nothing was changed."
        )
    return replace(cipher, legacy=not await _all_bound(database, noticed=unbound == 0))


CHECK_BATCH = 500  # tokens read at a time by the start-up check and `keys check`
ALL_BOUND = "bound"  # the fact: every token names its owner; unbound ones are refused


async def _all_bound(database: Database, *, noticed: bool) -> bool:
    """Tell whether every token is known to be bound; note it the first time it is seen."""
    async with database.sessions.begin() as session:
        if await session.get(KeyFact, ALL_BOUND) is not None:
            return True
        if noticed:  # two processes starting at once may both note it: once is kept
            await session.execute(
                insert_into(session, KeyFact)
                .values(name=ALL_BOUND, noted_at=utc_now())
                .on_conflict_do_nothing()
            )
        return noticed


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
    """Read every stored token, a batch at a time, and report what opens it. Nothing is changed."""
    async with database.sessions() as session:
        sample = await any_ciphertext(session)
    fernets = [Fernet(key) for key in journal_keys(database, settings, sample)]
    report = KeyReport([0] * len(fernets))
    async with database.sessions() as session:
        async for batch in encrypted_batches(session, CHECK_BATCH):
            for row in batch:
                _count(report, fernets, row.ciphertext, row.owner)
    return report


def _count(report: KeyReport, fernets: list[Fernet], token: bytes, owner: Owner) -> None:
    found = _open_by(fernets, token)
    if found is None:
        report.unopened += 1
        return
    index, opened = found
    report.opened[index] += 1
    report.unbound += not is_bound(opened)
    try:
        unseal(opened, owner)
    except MisplacedToken:
        report.misplaced += 1


def _open_by(fernets: list[Fernet], token: bytes) -> tuple[int, bytes] | None:
    """Return which key (by place) first opens a token, and what it holds; None if none does."""
    for index, fernet in enumerate(fernets):
        try:
            return index, fernet.decrypt(token)
        except InvalidToken:
            continue
    return None


def _open_with(cipher: JournalCipher, token: bytes) -> bytes | None:
    try:
        return cipher.fernet.decrypt(token)
    except InvalidToken:
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
    _warn_if_exposed(path, settings)
    return read_key_file(path)


def _warn_if_exposed(path: Path, settings: Settings) -> None:
    """Warn at start when the key sits beside the database (or anywhere inside the data
    folder, as KEY_DIR=DATA_DIR/keys would) or others can read it."""
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
    elif any(folder.is_relative_to(place) for place in beside):
        log.warning(
            "the journal key %s is inside the data folder, so a copy of that folder carries "
            "the key with the database: set KEY_DIR to a folder outside it "
            "(docs/operators.md, 'Moving the journal key')",
            path,
        )
    if path.stat().st_mode & 0o077:
        log.warning("the journal key %s can be read by other users: chmod 600 it", path)


ROTATE_BATCH = 200  # people per transaction, so the bot keeps answering between batches


async def rotate_keys(database: Database, settings: Settings) -> tuple[int, int]:
    """Re-encrypt every entry, plan part and check-in with the first key, bound to its owner,
    a batch of people at a time. Return how many were rotated, and how many were left alone
    because they belong to another person or place (moved there by someone; never shown)."""
    try:
        cipher = await prepare_journal(database, settings)
    except UnreadableTokens:
        raise ConfigError(
            "Some journal entries cannot be read with any key in JOURNAL_KEYS: add the key they "
            "were written with (`keys check` counts them), then rotate again. Nothing was changed."
        ) from None
    chats: set[int] = set()
    async with database.sessions() as session:
        async for batch in encrypted_batches(session, CHECK_BATCH):
            chats.update(row.chat_id for row in batch)
    rotated = refused = 0
    ordered = sorted(chats)
    for start in range(0, len(ordered), ROTATE_BATCH):
        async with database.sessions.begin() as session:
            for row in await all_encrypted(session, ordered[start : start + ROTATE_BATCH]):
                try:
                    row.ciphertext = cipher.rotate(row.ciphertext, row.owner)
                except MisplacedToken:
                    refused += 1
                else:
                    rotated += 1
    await _all_bound(database, noticed=True)  # from now on, a token from before is refused
    return rotated, refused
