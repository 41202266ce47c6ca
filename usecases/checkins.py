"""One-tap check-ins: how someone is today, turning them on and off, and the weeks behind."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from states.kinds import Mood
from storage.checkins import checkins_since, save_checkin
from storage.crypto import checkin_owner
from storage.marks import SAFETY, first_today
from usecases.people import acting_for
from usecases.work import Work


@dataclass(frozen=True, slots=True)
class CheckedIn:
    """Whether a check-in was noted, and whether to ask, once today, if the person is safe."""

    noted: bool  # False: it was for another day, or check-ins are off
    ask_if_safe: bool


@dataclass(frozen=True, slots=True)
class Weeks:
    """The person's local today and their check-ins of the days asked for, opened."""

    today: date
    moods: dict[date, Mood]


async def check_in(work: Work, chat_id: int, mood: Mood, day: date, at: datetime) -> CheckedIn:
    """Note how someone is today (it can be changed all day); a button of another day is refused.

    "Very low" gets the same gentle question as words that might mean risk: once a day, noted
    as a keyed mark of the day, never the date itself.
    """
    cipher = work.cipher
    token = cipher.encrypt(mood.value, checkin_owner(chat_id, day))
    async with work.transaction() as session:
        person = await acting_for(session, chat_id)
        today = at.astimezone(ZoneInfo(person.timezone)).date()
        if day != today or not person.checkins:
            return CheckedIn(noted=False, ask_if_safe=False)
        await save_checkin(session, chat_id, day, token, at)
        asking = mood == Mood.VERY_LOW and first_today(cipher, person, SAFETY, today)
        return CheckedIn(noted=True, ask_if_safe=asking)


async def set_checkins(work: Work, chat_id: int, on: bool) -> None:
    """Turn check-ins on or off."""
    async with work.transaction() as session:
        person = await acting_for(session, chat_id)
        person.checkins = on


async def weeks(work: Work, chat_id: int, at: datetime, days: int) -> Weeks:
    """Return the check-ins of the last `days` local days, opened; one no key opens is left out."""
    async with work.reading() as session:
        person = await acting_for(session, chat_id)
        today = at.astimezone(ZoneInfo(person.timezone)).date()
        stored = await checkins_since(session, chat_id, today - timedelta(days=days - 1))
    opened = {
        day: work.cipher.read(token, checkin_owner(chat_id, day)) for day, token in stored.items()
    }
    return Weeks(today, {day: Mood(mood) for day, mood in opened.items() if mood is not None})
