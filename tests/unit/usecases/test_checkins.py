"""Check-ins: today's only, encrypted, the safety question once a day after 'Very low'."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from states.kinds import Mood
from storage.models import CheckIn
from tests.unit.usecases.conftest import NOW
from tests.unit.usecases.helpers import started
from usecases import checkins
from usecases.people import NotStarted
from usecases.work import Work


async def test_a_check_in_is_today_only_and_asks_once_after_very_low(work: Work) -> None:
    await started(work)
    await checkins.set_checkins(work, 7, True)
    today = NOW.date()
    gone = await checkins.check_in(work, 7, Mood.LOW, today - timedelta(days=1), NOW)
    assert not gone.noted
    first = await checkins.check_in(work, 7, Mood.VERY_LOW, today, NOW)
    again = await checkins.check_in(work, 7, Mood.VERY_LOW, today, NOW)
    assert first.noted and first.ask_if_safe and again.noted and not again.ask_if_safe
    async with work.reading() as session:
        [stored] = list(await session.scalars(select(CheckIn)))
    assert Mood.VERY_LOW.value.encode() not in stored.ciphertext
    seen = await checkins.weeks(work, 7, NOW, 56)
    assert seen.today == today and seen.moods == {today: Mood.VERY_LOW}


async def test_check_ins_off_note_nothing(work: Work) -> None:
    await started(work)
    await checkins.set_checkins(work, 7, False)
    assert not (await checkins.check_in(work, 7, Mood.OKAY, NOW.date(), NOW)).noted
    assert (await checkins.weeks(work, 7, NOW, 56)).moods == {}


async def test_nobody_to_check_in_for(work: Work) -> None:
    with pytest.raises(NotStarted):
        await checkins.check_in(work, 7, Mood.OKAY, NOW.date(), NOW)
