"""Queries about deliveries; every one is scoped to a single chat."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from states.kinds import DeliveryStatus
from storage.database import insert_into
from storage.models import Delivery, Person


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
        .where(
            inner.c.chat_id == Delivery.chat_id,
            inner.c.status == DeliveryStatus.SENT,
            inner.c.set_aside.is_(False),
        )
        .scalar_subquery()
    )
    rows = await session.execute(
        select(Delivery.chat_id, Delivery.round, Delivery.reflection_id)
        .where(
            Delivery.chat_id.in_(chat_ids),
            Delivery.status == DeliveryStatus.SENT,
            Delivery.set_aside.is_(False),  # set aside, or a steadying one: the journey waits
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


async def delivery_sent_as(session: AsyncSession, chat_id: int, message_id: int) -> Delivery | None:
    """Return the delivery a message of the bot's was sent as, if it was one."""
    return await session.scalar(
        select(Delivery).where(Delivery.chat_id == chat_id, Delivery.message_id == message_id)
    )


@dataclass(frozen=True, slots=True)
class SentRecord:
    """A claimed delivery that reached Telegram, waiting to be written down."""

    delivery_id: int
    message_id: int
    sent_at: datetime


async def record_sent(session: AsyncSession, sent: Sequence[SentRecord]) -> None:
    """Record, in one statement, that several claimed deliveries reached Telegram."""
    if sent:
        rows = [
            {
                "id": record.delivery_id,
                "status": DeliveryStatus.SENT,
                "message_id": record.message_id,
                "sent_at": record.sent_at,
            }
            for record in sent
        ]
        await session.execute(update(Delivery), rows)


async def mark_failed(session: AsyncSession, delivery_id: int) -> None:
    """Record that Telegram refused a delivery itself, so it is not tried again."""
    await session.execute(
        update(Delivery).where(Delivery.id == delivery_id).values(status=DeliveryStatus.FAILED)
    )


async def release(session: AsyncSession, delivery_id: int) -> None:
    """Forget a claim whose message never went, so it can be tried again."""
    await session.execute(
        delete(Delivery).where(
            Delivery.id == delivery_id, Delivery.status == DeliveryStatus.CLAIMED
        )
    )


async def abandoned_claims(
    session: AsyncSession, older_than: datetime
) -> list[tuple[Delivery, bool]]:
    """Return claims made before `older_than` and never resolved, with each person's silent flag."""
    rows = await session.execute(
        select(Delivery, Person.silent)
        .join(Person, Person.chat_id == Delivery.chat_id)
        .where(Delivery.status == DeliveryStatus.CLAIMED, Delivery.created_at < older_than)
    )
    return [(delivery, silent) for delivery, silent in rows.all()]


async def claim_many(
    session: AsyncSession, rows: list[dict[str, Any]]
) -> list[tuple[int, int, str]]:
    """Insert claims, skipping dates already taken; return (id, chat_id, reflection_id) of each."""
    claimed: list[tuple[int, int, str]] = []
    for start in range(0, len(rows), 500):
        statement = (
            insert_into(session, Delivery)
            .values(rows[start : start + 500])
            .on_conflict_do_nothing(index_elements=["chat_id", "local_date"])
            .returning(Delivery.id, Delivery.chat_id, Delivery.reflection_id)
        )
        result = await session.execute(statement)
        claimed += [(row[0], row[1], row[2]) for row in result.all()]
    return claimed


async def answered_reflection(
    session: AsyncSession, chat_id: int, message_id: int | None, on: date
) -> str | None:
    """Return the reflection sent as `message_id`, or (with None) the one sent on a local date."""
    query = select(Delivery.reflection_id).where(
        Delivery.chat_id == chat_id, Delivery.status == DeliveryStatus.SENT
    )
    if message_id is not None:
        query = query.where(Delivery.message_id == message_id)
    else:
        query = query.where(Delivery.local_date == on)
    return await session.scalar(query.order_by(Delivery.id.desc()).limit(1))


async def reflection_sent_after(session: AsyncSession, chat_id: int, after: datetime) -> bool:
    """Tell whether a reflection was sent to a person after an instant."""
    found = await session.scalar(
        select(Delivery.id).where(Delivery.chat_id == chat_id, Delivery.sent_at > after).limit(1)
    )
    return found is not None


async def recent_reflection_messages(
    session: AsyncSession, chat_id: int, since: datetime
) -> list[int]:
    """Return the message ids of reflections sent to a person since an instant."""
    rows = await session.scalars(
        select(Delivery.message_id).where(
            Delivery.chat_id == chat_id, Delivery.sent_at >= since, Delivery.message_id.is_not(None)
        )
    )
    return [message_id for message_id in rows if message_id is not None]


async def lateness_since(session: AsyncSession, since: datetime) -> list[float]:
    """Return, for each reflection sent since an instant, its seconds past the chosen time."""
    rows = await session.execute(
        select(Delivery.sent_at, Delivery.due_at).where(
            Delivery.status == DeliveryStatus.SENT,
            Delivery.sent_at >= since,
            Delivery.due_at.is_not(None),
        )
    )
    return [
        max(0.0, (sent - due).total_seconds())
        for sent, due in rows.all()
        if sent is not None and due is not None
    ]


async def counts_since(session: AsyncSession, since: datetime) -> dict[str, int]:
    """Return how many deliveries were claimed since an instant, by status (counts only)."""
    rows = await session.execute(
        select(Delivery.status, func.count())
        .where(Delivery.created_at >= since)
        .group_by(Delivery.status)
    )
    return {status: count for status, count in rows.all()}
