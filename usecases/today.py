"""/today: today's reflection now, claimed first so the scheduled one does not also come."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from storage.deliveries import SentRecord, record_sent, release
from storage.journal import remember_message
from usecases.people import acting_for
from usecases.planning import claim_today, replan
from usecases.work import Work


@dataclass(frozen=True, slots=True)
class Today:
    """Today's reflection for someone, claimed: what to send, and how."""

    delivery_id: int
    reflection_id: str
    starts_round: bool
    new: bool  # False when today's had been claimed or sent already: it is shown again
    checkin_on: date | None  # the date a check-in would be for; None without check-ins
    silent: bool
    discreet: bool


async def take_today(
    work: Work, chat_id: int, order: list[str], at: datetime, gentler: Callable[[date], str]
) -> Today:
    """Claim today's reflection (or find it claimed), and plan the next one after it.

    On a date the person noted as hard, `gentler` names the steadying reflection sent instead.
    """
    async with work.transaction() as session:
        person = await acting_for(session, chat_id)
        claim = await claim_today(session, person, order, at, gentler)
        await replan(session, person, at)
        return Today(
            delivery_id=claim.delivery.id,
            reflection_id=claim.step.reflection_id,
            starts_round=claim.new and claim.step.starts_round,
            new=claim.new,
            checkin_on=claim.delivery.local_date if person.checkins else None,
            silent=person.silent,
            discreet=person.discreet,
        )


async def give_back(work: Work, today: Today) -> None:
    """Let go of a new claim whose message never went, so it can be tried again."""
    if today.new:
        async with work.transaction() as session:
            await release(session, today.delivery_id)


async def note_sent(work: Work, chat_id: int, today: Today, message_id: int, at: datetime) -> None:
    """Record a new claim as sent; note the message either way, so clearing the chat removes it."""
    async with work.transaction() as session:
        if today.new:
            await record_sent(session, [SentRecord(today.delivery_id, message_id, at)])
        await remember_message(session, chat_id, message_id, at)
