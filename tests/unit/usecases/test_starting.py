"""/start makes someone new, brings back someone who stopped, and lets go of any question."""

from __future__ import annotations

from datetime import UTC, datetime, time

from states.awaiting import time_question
from states.kinds import PersonStatus
from tests.unit.usecases.conftest import NOW
from tests.unit.usecases.someone import row, set_up
from usecases import starting
from usecases.work import Work


async def test_someone_new_is_made_with_the_defaults_and_not_yet_planned(work: Work) -> None:
    started = await starting.start(work, 7, "Europe/Paris", time(9, 0), NOW)
    assert started.created and not started.returning
    assert started.someone.timezone == "Europe/Paris" and started.someone.send_time == time(9, 0)
    assert not started.someone.setup_complete and started.someone.next_delivery_at is None
    await starting.note_welcome(work, 7, 12)
    stored = await row(work)
    assert stored is not None and stored.welcome_message_id == 12


async def test_someone_who_stopped_comes_back_planned_again(work: Work) -> None:
    await set_up(work, status=PersonStatus.BLOCKED, awaiting=time_question(setup=False))
    started = await starting.start(work, 7, "Europe/Paris", time(9, 0), NOW)
    assert started.returning and not started.created
    assert started.someone.status is PersonStatus.ACTIVE and started.someone.pending is None
    assert started.someone.timezone == "Europe/London"  # the defaults are only for someone new
    assert started.someone.next_delivery_at == datetime(2026, 12, 5, 8, 0, tzinfo=UTC)


async def test_starting_again_is_not_a_return(work: Work) -> None:
    await set_up(work)
    started = await starting.start(work, 7, "Europe/Paris", time(9, 0), NOW)
    assert not started.returning and not started.created
