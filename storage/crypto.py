"""Journal encryption: Fernet keys from JOURNAL_KEYS, or a key file kept apart from the data."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

KEY_FILE_NAME = "journal.key"

log = logging.getLogger(__name__)


BOUND = b"W1\x00"  # marks a token whose text names where it belongs


class MisplacedToken(Exception):
    """A token opened, but it belongs to another person or place: it was moved or replayed."""


@dataclass(frozen=True, slots=True)
class Owner:
    """Where a token belongs: what kind of thing, whose, and which one. It opens only there."""

    kind: str
    chat_id: int
    slot: str

    def encode(self) -> bytes:
        return f"{self.kind}:{self.chat_id}:{self.slot}".encode("ascii")


def entry_owner(chat_id: int, message_id: int, version: int = 0) -> Owner:
    """Where an entry's text belongs: its message, and which edit of it (none: version 0)."""
    return Owner("entry", chat_id, f"{message_id}.v{version}" if version else str(message_id))


def plan_owner(chat_id: int, part: str) -> Owner:
    return Owner("plan", chat_id, part)


def date_owner(chat_id: int, date_id: int) -> Owner:
    return Owner("date", chat_id, str(date_id))


def checkin_owner(chat_id: int, day: date) -> Owner:
    return Owner("checkin", chat_id, day.isoformat())


@dataclass(slots=True)
class Tally:
    """How many stored tokens no key opened, while reading some."""

    unopened: int = 0


@dataclass(frozen=True, slots=True)
class JournalCipher:
    """The first key encrypts; every key decrypts, so keys can be rotated.

    Each text is sealed with the name of its owner and place inside the authenticated token, so
    a token copied to another person's row, or swapped between entries, is refused. Tokens from
    before this binding still open (`legacy`) until every stored token is bound; from then on
    (a fact kept in the database, see storage.keys) they are refused too.
    """

    fernet: MultiFernet
    mark_keys: tuple[bytes, ...] = field(default=(), repr=False)
    legacy: bool = True

    @classmethod
    def from_keys(cls, keys: list[str], *, legacy: bool = True) -> JournalCipher:
        fernets = [Fernet(key) for key in keys]
        marks = tuple(
            hashlib.sha256(MARK_CONTEXT + base64.urlsafe_b64decode(key)).digest() for key in keys
        )
        return cls(MultiFernet(fernets), marks, legacy)

    def encrypt(self, text: str, owner: Owner) -> bytes:
        return self.fernet.encrypt(BOUND + owner.encode() + b"\x00" + text.encode("utf-8"))

    def decrypt(self, token: bytes, owner: Owner) -> str:
        """Open a token; MisplacedToken if it belongs elsewhere, InvalidToken if no key opens it."""
        return unseal(self.fernet.decrypt(token), owner, legacy=self.legacy)

    def read(self, token: bytes, owner: Owner, tally: Tally | None = None) -> str | None:
        """Open a token to show; one that belongs elsewhere, or that no key opens, is logged and
        left out (None), so one damaged token never stops the rest being shown. Those no key
        opens are counted in `tally`, if given, so the person can be told."""
        try:
            return self.decrypt(token, owner)
        except MisplacedToken:
            log.warning("refused a stored %s that belongs to another person or place", owner.kind)
        except InvalidToken:
            log.warning("a stored %s could not be opened with any journal key", owner.kind)
            if tally is not None:
                tally.unopened += 1
        return None

    def rotate(self, token: bytes, owner: Owner) -> bytes:
        """Re-encrypt with the first key, bound to its owner; MisplacedToken where the text names
        another owner (or, once every token is bound, names none)."""
        return self.encrypt(self.decrypt(token, owner), owner)

    def day_mark(self, kind: str, chat_id: int, day: date) -> str:
        """Return a keyed mark of a day, to store in place of the date: without the journal key,
        nobody can tell which day it marks. Reusable for any "done on this day" column."""
        return _mark(self.mark_keys[0], kind, chat_id, day)

    def marks_day(self, stored: str | None, kind: str, chat_id: int, day: date) -> bool:
        """Tell whether a stored mark is this day's (made with any of the keys)."""
        if stored is None:
            return False
        return any(
            hmac.compare_digest(stored, _mark(key, kind, chat_id, day)) for key in self.mark_keys
        )

    def can_read(self, token: bytes) -> bool:
        try:
            self.fernet.decrypt(token)
        except InvalidToken:
            return False
        return True


MARK_CONTEXT = b"within day marks\x00"


def _mark(key: bytes, kind: str, chat_id: int, day: date) -> str:
    return hmac.new(key, f"{kind}:{chat_id}:{day.isoformat()}".encode(), "sha256").hexdigest()


def unseal(opened: bytes, owner: Owner, *, legacy: bool = True) -> str:
    """Return the text of an opened token, or raise MisplacedToken if it names another owner
    (or names none, once tokens from before binding are no longer accepted)."""
    if not is_bound(opened):
        if not legacy:
            raise MisplacedToken(owner.kind)
        return opened.decode("utf-8")  # from before binding: rebound by `keys rotate`
    named, _, text = opened.removeprefix(BOUND).partition(b"\x00")
    if named != owner.encode():
        raise MisplacedToken(owner.kind)
    return text.decode("utf-8")


def is_bound(opened: bytes) -> bool:
    """Tell whether an opened token names its owner (written since binding began)."""
    return opened.startswith(BOUND)


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
