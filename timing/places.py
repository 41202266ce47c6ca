"""Time zones from what people type: zone names, cities, countries, and offsets explained."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones

from config.datafiles import ContentError, Problem, misshapen, read_yaml

PLACES_FILE = Path(__file__).with_name("places.yaml")
OFFSET = re.compile(r"^(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$")
ANSWER_LIMIT = 100
UTC = "UTC"
UTC_NAMES = frozenset(
    {"utc", "etc/utc", "universal time", "coordinated universal time", "zulu", "utc+0", "utc0"}
)
SUBJECT = "The places file"


@dataclass(frozen=True, slots=True)
class Places:
    common: dict[str, str]
    aliases: dict[str, str]
    several: dict[str, list[str]]
    by_offset: list[str]


@dataclass(frozen=True, slots=True)
class ZoneAnswer:
    """What a typed answer means: one zone, several to choose from, or an offset."""

    zone: str | None = None
    choices: tuple[str, ...] = ()
    offset: bool = False


def load_places(path: Path = PLACES_FILE) -> Places:
    """Load the places file, checking every zone name in it."""
    data = read_yaml(path, SUBJECT)
    try:
        places = Places(
            common=dict(data["common"]),
            aliases={str(k).lower(): v for k, v in data["aliases"].items()},
            several={str(k).lower(): list(v) for k, v in data["several"].items()},
            by_offset=list(data["by_offset"]),
        )
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        raise misshapen(path, SUBJECT, error) from None
    known = _zone_names()
    every = [*places.common.values(), *places.aliases.values(), *places.by_offset]
    every += [zone for zones in places.several.values() for zone in zones]
    for name in every:
        if name not in known.values():
            problem = Problem(path, None, None, f"names {name!r}, which is not a time zone name")
            raise ContentError([problem], SUBJECT)
    return places


@cache
def _zone_names() -> dict[str, str]:
    """Map lower-cased zone names and their city parts to zone names."""
    names: dict[str, str] = {}
    for name in sorted(available_timezones()):
        if name.startswith(("Etc/", "SystemV/")) or "/" not in name:
            continue
        names[name.lower()] = name
        city = name.rsplit("/", 1)[-1].replace("_", " ").lower()
        names.setdefault(city, name)
    return names


def find_zone(text: str, places: Places, now: datetime) -> ZoneAnswer:
    """Understand a typed time zone answer; an empty answer means nothing was understood."""
    typed = " ".join(text.strip().lower().replace("_", " ").split())[:ANSWER_LIMIT]
    typed = typed.removesuffix(" time").strip(" .!")
    if not typed:
        return ZoneAnswer()
    if typed in UTC_NAMES:
        return ZoneAnswer(zone=UTC)
    offset = OFFSET.match(typed.replace(" ", ""))
    if offset and _offset(offset) == timedelta(0) and typed.startswith("utc"):
        return ZoneAnswer(zone=UTC)  # "UTC+0" is UTC itself
    if offset or typed == "gmt":  # GMT is also London in winter: offer the zones, and UTC
        return ZoneAnswer(choices=_at_offset(offset, places, now), offset=True)
    if typed in places.several:
        return ZoneAnswer(choices=tuple(places.several[typed]))
    names = _zone_names()
    zone = (
        places.aliases.get(typed)
        or names.get(typed)
        or names.get(typed.replace(" ", "_"))  # America/New_York, typed or from a button
        or names.get(typed.replace(" ", "/"))
    )
    return ZoneAnswer(zone=zone) if zone else ZoneAnswer()


def _offset(match: re.Match[str] | None) -> timedelta:
    if match is None:
        return timedelta(0)
    sign = -1 if match[1] == "-" else 1
    return sign * timedelta(hours=int(match[2]), minutes=int(match[3] or 0))


def _at_offset(match: re.Match[str] | None, places: Places, now: datetime) -> tuple[str, ...]:
    """Return the zones at this offset now; UTC too, when the offset is zero."""
    wanted = _offset(match)
    zones = tuple(
        zone for zone in places.by_offset if now.astimezone(ZoneInfo(zone)).utcoffset() == wanted
    )
    return (*zones, UTC) if wanted == timedelta(0) else zones


def zone_label(zone: str) -> str:
    """Return a short, readable name for a zone: America/New_York -> New York."""
    return zone.rsplit("/", 1)[-1].replace("_", " ")
