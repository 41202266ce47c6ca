"""Noting hard days: asked, named (encrypted), made once or yearly, removed; the cap holds."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from states.awaiting import DATE_DAY, DATE_LABEL
from storage.models import HardDate
from storage.people import get_person
from tests.unit.usecases.conftest import NOW
from tests.unit.usecases.helpers import started
from usecases import dates
from usecases.dates import Change
from usecases.people import NotStarted
from usecases.work import Work


async def stored(work: Work) -> list[HardDate]:
    async with work.reading() as session:
        return list(await session.scalars(select(HardDate)))


async def asked(work: Work) -> object:
    async with work.reading() as session:
        person = await get_person(session, 7)
        assert person is not None
        return person.awaiting


async def test_noting_and_naming_a_day(work: Work) -> None:
    await started(work)
    assert await dates.start_noting(work, 7) and await asked(work) == DATE_DAY
    await dates.note_day(work, 7, 3, 14, None)
    assert await asked(work) == DATE_LABEL
    date_id = await dates.name_date(work, 7, "Mum's birthday")
    assert date_id is not None and await asked(work) is None
    [hard] = await stored(work)
    assert b"Mum" not in hard.ciphertext
    assert await dates.list_dates(work, 7) == (
        dates.NotedDate(date_id, 3, 14, None, "Mum's birthday", eve=False),
    )


async def test_once_means_the_next_time_the_day_comes(work: Work) -> None:
    await started(work)
    await dates.note_day(work, 7, 3, 14, None)
    date_id = await dates.name_date(work, 7, "hard")
    assert date_id is not None
    changed = await dates.change_date(work, 7, date_id, Change.ONCE, NOW)
    assert changed is not None and changed.year == 2027  # NOW is December 2026
    assert (await dates.change_date(work, 7, date_id, Change.EVE, NOW)) is not None
    assert [(h.year, h.eve) for h in await stored(work)] == [(2027, True)]
    await started(work, chat_id=8)
    assert await dates.change_date(work, 8, date_id, Change.DROP, NOW) is None  # not theirs
    assert await dates.change_date(work, 7, date_id, Change.DROP, NOW) is not None
    assert await stored(work) == []


async def test_an_unnamed_day_is_let_go_and_the_cap_holds(
    work: Work, monkeypatch: pytest.MonkeyPatch
) -> None:
    await started(work)
    await dates.note_day(work, 7, 1, 2, None)
    assert await dates.list_dates(work, 7) == () and await stored(work) == []
    assert await dates.name_date(work, 7, "too late") is None
    monkeypatch.setattr(dates, "MOST_DATES", 0)
    assert not await dates.start_noting(work, 7) and await asked(work) is None


async def test_nobody_to_note_for(work: Work) -> None:
    with pytest.raises(NotStarted):
        await dates.start_noting(work, 7)


def test_next_year_of_counts_today_and_leap_days() -> None:
    assert dates.next_year_of(12, 4, date(2026, 12, 4)) == 2026
    assert dates.next_year_of(2, 29, date(2026, 3, 1)) == 2028
