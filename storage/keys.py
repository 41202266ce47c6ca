"""Find the journal's keys at start, create one the first time, and never lock the journal out."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from cryptography.fernet import InvalidToken

from config.settings import ConfigError
from storage.crypto import JournalCipher, create_key_file, key_file, read_key_file
from storage.database import Database
from storage.journal import all_encrypted, any_ciphertext

log = logging.getLogger(__name__)


async def prepare_journal(
    database: Database, journal_keys: Sequence[str], data_dir: Path
) -> JournalCipher:
    """Return the cipher for the journal, failing with one sentence if the keys cannot read it.

    With no keys given, the key file in `data_dir` is used, and created the first time.
    """
    async with database.sessions() as session:
        sample = await any_ciphertext(session)
    keys = list(journal_keys)
    if not keys:
        stored = read_key_file(data_dir)
        if stored is None and sample is not None:
            raise ConfigError(
                f"The journal has entries but no key: put the key back in JOURNAL_KEYS or in "
                f"{key_file(data_dir)} (from your backup). Nothing was changed."
            )
        if stored is None:
            path = create_key_file(data_dir)
            log.warning(
                "created a journal key in %s: back it up apart from the database; "
                "if it is lost, every journal entry is lost with it",
                path,
            )
            stored = read_key_file(data_dir)
        keys = [stored or ""]
    try:
        cipher = JournalCipher.from_keys(keys)
    except ValueError:
        raise ConfigError(
            f"The journal key in {key_file(data_dir)} is damaged: restore it from your "
            "backup. Nothing was changed."
        ) from None
    if sample is not None and not cipher.can_read(sample):
        raise ConfigError(
            "The journal keys cannot read the journal: put the key used before back into "
            "JOURNAL_KEYS (in any place; the first one encrypts). Nothing was changed."
        )
    return cipher


async def rotate_keys(database: Database, journal_keys: Sequence[str], data_dir: Path) -> int:
    """Re-encrypt every journal entry and plan part with the first key; return how many."""
    cipher = await prepare_journal(database, journal_keys, data_dir)
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
