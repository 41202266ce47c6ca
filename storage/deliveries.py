"""Queries about deliveries; every one is scoped to a single chat."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Delivery, DeliveryStatus


async def last_delivery_date(session: AsyncSession, chat_id: int) -> date | None:
    """Return the latest local date that has a delivery sent or under way."""
    return await session.scalar(
        select(func.max(Delivery.local_date)).where(
            Delivery.chat_id == chat_id, Delivery.status != DeliveryStatus.FAILED
        )
    )


async def received_ids(session: AsyncSession, chat_id: int) -> list[str]:
    """Return the reflection ids a person has been sent, oldest first."""
    rows = await session.scalars(
        select(Delivery.reflection_id)
        .where(Delivery.chat_id == chat_id, Delivery.status == DeliveryStatus.SENT)
        .order_by(Delivery.local_date, Delivery.id)
    )
    return list(rows)


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


async def forget_person(session: AsyncSession, chat_id: int) -> None:
    """Delete every delivery record of a person."""
    await session.execute(delete(Delivery).where(Delivery.chat_id == chat_id))
