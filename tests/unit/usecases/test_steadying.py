"""A wait comes back once; breathing stops from anywhere; the eve line goes once, in hours."""

from __future__ import annotations

from datetime import time, timedelta

from states.kinds import PersonStatus
from storage.models import HardDate
from storage.people import ensure_person, get_person
from tests.unit.usecases.conftest import NOW
from usecases import steadying
from usecases.steadying import QuietLine
from usecases.work import Work


async def started(work: Work, chat_id: int = 7) -> None:
    async with work.transaction() as session:
        person, _ = await ensure_person(session, chat_id, "Europe/London", time(8, 0), NOW)
        person.setup_complete = True


async def test_a_wait_comes_back_once_and_a_stopped_one_never(work: Work) -> None:
    await started(work)
    await started(work, 8)
    await steadying.wait_out(work, 7, NOW + timedelta(minutes=20))
    await steadying.wait_out(work, 8, NOW + timedelta(minutes=20))
    assert await steadying.stop_waiting(work, 8)
    assert not await steadying.stop_waiting(work, 8)
    assert await steadying.come_back_after_waits(work, NOW) == []
    later = NOW + timedelta(minutes=20)
    assert await steadying.come_back_after_waits(work, later) == [QuietLine(7, False)]
    assert await steadying.come_back_after_waits(work, later) == []


async def test_breathing_goes_on_until_stopped_or_finished(work: Work) -> None:
    await started(work)
    await steadying.start_breathing(work, 7, 41)
    assert await steadying.breathing_goes_on(work, 7, 41)
    await steadying.start_breathing(work, 7, 42)  # a new one takes its place
    assert not await steadying.breathing_goes_on(work, 7, 41)
    await steadying.finish_breathing(work, 7, 41)  # the old one ending changes nothing
    assert await steadying.breathing_goes_on(work, 7, 42)
    await steadying.start_breathing(work, 7, None)
    assert not await steadying.breathing_goes_on(work, 7, 42)


async def test_the_eve_line_goes_once_and_only_in_the_evening_hours(work: Work) -> None:
    await started(work)
    tomorrow = NOW.date() + timedelta(days=1)
    async with work.transaction() as session:
        session.add(
            HardDate(chat_id=7, month=tomorrow.month, day=tomorrow.day, ciphertext=b"x", eve=True)
        )
    assert await steadying.claim_eves(work, NOW.replace(hour=7)) == []  # before their time
    evening = NOW.replace(hour=19)
    assert await steadying.claim_eves(work, evening) == [QuietLine(7, False)]
    assert await steadying.claim_eves(work, evening) == []
    async with work.transaction() as session:
        person = await get_person(session, 7)
        assert person is not None
        person.status = PersonStatus.PAUSED
    assert await steadying.claim_eves(work, evening + timedelta(days=365)) == []  # paused: none
