"""Queries about deliveries; every one is scoped to a single chat."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Delivery, DeliveryStatus


async def last_delivery_date(session: AsyncSession, chat_id: int) -> date | None:
    """Return the latest local date that has a delivery sent or under way."""
    return await session.scalar(
        select(func.max(Delivery.local_date)).where(
            Delivery.chat_id == chat_id, Delivery.status != DeliveryStatus.FAILED
        )
    )


async def last_delivery_dates(session: AsyncSession, chat_ids: list[int]) -> dict[int, date]:
    """Return the latest delivered or claimed local date for each of several people."""
    rows = await session.execute(
        select(Delivery.chat_id, func.max(Delivery.local_date))
        .where(Delivery.chat_id.in_(chat_ids), Delivery.status != DeliveryStatus.FAILED)
        .group_by(Delivery.chat_id)
    )
    return {chat_id: last for chat_id, last in rows.all()}


async def current_rounds(
    session: AsyncSession, chat_ids: list[int]
) -> dict[int, tuple[int, list[str]]]:
    """Return, per person, their current round and the ids sent in it, oldest first.

    Only the current round is read, so the cost does not grow with how long someone has stayed.
    """
    inner = Delivery.__table__.alias("inner")
    latest = (
        select(func.max(inner.c.round))
        .where(inner.c.chat_id == Delivery.chat_id, inner.c.status == DeliveryStatus.SENT)
        .scalar_subquery()
    )
    rows = await session.execute(
        select(Delivery.chat_id, Delivery.round, Delivery.reflection_id)
        .where(
            Delivery.chat_id.in_(chat_ids),
            Delivery.status == DeliveryStatus.SENT,
            Delivery.round == latest,
        )
        .order_by(Delivery.chat_id, Delivery.local_date, Delivery.id)
    )
    rounds: dict[int, tuple[int, list[str]]] = {}
    for chat_id, number, reflection_id in rows.all():
        rounds.setdefault(chat_id, (number, []))[1].append(reflection_id)
    return rounds


async def delivery_on(session: AsyncSession, chat_id: int, on: date) -> Delivery | None:
    """Return the delivery for a person's local date, if there is one."""
    return await session.scalar(
        select(Delivery).where(Delivery.chat_id == chat_id, Delivery.local_date == on)
    )


async def mark_sent(
    session: AsyncSession, delivery_id: int, message_id: int, sent_at: datetime
) -> None:
    """Record that a claimed delivery reached Telegram."""
    await session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id)
        .values(status=DeliveryStatus.SENT, message_id=message_id, sent_at=sent_at)
    )


async def release(session: AsyncSession, delivery_id: int) -> None:
    """Forget a claim whose message never went, so it can be tried again."""
    await session.execute(
        delete(Delivery).where(
            Delivery.id == delivery_id, Delivery.status == DeliveryStatus.CLAIMED
        )
    )


async def claim_many(
    session: AsyncSession, rows: list[dict[str, object]]
) -> list[tuple[int, int, str]]:
    """Insert claims, skipping dates already taken; return (id, chat_id, reflection_id) of each."""
    if not rows:
        return []
    dialect = sqlite if session.bind.dialect.name == "sqlite" else postgresql
    claimed: list[tuple[int, int, str]] = []
    for start in range(0, len(rows), 500):
        statement = (
            dialect.insert(Delivery)
            .values(rows[start : start + 500])
            .on_conflict_do_nothing(index_elements=["chat_id", "local_date"])
            .returning(Delivery.id, Delivery.chat_id, Delivery.reflection_id)
        )
        claimed += [tuple(row) for row in (await session.execute(statement)).all()]
    return claimed
