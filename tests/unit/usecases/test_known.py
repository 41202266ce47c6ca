""" "Something I know": only kept notes are marked; the offer comes once, and only with some."""

from __future__ import annotations

from tests.unit.usecases.helpers import kept, rows, started
from usecases import known
from usecases.work import Work


async def test_marking_shows_the_note_back_and_the_offer_comes_once(work: Work) -> None:
    await started(work)
    entry_id = await kept(work, 7, 5, "I got through last winter")
    assert not await known.offer_known_once(work, 7)  # nothing marked: no offer, none used up
    assert not await known.mark_known(work, 8, entry_id, True)  # not theirs
    assert await known.mark_known(work, 7, entry_id, True)
    found = await known.known_notes(work, 7)
    assert found is not None and [note.text for note in found.notes] == [
        "I got through last winter"
    ]
    assert await known.offer_known_once(work, 7) and not await known.offer_known_once(work, 7)
    assert await known.mark_known(work, 7, entry_id, False)
    assert [entry.known for entry in await rows(work)] == [False]
    assert await known.known_notes(work, 8) is None
