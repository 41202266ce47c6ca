"""The support directory: helplines by country, from support.yaml, checked at start."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from config.datafiles import ContentError, Problem, misshapen, read_yaml

SUPPORT_FILE = Path(__file__).with_name("support.yaml")
STALE_AFTER = dt.timedelta(days=180)
SUBJECT = "The helpline directory"
LINE_FIELDS = ("name", "how", "source", "checked", "confirmed")
BY_NATION = "by-nation:"  # the made-up source of a line listing every nation's own


@dataclass(frozen=True, slots=True)
class Line:
    name: str
    how: str
    source: str
    checked: dt.date
    confirmed: bool
    brief: str | None = None  # a nation's line, in a few words, for the list of all nations


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
    within: str | None = None  # for a nation of a country (GB-SCT), the country (GB)


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

    def nations(self, code: str) -> list[Country]:
        """Return the nations of a country that has its own lines for each (the UK's four)."""
        return [country for country in self.countries.values() if country.within == code]

    def every_line(self) -> list[tuple[str, Line]]:
        """Return every line once, with where it belongs, for the operator's check.

        A nation shares its country's lines; a country's list of all its nations is made from
        the nations' own lines, so it is left out here.
        """
        found: list[tuple[str, Line]] = [("partners", line) for line in self.partners]
        seen: set[Line] = set(self.partners)
        for country in [*self.countries.values(), self.elsewhere]:
            silent = (country.cannot_speak,) if country.cannot_speak else ()
            lines = (country.emergency, *silent, *country.crisis, *country.abuse, *country.support)
            for line in lines:
                if line not in seen and not line.source.startswith(BY_NATION):
                    seen.add(line)
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
        countries: dict[str, Country] = {}
        for code, entry in data["countries"].items():
            country = _country(code, entry, f"countries.{code}")
            own = [
                _country(
                    nation, part, f"countries.{code}.nations.{nation}", emergency=country.emergency
                )
                for nation, part in (entry.get("nations") or {}).items()
            ]
            countries[code] = _with_every_nation(country, own, entry.get("every_nation"))
            countries.update((nation.code, _nation(country, nation)) for nation in own)
        elsewhere = _country("elsewhere", {"name": "", **data["elsewhere"]}, "elsewhere")
        partners = tuple(_line(e, f"partners[{n}]") for n, e in enumerate(data["partners"]))
    except (KeyError, TypeError, AttributeError) as error:
        raise misshapen(path, SUBJECT, error) from None
    return Directory(countries, elsewhere, partners)


def _country(
    code: str, entry: dict[str, Any], where: str, emergency: Line | None = None
) -> Country:
    return Country(
        code=code,
        name=str(entry["name"]),
        names=tuple(str(n).lower() for n in entry.get("names", [])),
        zones=tuple(entry.get("zones", [])),
        emergency=emergency or _line(entry["emergency"], f"{where}.emergency"),
        cannot_speak=(
            _line(entry["cannot_speak"], f"{where}.cannot_speak")
            if "cannot_speak" in entry
            else None
        ),
        crisis=tuple(_line(e, f"{where}.crisis") for e in entry.get("crisis") or []),
        abuse=tuple(_line(e, f"{where}.abuse") for e in entry.get("abuse") or []),
        support=tuple(_line(e, f"{where}.support") for e in entry.get("support") or []),
    )


def _nation(country: Country, own: Country) -> Country:
    """Return a nation: its own lines, with its country's emergency and shared lines."""
    return replace(
        own,
        cannot_speak=country.cannot_speak,
        crisis=country.crisis + own.crisis,
        abuse=own.abuse + country.abuse,
        support=country.support + own.support,
        within=country.code,
    )


def _with_every_nation(
    country: Country, nations: list[Country], names: dict[str, str] | None
) -> Country:
    """For someone who hasn't said which nation: every nation's first line, in one line."""
    if not nations:
        return country
    where = f"countries.{country.code}"
    if not isinstance(names, dict) or not {"crisis", "abuse"} <= set(names):
        raise _wrong(f"{where} has nations, so it needs every_nation: with crisis and abuse")
    if not all(nation.crisis and nation.abuse for nation in nations):
        raise _wrong(f"each of {where}.nations needs a crisis line and an abuse line of its own")
    crisis = _every_nation(str(names["crisis"]), nations, [n.crisis[0] for n in nations])
    abuse = _every_nation(str(names["abuse"]), nations, [n.abuse[0] for n in nations])
    return replace(country, crisis=(*country.crisis, crisis), abuse=(abuse, *country.abuse))


def _every_nation(name: str, nations: list[Country], lines: list[Line]) -> Line:
    parts = (f"{n.name}: {line.brief or line.how}" for n, line in zip(nations, lines, strict=True))
    return Line(
        name=name,
        how=". ".join(part.rstrip(".") for part in parts) + ".",
        source=BY_NATION + ",".join(nation.code for nation in nations),
        checked=min(line.checked for line in lines),
        confirmed=all(line.confirmed for line in lines),
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
        str(entry["brief"]) if entry.get("brief") else None,
    )


def _wrong(message: str) -> ContentError:
    return ContentError([Problem(SUPPORT_FILE, None, None, message)], SUBJECT)
