"""One rule plans the next send: an ended pause is cleared, a pause still running is kept."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from states.kinds import PersonStatus
from storage.models import Delivery, Person
from tests.unit.usecases.conftest import NOW
from tests.unit.usecases.someone import row, set_up
from usecases.planning import plan_next, replan
from usecases.work import Work

TOMORROW_AT_8 = datetime(2026, 12, 5, 8, 0, tzinfo=UTC)


async def test_an_ended_pause_is_cleared_and_the_next_send_planned(work: Work) -> None:
    await set_up(work, paused_until=NOW - timedelta(minutes=1))
    async with work.transaction() as session:
        person = await session.get_one(Person, 7)
        assert plan_next(person, NOW, None) == TOMORROW_AT_8
        assert person.paused_until is None
    stored = await row(work)
    assert stored is not None and stored.next_delivery_at == TOMORROW_AT_8


async def test_a_running_pause_is_kept_and_waited_for(work: Work) -> None:
    until = datetime(2026, 12, 8, 0, 0, tzinfo=UTC)
    await set_up(work, paused_until=until)
    async with work.transaction() as session:
        person = await session.get_one(Person, 7)
        assert plan_next(person, NOW, None) == datetime(2026, 12, 8, 8, 0, tzinfo=UTC)
        assert person.paused_until == until


async def test_nothing_is_planned_unless_active_and_set_up(work: Work) -> None:
    await set_up(work, status=PersonStatus.PAUSED, next_delivery_at=TOMORROW_AT_8)
    await set_up(work, chat_id=8, setup_complete=False)
    async with work.transaction() as session:
        for chat_id in (7, 8):
            person = await session.get_one(Person, chat_id)
            assert plan_next(person, NOW, None) is None and person.next_delivery_at is None


async def test_replan_counts_the_last_delivery_as_taken(work: Work) -> None:
    await set_up(work)
    async with work.transaction() as session:
        on = date(2026, 12, 5)
        session.add(Delivery(chat_id=7, local_date=on, reflection_id="r", round=1, created_at=NOW))
    async with work.transaction() as session:
        person = await session.get_one(Person, 7)
        assert await replan(session, person, NOW) == TOMORROW_AT_8 + timedelta(days=1)
