"""Pauses end at local midnight; resuming and skipping plan the next reflection again."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from states.kinds import PersonStatus
from tests.unit.usecases.conftest import NOW
from tests.unit.usecases.someone import row, set_up
from usecases import pausing
from usecases.people import NotStarted
from usecases.work import Work


async def test_a_pause_of_days_ends_at_local_midnight(work: Work) -> None:
    await set_up(work, timezone="America/New_York")
    someone = await pausing.pause(work, 7, 3, NOW)  # 04:30 on Friday 4 December in New York
    resumes = datetime(2026, 12, 7, 5, 0, tzinfo=UTC)  # Monday's midnight there
    assert someone.status is PersonStatus.ACTIVE and someone.paused_until == resumes
    assert someone.next_delivery_at == datetime(2026, 12, 7, 13, 0, tzinfo=UTC)
    assert someone.paused(NOW)


async def test_an_open_pause_plans_nothing_until_resumed(work: Work) -> None:
    await set_up(work)
    someone = await pausing.pause(work, 7, None, NOW)
    assert someone.status is PersonStatus.PAUSED and someone.next_delivery_at is None
    resumed = await pausing.resume(work, 7, NOW)
    assert resumed.was_paused and resumed.someone.status is PersonStatus.ACTIVE
    assert resumed.someone.next_delivery_at == datetime(2026, 12, 5, 8, 0, tzinfo=UTC)


async def test_resume_clears_a_dated_pause_and_says_when_there_was_none(work: Work) -> None:
    await set_up(work)
    await pausing.pause(work, 7, 5, NOW)
    assert (await pausing.resume(work, 7, NOW)).was_paused
    stored = await row(work)
    assert stored is not None and stored.paused_until is None
    assert not (await pausing.resume(work, 7, NOW)).was_paused


async def test_skip_takes_the_next_date_only(work: Work) -> None:
    await set_up(work)
    await pausing.resume(work, 7, NOW)  # plans tomorrow at 08:00
    skipped = await pausing.skip(work, 7, NOW)
    assert skipped.skipped == datetime(2026, 12, 5, 8, 0, tzinfo=UTC)
    assert skipped.someone.skip_through == date(2026, 12, 5)
    assert skipped.someone.next_delivery_at == datetime(2026, 12, 6, 8, 0, tzinfo=UTC)


async def test_skip_with_nothing_coming_changes_nothing(work: Work) -> None:
    await set_up(work, setup_complete=False)
    skipped = await pausing.skip(work, 7, NOW)
    assert skipped.skipped is None and skipped.someone.skip_through is None


async def test_nobody_to_pause(work: Work) -> None:
    with pytest.raises(NotStarted) as nobody:
        await pausing.pause(work, 7, 3, NOW)
    assert nobody.value.wording_key == "not_started_yet"
    await set_up(work, status=PersonStatus.STOPPED)
    with pytest.raises(NotStarted) as stopped:
        await pausing.resume(work, 7, NOW)
    assert stopped.value.wording_key == "stopped_already"
    stored = await row(work)
    assert stored is not None and stored.status == PersonStatus.STOPPED
