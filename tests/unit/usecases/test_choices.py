"""Silent and discreet delivery are the person's to turn on and off."""

from __future__ import annotations

from datetime import date

import pytest

from states.kinds import PersonStatus
from tests.unit.usecases.conftest import NOW
from tests.unit.usecases.someone import row, set_up
from usecases import choices
from usecases.people import NotStarted
from usecases.work import Work


async def test_silent_turns_on_and_off(work: Work) -> None:
    await set_up(work)
    assert (await choices.toggle_silent(work, 7)).silent
    stored = await row(work)
    assert stored is not None and stored.silent
    assert not (await choices.toggle_silent(work, 7)).silent


async def test_discreet_chosen_or_toggled(work: Work) -> None:
    await set_up(work)
    assert (await choices.choose_discreet(work, 7, True)).discreet
    assert (await choices.choose_discreet(work, 7, True)).discreet
    assert not (await choices.choose_discreet(work, 7, None)).discreet
    assert (await choices.choose_discreet(work, 7, None)).discreet
    assert not (await choices.choose_discreet(work, 7, False)).discreet


async def test_a_stopped_person_changes_nothing(work: Work) -> None:
    await set_up(work, status=PersonStatus.STOPPED)
    with pytest.raises(NotStarted):
        await choices.toggle_silent(work, 7)
    stored = await row(work)
    assert stored is not None and not stored.silent


async def test_checkin_day_is_the_local_date_only_with_checkins(work: Work) -> None:
    await set_up(work, timezone="Pacific/Honolulu")  # 23:30 on 3 December there
    assert await choices.checkin_day(work, 7, NOW) is None
    await set_up(work, checkins=True)
    assert await choices.checkin_day(work, 7, NOW) == date(2026, 12, 3)
