"""Only today's reflection is set aside, once a day; the journey waits for it."""

from __future__ import annotations

from datetime import date, timedelta

from storage.models import Delivery
from tests.unit.usecases.conftest import NOW
from tests.unit.usecases.someone import row, set_up
from usecases.setting_aside import set_aside
from usecases.work import Work

TODAY = date(2026, 12, 4)


async def delivered(work: Work, on: date, message_id: int, gentler: bool = False) -> None:
    async with work.transaction() as session:
        delivery = Delivery(chat_id=7, local_date=on, reflection_id="r", round=1, created_at=NOW)
        delivery.message_id = message_id
        delivery.set_aside = gentler
        session.add(delivery)


async def test_todays_reflection_is_set_aside_once(work: Work) -> None:
    await set_up(work)
    await delivered(work, TODAY, 50)
    done = await set_aside(work, 7, 50, NOW, NOW)
    assert done.refused is None and done.today == TODAY and not done.hard_day
    stored = await row(work)
    assert stored is not None and stored.set_aside_on == TODAY
    again = await set_aside(work, 7, 50, NOW, NOW)
    assert again.refused == "done"


async def test_another_days_reflection_is_refused_and_nothing_changes(work: Work) -> None:
    await set_up(work)
    await delivered(work, TODAY - timedelta(days=1), 40)
    assert (await set_aside(work, 7, 40, NOW, NOW)).refused == "other_day"
    assert (await set_aside(work, 7, None, None, NOW)).refused == "other_day"
    stored = await row(work)
    assert stored is not None and stored.set_aside_on is None


async def test_a_message_not_sent_as_a_delivery_counts_by_its_own_day(work: Work) -> None:
    await set_up(work)
    assert (await set_aside(work, 7, 99, NOW - timedelta(days=1), NOW)).refused == "other_day"
    assert (await set_aside(work, 7, 99, NOW, NOW)).refused is None


async def test_a_gentler_one_set_aside_is_a_hard_day(work: Work) -> None:
    await set_up(work)
    await delivered(work, TODAY, 50, gentler=True)
    assert (await set_aside(work, 7, 50, NOW, NOW)).hard_day
