"""Describe a person's schedule in words."""

from __future__ import annotations

from datetime import time

from bot.wording import Wording
from storage.models import Person


def zone_name(timezone: str) -> str:
    """Return a short, readable name for a zone: Europe/London -> London."""
    return timezone.rsplit("/", 1)[-1].replace("_", " ")


def clock(at: time) -> str:
    """Return a 24-hour clock time like 07:30."""
    return at.strftime("%H:%M")


def describe_schedule(wording: Wording, person: Person) -> str:
    """Return when a person's reflections come, e.g. 'every day at 08:00 (London time)'."""
    return wording.text(
        "schedule_every_day", time=clock(person.send_time), zone=zone_name(person.timezone)
    )
