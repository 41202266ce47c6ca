"""Planning a person's deliveries: when the next is due, the journey's next step, claiming a date.

`plan_next` is the one place that clears a pause which has ended and recomputes the next send;
the use cases (through `replan`) and the delivery engine both call it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from reflections.journey import Step, next_step
from states.kinds import PersonStatus
from storage.deliveries import current_rounds, delivery_on, last_delivery_date
from storage.models import Delivery, Person
from storage.steadying import falls_on, hard_dates_of
from timing.local import local_date, next_delivery_at

CHECKIN_OFFER_AT = 7  # reflections received before check-ins are offered, once


def taken_through(person: Person, last_date: date | None) -> date | None:
    """Return the last local date that must not get another delivery (sent, or skipped)."""
    taken = [d for d in (last_date, person.skip_through) if d is not None]
    return max(taken) if taken else None


def plan_next(person: Person, now: datetime, after: date | None) -> datetime | None:
    """Clear a pause that has ended, then store and return when the next reflection is due.

    `after` is the last local date already taken; None comes back unless the person is active
    and set up.
    """
    if person.paused_until is not None and person.paused_until <= now:
        person.paused_until = None
    if person.status != PersonStatus.ACTIVE or not person.setup_complete:
        person.next_delivery_at = None
    else:
        person.next_delivery_at = next_delivery_at(
            now=now,
            timezone=person.timezone,
            send_time=person.send_time,
            days=person.days,
            after_date=after,
            not_before=person.paused_until,
        )
    return person.next_delivery_at


async def replan(session: AsyncSession, person: Person, now: datetime) -> datetime | None:
    """Recompute and store the person's next delivery from what they have had; return it."""
    last = await last_delivery_date(session, person.chat_id)
    return plan_next(person, now, taken_through(person, last))


def journey_step(order: list[str], position: tuple[int, list[str]] | None) -> Step:
    """Return the next step, given the person's current round and what it has held so far."""
    base, received = position or (1, [])
    step = next_step(order, received)
    return Step(step.reflection_id, base + step.round - 1, step.starts_round)


@dataclass(frozen=True, slots=True)
class Claim:
    delivery: Delivery
    step: Step
    new: bool  # False when that date's reflection had already been claimed or sent


async def claim_date(
    session: AsyncSession,
    person: Person,
    on: date,
    step: Step,
    now: datetime,
    gentler: bool = False,
) -> Claim | None:
    """Write the delivery record for a person's local date before sending; None if taken.

    `gentler`: a steadying reflection in place of the journey's, which does not move it on."""
    delivery = Delivery(
        chat_id=person.chat_id,
        local_date=on,
        reflection_id=step.reflection_id,
        round=step.round,
        created_at=now,
        set_aside=gentler,
    )
    try:
        async with session.begin_nested():
            session.add(delivery)
    except IntegrityError:  # that date is already claimed: by /today, or by another process
        return None
    return Claim(delivery, step, new=True)


async def claim_today(
    session: AsyncSession,
    person: Person,
    order: list[str],
    now: datetime,
    gentler: Callable[[date], str] | None = None,
) -> Claim:
    """Claim the person's reflection for their local today, or return the one already claimed.

    On a date the person noted as hard, `gentler` names the steadying reflection sent instead.
    """
    today = local_date(now, person.timezone)
    noted = (await hard_dates_of(session, [person.chat_id])).get(person.chat_id, [])
    hard_day = gentler is not None and any(falls_on(hard, today) for hard in noted)
    for _ in range(2):
        existing = await delivery_on(session, person.chat_id, today)
        if existing is not None:
            step = Step(existing.reflection_id, existing.round, False)
            return Claim(existing, step, new=False)
        rounds = await current_rounds(session, [person.chat_id])
        step = journey_step(order, rounds.get(person.chat_id))
        if hard_day and gentler is not None:
            step = Step(gentler(today), step.round, starts_round=False)
        claim = await claim_date(session, person, today, step, now, gentler=hard_day)
        if claim is not None:
            return claim
    raise RuntimeError("today's delivery was claimed and then vanished")


def offer_checkins_if_due(person: Person, position: tuple[int, list[str]] | None) -> bool:
    """Offer check-ins with the reflection about to go if it is the one; return whether it does."""
    received = len(position[1]) if position and position[0] == 1 else None
    if person.checkins or person.checkins_offered or received != CHECKIN_OFFER_AT - 1:
        return False
    person.checkins_offered = True
    return True
