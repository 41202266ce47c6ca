"""The support directory: helplines by country, from support.yaml, checked at start."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from config.datafiles import ContentError, Problem, misshapen, read_yaml

SUPPORT_FILE = Path(__file__).with_name("support.yaml")
STALE_AFTER = dt.timedelta(days=180)
SUBJECT = "The helpline directory"
LINE_FIELDS = ("name", "how", "source", "checked", "confirmed")


@dataclass(frozen=True, slots=True)
class Line:
    name: str
    how: str
    source: str
    checked: dt.date
    confirmed: bool


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name: str
    names: tuple[str, ...]
    zones: tuple[str, ...]
    emergency: Line
    cannot_speak: Line | None  # how to call for help when it is not safe to speak
    crisis: tuple[Line, ...]
    abuse: tuple[Line, ...]
    support: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class Directory:
    countries: dict[str, Country]
    elsewhere: Country
    partners: tuple[Line, ...]

    def country(self, code: str | None) -> Country:
        """Return a country's lines, or the lines for anywhere else."""
        return self.countries.get(code or "", self.elsewhere)

    def for_zone(self, zone: str) -> str | None:
        """Return the country a time zone belongs to, where that is unambiguous."""
        matches = [code for code, country in self.countries.items() if zone in country.zones]
        return matches[0] if len(matches) == 1 else None

    def find(self, typed: str) -> str | None:
        """Return the country code for a typed name, like 'England' or 'new zealand'."""
        wanted = " ".join(typed.lower().replace(".", "").split())[:60]
        for code, country in self.countries.items():
            if wanted == code.lower() or wanted in country.names:
                return code
        return None

    def every_line(self) -> list[tuple[str, Line]]:
        """Return every line with where it belongs, for the operator's check."""
        found: list[tuple[str, Line]] = [("partners", line) for line in self.partners]
        for country in [*self.countries.values(), self.elsewhere]:
            silent = (country.cannot_speak,) if country.cannot_speak else ()
            for line in (
                country.emergency,
                *silent,
                *country.crisis,
                *country.abuse,
                *country.support,
            ):
                found.append((country.code, line))
        return found

    def needing_attention(self, today: dt.date) -> list[str]:
        """Describe every line that is unconfirmed, or not checked in the last 180 days."""
        notes = []
        for where, line in self.every_line():
            if not line.confirmed:
                notes.append(f"{where}: {line.name} is not confirmed (source {line.source})")
            elif today - line.checked > STALE_AFTER:
                notes.append(f"{where}: {line.name} was last checked on {line.checked}")
        return notes


def load_directory(path: Path = SUPPORT_FILE) -> Directory:
    """Load and check the support directory; any problem names the place to fix."""
    data = read_yaml(path, SUBJECT)
    try:
        countries = {
            code: _country(code, entry, f"countries.{code}")
            for code, entry in data["countries"].items()
        }
        elsewhere = _country("elsewhere", {"name": "", **data["elsewhere"]}, "elsewhere")
        partners = tuple(_line(e, f"partners[{n}]") for n, e in enumerate(data["partners"]))
    except (KeyError, TypeError, AttributeError) as error:
        raise misshapen(path, SUBJECT, error) from None
    return Directory(countries, elsewhere, partners)


def _country(code: str, entry: dict[str, Any], where: str) -> Country:
    return Country(
        code=code,
        name=str(entry["name"]),
        names=tuple(str(n).lower() for n in entry.get("names", [])),
        zones=tuple(entry.get("zones", [])),
        emergency=_line(entry["emergency"], f"{where}.emergency"),
        cannot_speak=(
            _line(entry["cannot_speak"], f"{where}.cannot_speak")
            if "cannot_speak" in entry
            else None
        ),
        crisis=tuple(_line(e, f"{where}.crisis") for e in entry.get("crisis") or []),
        abuse=tuple(_line(e, f"{where}.abuse") for e in entry.get("abuse") or []),
        support=tuple(_line(e, f"{where}.support") for e in entry.get("support") or []),
    )


def _line(entry: dict[str, Any], where: str) -> Line:
    missing = [field for field in LINE_FIELDS if field not in (entry or {})]
    if missing:
        raise _wrong(f"{where} needs {', '.join(missing)}")
    if not isinstance(entry["checked"], dt.date) or not isinstance(entry["confirmed"], bool):
        raise _wrong(
            f"{where} ({entry['name']}) needs checked: YYYY-MM-DD and confirmed: true or false"
        )
    if not str(entry["source"]).startswith("https://"):
        raise _wrong(f"{where} ({entry['name']}) needs an https source")
    return Line(
        str(entry["name"]),
        str(entry["how"]),
        str(entry["source"]),
        entry["checked"],
        entry["confirmed"],
    )


def _wrong(message: str) -> ContentError:
    return ContentError([Problem(SUPPORT_FILE, None, None, message)], SUBJECT)
