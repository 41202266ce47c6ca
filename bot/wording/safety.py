"""The words of /sos, /support and the answers to crisis language, with the right lines."""

from __future__ import annotations

from html import escape

from bot.wording.catalogue import Wording
from safety.directory import Country, Directory, Line


def _line(line: Line) -> str:
    return f"• <b>{escape(line.name, quote=False)}</b>: {escape(line.how, quote=False)}"


def _lines(lines: tuple[Line, ...]) -> str:
    return "\n".join(_line(line) for line in lines)


def sos(wording: Wording, country: Country, known: bool) -> str:
    """Return /sos: the emergency number first, then crisis lines, then domestic-abuse lines."""
    parts = [
        wording.text("sos_intro"),
        wording.text("sos_danger") + "\n" + escape(country.emergency.how, quote=False),
    ]
    if country.crisis:
        parts.append(wording.text("sos_crisis") + "\n" + _lines(country.crisis))
    if country.abuse:
        parts.append(wording.text("sos_abuse") + "\n" + _lines(country.abuse))
    parts.append(wording.text("sos_not_a_person"))
    if not known:
        parts.append(wording.text("sos_which_country"))
    else:
        parts.append(wording.text("sos_country", country=country.name))
    return "\n\n".join(parts)


def support(wording: Wording, directory: Directory, country: Country) -> str:
    """Return /support: longer-term support for partners, national first."""
    parts = [wording.text("support_intro")]
    if country.support:
        parts.append(_lines(country.support))
    parts.append(_lines(directory.partners))
    parts.append(wording.text("support_outro"))
    return "\n\n".join(parts)


def crisis_reply(wording: Wording, kind: str, country: Country) -> str:
    """Return a short, warm answer to crisis language, with the lines that fit it."""
    if kind == "self":
        lines = (country.emergency, *country.crisis[:2])
    elif kind == "danger":
        lines = (country.emergency, *country.abuse[:2])
    else:
        lines = country.crisis[:1]
    return (
        wording.text(f"crisis_{kind}")
        + "\n\n"
        + _lines(lines)
        + "\n\n"
        + wording.text("crisis_outro")
    )
