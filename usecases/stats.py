"""Counts for operators: how many people, deliveries and check-ins; never anything written."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from storage.checkins import count_using_checkins
from storage.deliveries import counts_since, lateness_since
from storage.people import busiest_minute, count_by_status
from usecases.work import Work

DAY = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class Counts:
    """The last day's deliveries and the next day's busiest minute, as counts only."""

    people: Mapping[str, int]  # by status
    deliveries: Mapping[str, int]  # claimed in the last day, by status
    using_checkins: int
    lateness: tuple[float, ...]  # seconds past the chosen time, for each sent in the last day
    busiest: tuple[datetime, int] | None  # the minute of the next day most people fall due in


async def count_everything(work: Work, at: datetime) -> Counts:
    """Count people by status, the last day's deliveries and lateness, and the next day's peak."""
    async with work.reading() as session:
        return Counts(
            people=await count_by_status(session),
            deliveries=await counts_since(session, at - DAY),
            using_checkins=await count_using_checkins(session),
            lateness=tuple(await lateness_since(session, at - DAY)),
            busiest=await busiest_minute(session, at, at + DAY),
        )
