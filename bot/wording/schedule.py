"""Put schedules and instants into the person's words, in their own time zone."""

from __future__ import annotations

from datetime import datetime, time

from bot.wording.catalogue import Wording
from states.kinds import PersonStatus
from timing.local import EVERY_DAY, WEEKDAYS, WEEKENDS, zone
from timing.places import zone_label
from usecases.people import Someone


def day_names(wording: Wording) -> list[str]:
    """Return the seven short day names, Monday first."""
    return wording.text("day_names").split()


def clock(at: time) -> str:
    """Return a 24-hour clock time like 07:30."""
    return at.strftime("%H:%M")


def zone_time(timezone: str) -> str:
    """Return how a zone is named in sentences: 'London time'."""
    return f"{zone_label(timezone)} time"


def when(instant: datetime, timezone: str) -> str:
    """Return an instant as 'Tuesday 8 December at 07:30 (London time)'."""
    local = instant.astimezone(zone(timezone))
    return f"{local:%A} {local.day} {local:%B} at {local:%H:%M} ({zone_time(timezone)})"


def days_label(wording: Wording, days: int) -> str:
    """Return the chosen days in words: every day, weekdays, weekends, or 'Mon, Wed and Fri'."""
    named = {EVERY_DAY: "days_every_day", WEEKDAYS: "days_weekdays", WEEKENDS: "days_weekends"}
    if days in named:
        return wording.text(named[days])
    chosen = [name for bit, name in enumerate(day_names(wording)) if days & (1 << bit)]
    if len(chosen) == 1:
        return wording.text("days_only", days=chosen[0])
    return wording.text("days_only", days=", ".join(chosen[:-1]) + " and " + chosen[-1])


def next_line(wording: Wording, person: Someone, now: datetime) -> str:
    """Return the sentence confirming what comes next, whatever the person's state."""
    if person.status == PersonStatus.STOPPED:
        return wording.text("next_stopped")
    if person.status == PersonStatus.PAUSED:
        return wording.text("next_paused")
    if person.next_delivery_at is None:
        return wording.text("next_none")
    line = wording.text("next_at", when=when(person.next_delivery_at, person.timezone))
    if person.paused_until is not None and person.paused_until > now:
        return wording.text("paused_until") + " " + line
    return line


def summary(wording: Wording, person: Someone, now: datetime) -> str:
    """Return the person's settings and what comes next."""
    return (
        wording.text(
            "settings_summary",
            time=clock(person.send_time),
            zone=zone_time(person.timezone),
            days=days_label(wording, person.days),
            checkins=wording.text("on" if person.checkins else "off"),
            discreet=wording.text("on" if person.discreet else "off"),
            silent=wording.text("on" if person.silent else "off"),
        )
        + "\n\n"
        + next_line(wording, person, now)
    )
