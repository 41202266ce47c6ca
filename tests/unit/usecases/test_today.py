"""/today claims today's reflection once: asked again, it is the same one, shown again."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from states.kinds import DeliveryStatus
from storage.models import Delivery, SentMessage
from tests.unit.usecases.conftest import NOW
from tests.unit.usecases.someone import row, set_up
from usecases import today
from usecases.work import Work

ORDER = ["first", "second"]


def gentler(on: date) -> str:
    return "steady"


async def deliveries(work: Work) -> list[Delivery]:
    async with work.reading() as session:
        return list(await session.scalars(select(Delivery)))


async def test_today_is_claimed_and_the_next_planned_after_it(work: Work) -> None:
    await set_up(work, checkins=True, silent=True)
    taken = await today.take_today(work, 7, ORDER, NOW, gentler)
    assert taken.new and taken.reflection_id == "first"
    assert taken.checkin_on == date(2026, 12, 4) and taken.silent and not taken.discreet
    stored = await row(work)
    assert stored is not None
    assert stored.next_delivery_at == datetime(2026, 12, 5, 8, 0, tzinfo=UTC)
    await today.note_sent(work, 7, taken, 55, NOW)
    [delivery] = await deliveries(work)
    assert delivery.status == DeliveryStatus.SENT and delivery.message_id == 55


async def test_asked_again_it_is_the_same_one_and_only_noted(work: Work) -> None:
    await set_up(work)
    first = await today.take_today(work, 7, ORDER, NOW, gentler)
    await today.note_sent(work, 7, first, 55, NOW)
    again = await today.take_today(work, 7, ORDER, NOW, gentler)
    assert not again.new and not again.starts_round and again.reflection_id == "first"
    assert again.checkin_on is None
    await today.note_sent(work, 7, again, 56, NOW)
    [delivery] = await deliveries(work)
    assert delivery.message_id == 55
    async with work.reading() as session:
        noted = sorted(await session.scalars(select(SentMessage.message_id)))
    assert noted == [55, 56]


async def test_a_claim_whose_message_never_went_is_given_back(work: Work) -> None:
    await set_up(work)
    taken = await today.take_today(work, 7, ORDER, NOW, gentler)
    await today.give_back(work, taken)
    assert await deliveries(work) == []
    again = await today.take_today(work, 7, ORDER, NOW, gentler)
    await today.give_back(work, await today.take_today(work, 7, ORDER, NOW, gentler))
    assert [d.id for d in await deliveries(work)] == [again.delivery_id]  # not new: kept
