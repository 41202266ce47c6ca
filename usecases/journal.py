"""The private journal: keeping a note, editing and undoing it, and reading it a page at a time."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from states.kinds import EntryStatus
from storage import journal
from storage.crypto import JournalCipher, Tally, entry_owner
from storage.deliveries import answered_reflection
from storage.models import JournalEntry
from storage.people import get_person
from usecases.work import Work

# How much one person may keep: far above what anyone writes (docs/operators.md says why),
# so that one account cannot fill the disk. Bytes are as stored, encrypted.
DAY = timedelta(days=1)
DAY_ENTRIES, DAY_BYTES = 200, 1_000_000  # in any 24 hours
ALL_ENTRIES, ALL_BYTES = 20_000, 25_000_000  # in all
PAGE_ENTRIES = 10  # at most, on one page of /journal


@dataclass(frozen=True, slots=True)
class Note:
    """One entry, decrypted only for the person who wrote it, at the moment it is shown."""

    written_at: datetime
    text: str
    reflection_id: str | None
    id: int = 0
    known: bool = False  # marked "Something I know"


@dataclass(frozen=True, slots=True)
class Kept:
    """What became of a note: kept (with a reflection) or held to ask, or refused as too much."""

    entry_id: int | None  # None when nothing was stored
    reflection_id: str | None  # the reflection it belongs to; then it is kept at once
    full: str | None = None  # the wording key saying why it was not kept


@dataclass(frozen=True, slots=True)
class Answered:
    """What a Keep, No thanks or Undo press found: the entry, if it is still there."""

    entry_id: int | None
    kept: bool


@dataclass(frozen=True, slots=True)
class Page:
    """Kept entries beside a cursor, nearest first, each opened only when it is read."""

    timezone: str
    notes: Iterator[Note]
    ids: tuple[int, ...]  # every entry read, nearest the cursor first
    beyond: bool  # another kept entry lies on the cursor's side of the first one read
    newest_first: bool  # False when read oldest first, after a Newer press
    tally: Tally

    def nearer(self, first_shown: int) -> bool:
        """Tell whether a kept entry lies on the cursor's side of the first one shown."""
        return self.beyond or self.ids[0] != first_shown

    def further(self, last_shown: int) -> bool:
        """Tell whether an entry read lies beyond the last one shown, away from the cursor."""
        return self.ids.index(last_shown) < len(self.ids) - 1

    @property
    def unopened(self) -> int:
        """Count the entries read that no key opened."""
        return self.tally.unopened


def room_for(kept: journal.Kept, size: int) -> str | None:
    """Return None if one more entry of `size` stored bytes fits, else what to tell the person."""
    if kept.entries + 1 > ALL_ENTRIES or kept.stored + size > ALL_BYTES:
        return "journal_full"
    if kept.entries_lately + 1 > DAY_ENTRIES or kept.stored_lately + size > DAY_BYTES:
        return "journal_full_today"
    return None


async def keep_note(
    work: Work, chat_id: int, message_id: int, text: str, replied_to: int | None, at: datetime
) -> Kept | None:
    """Keep what someone wrote: with a reflection at once, else held until they choose.

    A reply to a reflection belongs to it; so does text written on the local day one arrived.
    Returns None when the person has not started.
    """
    token = work.cipher.encrypt(text, entry_owner(chat_id, message_id))
    async with work.transaction() as session:
        person = await get_person(session, chat_id)
        if person is None:
            return None
        today = at.astimezone(ZoneInfo(person.timezone)).date()
        reflection_id = await answered_reflection(session, chat_id, replied_to, today)
        full = room_for(await journal.how_much_kept(session, chat_id, at - DAY), len(token))
        if full is not None:
            return Kept(None, reflection_id, full)
        status = EntryStatus.KEPT if reflection_id else EntryStatus.PENDING
        entry = await journal.add_entry(
            session, chat_id, message_id, token, reflection_id, status, at
        )
        return Kept(entry.id, reflection_id)


async def edit_note(
    work: Work, chat_id: int, message_id: int, text: str, at: datetime
) -> str | None:
    """Put an edited message's new text in its entry, if one was kept; else nothing changes.

    Returns the wording key saying why the entry keeps what it held, if the edit is too much.
    """
    async with work.transaction() as session:
        entry = await journal.entry_for_message(session, chat_id, message_id)
        if entry is None:
            return None
        # A new token, bound to the next version: an older one copied back is refused.
        token = work.cipher.encrypt(text, entry_owner(chat_id, message_id, entry.version + 1))
        kept = await journal.how_much_kept(session, chat_id, at - DAY)
        full = room_for(journal.without(kept, entry, at - DAY), len(token))
        if full is None:
            entry.ciphertext, entry.version, entry.updated_at = token, entry.version + 1, at
        return full


async def answer_entry(work: Work, chat_id: int, entry_id: int, keep: bool) -> Answered:
    """Keep a note held to ask about, or take an entry out of the journal (No thanks, Undo)."""
    async with work.transaction() as session:
        entry = await journal.entry(session, chat_id, entry_id)
        if entry is not None and keep:
            entry.status = EntryStatus.KEPT
        elif entry is not None:
            await session.delete(entry)
    if entry is None:
        return Answered(None, kept=False)
    if not keep:
        await work.database.forget_deleted()
    return Answered(entry.id, kept=keep)


async def read_page(
    work: Work, chat_id: int, *, older_than: int | None = None, newer_than: int | None = None
) -> Page | None:
    """Read kept entries beside a cursor (none: the newest), for one page; None if there are none.

    Nothing newer any more (after a Newer press) reads the newest page. Only the entries read
    are decrypted, and only as they are taken.
    """
    async with work.reading() as session:
        person = await get_person(session, chat_id)
        if person is None:
            return None
        rows = await journal.kept_next_to(
            session, chat_id, older_than=older_than, newer_than=newer_than, limit=PAGE_ENTRIES + 1
        )
        if not rows and newer_than is not None:
            newer_than = None
            rows = await journal.kept_next_to(session, chat_id, limit=PAGE_ENTRIES + 1)
        if not rows:
            return None
        newest_first = newer_than is None
        first = rows[0].id
        beyond = await journal.kept_next_to(
            session,
            chat_id,
            limit=1,
            newer_than=first if newest_first else None,
            older_than=None if newest_first else first,
        )
    tally = Tally()
    ids = tuple(row.id for row in rows)
    notes = opened(work.cipher, rows, tally)
    return Page(person.timezone, notes, ids, bool(beyond), newest_first, tally)


def opened(
    cipher: JournalCipher, rows: Iterable[JournalEntry], tally: Tally | None = None
) -> Iterator[Note]:
    """Decrypt entries one at a time, as they are asked for; one no key opens is left out and
    counted in `tally`."""
    for row in rows:
        text = cipher.read(row.ciphertext, row.owner, tally)
        if text is not None:
            yield Note(row.created_at, text, row.reflection_id, row.id, known=row.known)
