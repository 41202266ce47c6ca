"""Plan a person's deliveries: when the next is due, and claiming today's before sending it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from reflections.journey import Step, next_step
from scheduler.timing import local_date, next_delivery_at
from storage.deliveries import delivery_on, last_delivery_date, received_ids
from storage.models import Delivery, Person, PersonStatus


def compute_next(person: Person, now: datetime, last_date: date | None = None) -> datetime | None:
    """Return when this person's next reflection is due, or None if none is coming."""
    if person.status != PersonStatus.ACTIVE or not person.setup_complete:
        return None
    taken = [d for d in (last_date, person.skip_through) if d is not None]
    return next_delivery_at(
        now=now,
        timezone=person.timezone,
        send_time=person.send_time,
        days=person.days,
        after_date=max(taken) if taken else None,
        not_before=person.paused_until,
    )


async def refresh_schedule(session: AsyncSession, person: Person, now: datetime) -> datetime | None:
    """Recompute and store the person's next delivery; return it."""
    if person.paused_until is not None and person.paused_until <= now:
        person.paused_until = None
    last = await last_delivery_date(session, person.chat_id)
    person.next_delivery_at = compute_next(person, now, last)
    return person.next_delivery_at


@dataclass(frozen=True, slots=True)
class Claim:
    delivery: Delivery
    step: Step
    new: bool  # False when today's reflection had already been claimed or sent


async def claim_today(
    session: AsyncSession, person: Person, order: list[str], now: datetime
) -> Claim:
    """Claim the person's reflection for their local today, or return the one already claimed."""
    today = local_date(now, person.timezone)
    existing = await delivery_on(session, person.chat_id, today)
    if existing is not None:
        return Claim(existing, Step(existing.reflection_id, existing.round, False), new=False)
    step = next_step(order, await received_ids(session, person.chat_id))
    delivery = Delivery(
        chat_id=person.chat_id,
        local_date=today,
        reflection_id=step.reflection_id,
        round=step.round,
        created_at=now,
    )
    try:
        async with session.begin_nested():
            session.add(delivery)
    except IntegrityError:  # another process claimed the same date a moment ago
        existing = await delivery_on(session, person.chat_id, today)
        assert existing is not None
        return Claim(existing, Step(existing.reflection_id, existing.round, False), new=False)
    return Claim(delivery, step, new=True)
