"""Operators get counts only: people by status, the last day's deliveries, the next day's peak."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from states.kinds import PersonStatus
from storage.models import Delivery
from tests.unit.usecases.conftest import NOW
from tests.unit.usecases.someone import set_up
from usecases.stats import count_everything
from usecases.work import Work


async def test_nothing_to_count(work: Work) -> None:
    counts = await count_everything(work, NOW)
    assert counts.people == {} and counts.deliveries == {} and counts.using_checkins == 0
    assert counts.lateness == () and counts.busiest is None


async def test_people_deliveries_and_the_busiest_minute_are_counted(work: Work) -> None:
    soon = datetime(2026, 12, 5, 8, 0, tzinfo=UTC)
    await set_up(work, 7, checkins=True, next_delivery_at=soon)
    await set_up(work, 8, next_delivery_at=soon)
    await set_up(work, 9, status=PersonStatus.STOPPED)
    async with work.transaction() as session:
        for chat_id, on in ((7, date(2026, 12, 4)), (8, date(2026, 12, 1))):
            created = NOW if on == date(2026, 12, 4) else NOW - timedelta(days=3)
            session.add(
                Delivery(
                    chat_id=chat_id, local_date=on, reflection_id="r", round=1, created_at=created
                )
            )
    counts = await count_everything(work, NOW)
    assert counts.people == {"active": 2, "stopped": 1} and counts.using_checkins == 1
    assert counts.deliveries == {"claimed": 1}  # the one three days old is not counted
    assert counts.busiest == (soon, 2)
