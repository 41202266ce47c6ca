"""When reflections come: the time of day, the time zone, the days, and finishing set-up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from states.awaiting import Awaiting
from timing.local import zone
from usecases.people import Someone, acting_for
from usecases.planning import replan
from usecases.work import Work


@dataclass(frozen=True, slots=True)
class Scheduled:
    someone: Someone
    setting_up: bool  # set-up goes on: the next question follows


@dataclass(frozen=True, slots=True)
class DaysSet:
    someone: Someone
    finishing: bool  # the last step of set-up
    asking_country: bool  # set-up still needs the country before it is complete


@dataclass(frozen=True, slots=True)
class SetupFinished:
    someone: Someone
    welcome_message_id: int | None  # the first welcome, to reword if delivery is discreet


async def ask(work: Work, chat_id: int, question: Awaiting | None) -> None:
    """Remember what the next typed text answers (None: nothing typed is awaited)."""
    async with work.transaction() as session:
        person = await acting_for(session, chat_id, stopped_too=True)
        person.awaiting = question


async def set_time(work: Work, chat_id: int, chosen: time, at: datetime, setup: bool) -> Scheduled:
    """Store a time of day and plan the next reflection; set-up goes on unless already done."""
    async with work.transaction() as session:
        person = await acting_for(session, chat_id, stopped_too=True)
        person.send_time = chosen
        person.awaiting = None
        setting_up = setup and not person.setup_complete
        await replan(session, person, at)
        return Scheduled(Someone.of(person), setting_up)


async def set_zone(
    work: Work, chat_id: int, chosen: str, country: str | None, at: datetime, setup: bool
) -> Scheduled:
    """Store a known time zone, and the country it implies if none is known yet."""
    zone(chosen)  # only known zones reach here; this raises if one does not
    async with work.transaction() as session:
        person = await acting_for(session, chat_id, stopped_too=True)
        person.timezone = chosen
        person.awaiting = None
        if person.country is None:
            person.country = country
        setting_up = setup and not person.setup_complete
        await replan(session, person, at)
        return Scheduled(Someone.of(person), setting_up)


async def set_days(work: Work, chat_id: int, days: int, at: datetime, setup: bool) -> DaysSet:
    """Store the days; set-up is complete then, unless the country is still to be asked."""
    async with work.transaction() as session:
        person = await acting_for(session, chat_id, stopped_too=True)
        person.days = days
        finishing = setup and not person.setup_complete
        asking_country = finishing and person.country is None
        if not asking_country:
            person.setup_complete = True
        await replan(session, person, at)
        return DaysSet(Someone.of(person), finishing, asking_country)


async def toggle_day(work: Work, chat_id: int, day: int, at: datetime) -> int | None:
    """Turn one day (0 is Monday) on or off; None, changing nothing, if it was the only one."""
    async with work.transaction() as session:
        person = await acting_for(session, chat_id, stopped_too=True)
        toggled = person.days ^ (1 << day)
        if not toggled:
            return None
        person.days = toggled
        if person.setup_complete:
            await replan(session, person, at)
        return toggled


async def finish_setup(work: Work, chat_id: int, at: datetime) -> SetupFinished:
    """Complete set-up and plan the first reflection; hand back the welcome to reword."""
    async with work.transaction() as session:
        person = await acting_for(session, chat_id, stopped_too=True)
        person.setup_complete = True
        welcome, person.welcome_message_id = person.welcome_message_id, None
        await replan(session, person, at)
        return SetupFinished(Someone.of(person), welcome)
