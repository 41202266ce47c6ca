"""Journal encryption: Fernet keys from JOURNAL_KEYS, or a key file kept apart from the data."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

KEY_FILE_NAME = "journal.key"


@dataclass(frozen=True, slots=True)
class JournalCipher:
    """The first key encrypts; every key decrypts, so keys can be rotated."""

    fernet: MultiFernet

    @classmethod
    def from_keys(cls, keys: list[str]) -> JournalCipher:
        return cls(MultiFernet([Fernet(key) for key in keys]))

    def encrypt(self, text: str) -> bytes:
        return self.fernet.encrypt(text.encode("utf-8"))

    def decrypt(self, token: bytes) -> str:
        return self.fernet.decrypt(token).decode("utf-8")

    def rotate(self, token: bytes) -> bytes:
        """Re-encrypt with the first key."""
        return self.fernet.rotate(token)

    def can_read(self, token: bytes) -> bool:
        try:
            self.fernet.decrypt(token)
        except InvalidToken:
            return False
        return True


def key_file(folder: Path) -> Path:
    return folder / KEY_FILE_NAME


def read_key_file(path: Path) -> str:
    """Return the key kept in a key file."""
    return path.read_text(encoding="ascii").strip()


def create_key_file(path: Path) -> None:
    """Write a new key, readable by this user only; never overwrite an existing one."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(Fernet.generate_key().decode("ascii") + "\n")


# scrypt's cost: about 16 MiB and tens of milliseconds per try, so guessing is slow.
SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def hash_passcode(passcode: str) -> str:
    """Return a slow, salted hash of a passcode, to store in its place."""
    salt = os.urandom(16)
    digest = hashlib.scrypt(passcode.encode("utf-8"), salt=salt, dklen=32, **SCRYPT)
    return "scrypt$" + base64.b64encode(salt).decode() + "$" + base64.b64encode(digest).decode()


def passcode_matches(passcode: str, stored: str) -> bool:
    """Tell whether a passcode is the one whose hash was stored, in constant time."""
    try:
        _, salt, digest = stored.split("$")
        expected = base64.b64decode(digest)
        tried = hashlib.scrypt(
            passcode.encode("utf-8"), salt=base64.b64decode(salt), dklen=32, **SCRYPT
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(tried, expected)
