"""Keeping, editing, undoing and paging notes: one transaction each, encrypted, within caps."""

from __future__ import annotations

from datetime import timedelta

import pytest

from states.kinds import EntryStatus
from storage.crypto import JournalCipher
from storage.database import Database
from tests.unit.usecases.conftest import NOW
from tests.unit.usecases.helpers import kept, noted_ids, reflection_sent, rows, started
from usecases import journal
from usecases.journal import PAGE_ENTRIES
from usecases.work import Work


async def test_a_reply_to_a_reflection_is_kept_with_it(work: Work, cipher: JournalCipher) -> None:
    await started(work)
    await reflection_sent(work, 7, 100, NOW.date() - timedelta(days=3))
    result = await journal.keep_note(work, 7, 5, "I leaned on him", 100, NOW)
    assert result is not None and result.reflection_id == "leaning" and result.full is None
    [entry] = await rows(work)
    assert entry.id == result.entry_id and entry.status == EntryStatus.KEPT
    assert b"leaned" not in entry.ciphertext
    assert cipher.decrypt(entry.ciphertext, entry.owner) == "I leaned on him"


async def test_a_note_on_another_day_is_held_to_ask(work: Work) -> None:
    await started(work)
    await reflection_sent(work, 7, 100, NOW.date() - timedelta(days=1))
    result = await journal.keep_note(work, 7, 5, "A quieter day", None, NOW)
    assert result is not None and result.reflection_id is None
    assert [entry.status for entry in await rows(work)] == [EntryStatus.PENDING]


async def test_the_incoming_message_id_is_written_with_the_note(
    database: Database, cipher: JournalCipher
) -> None:
    update = Work(database, cipher, shared=True)  # as the bot runs one update
    await started(update)
    await update.note_message(7, 5, NOW)
    assert await journal.keep_note(update, 7, 5, "noted", None, NOW) is not None
    assert await noted_ids(Work(database, cipher, shared=False)) == 1  # before the update ends
    await update.end()


async def test_nobody_started_keeps_nothing(work: Work) -> None:
    assert await journal.keep_note(work, 7, 5, "hello", None, NOW) is None
    assert await rows(work) == []


async def test_past_the_days_cap_nothing_is_kept(
    work: Work, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(journal, "DAY_ENTRIES", 1)
    await started(work)
    await journal.keep_note(work, 7, 5, "one", None, NOW)
    result = await journal.keep_note(work, 7, 6, "two", None, NOW)
    assert result is not None and result.full == "journal_full_today" and result.entry_id is None
    assert len(await rows(work)) == 1


async def test_an_edit_rebinds_the_entry_to_its_next_version(
    work: Work, cipher: JournalCipher
) -> None:
    await started(work)
    await kept(work, 7, 5, "I feel smal")
    assert await journal.edit_note(work, 7, 5, "I feel small", NOW) is None
    [entry] = await rows(work)
    assert entry.version == 1 and cipher.decrypt(entry.ciphertext, entry.owner) == "I feel small"
    assert await journal.edit_note(work, 7, 99, "not kept", NOW) is None  # no entry: no change


async def test_keep_then_undo(work: Work) -> None:
    await started(work)
    result = await journal.keep_note(work, 7, 5, "maybe", None, NOW)
    assert result is not None and result.entry_id is not None
    answered = await journal.answer_entry(work, 7, result.entry_id, keep=True)
    assert answered.kept and [e.status for e in await rows(work)] == [EntryStatus.KEPT]
    assert (await journal.answer_entry(work, 8, result.entry_id, keep=False)).entry_id is None
    assert len(await rows(work)) == 1  # another chat's press takes nothing out
    await journal.answer_entry(work, 7, result.entry_id, keep=False)
    assert await rows(work) == []
    assert (await journal.answer_entry(work, 7, result.entry_id, keep=True)).entry_id is None


async def test_a_page_opens_only_what_is_read_and_knows_its_neighbours(work: Work) -> None:
    await started(work)
    ids = [await kept(work, 7, number, f"entry {number}") for number in range(25)]
    page = await journal.read_page(work, 7)
    assert page is not None and page.newest_first and page.unopened == 0
    first = [next(page.notes) for _ in range(PAGE_ENTRIES)]
    assert [note.text for note in first] == [f"entry {n}" for n in range(24, 14, -1)]
    assert not page.nearer(first[0].id) and page.further(first[-1].id)
    older = await journal.read_page(work, 7, older_than=first[-1].id)
    assert older is not None and older.nearer(next(older.notes).id)
    newer = await journal.read_page(work, 7, newer_than=ids[-1])  # nothing newer: the newest
    assert newer is not None and newer.newest_first and next(newer.notes).id == ids[-1]
    assert await journal.read_page(work, 8) is None
