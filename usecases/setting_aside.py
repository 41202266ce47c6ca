""" "Not today": set today's reflection aside, once a day; the journey waits for it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from storage.deliveries import delivery_on, delivery_sent_as
from timing.local import local_date
from usecases.people import acting_for
from usecases.work import Work


@dataclass(frozen=True, slots=True)
class SetAside:
    today: date  # the person's local date
    refused: Literal["other_day", "done"] | None  # not that day's reflection; or done already
    hard_day: bool  # what was set aside was already a gentler one


async def set_aside(
    work: Work, chat_id: int, message_id: int | None, message_date: datetime | None, at: datetime
) -> SetAside:
    """Set today's reflection aside, if the message is today's and nothing was set aside yet.

    The message's day is its delivery's local date, or else the day it was sent.
    """
    async with work.transaction() as session:
        person = await acting_for(session, chat_id)
        today = local_date(at, person.timezone)
        sent_on = None
        if message_id is not None and message_date is not None:
            delivery = await delivery_sent_as(session, chat_id, message_id)
            sent_on = (
                delivery.local_date
                if delivery is not None
                else local_date(message_date, person.timezone)
            )
        if sent_on != today:
            return SetAside(today, "other_day", hard_day=False)
        if person.set_aside_on == today:
            return SetAside(today, "done", hard_day=False)
        person.set_aside_on = today
        delivery = await delivery_on(session, chat_id, today)
        hard_day = delivery is not None and delivery.set_aside  # already a gentler one
        if delivery is not None:
            delivery.set_aside = True  # not a step of the journey: it comes again next time
        return SetAside(today, None, hard_day)
