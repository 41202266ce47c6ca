"""The words of /sos, /support and the answers to crisis language, with the right lines."""

from __future__ import annotations

from html import escape

from bot.wording.catalogue import Wording
from safety.directory import Country, Directory, Line


def _line(line: Line) -> str:
    return f"• <b>{escape(line.name, quote=False)}</b>: {escape(line.how, quote=False)}"


def lines_text(lines: tuple[Line, ...]) -> str:
    """Return lines as a bulleted list, in Telegram HTML."""
    return "\n".join(_line(line) for line in lines)


def _emergency(country: Country, silently: bool = True) -> str:
    """Return the emergency line and, if `silently`, how to call when it is not safe to speak."""
    text = escape(country.emergency.how, quote=False)
    if silently and country.cannot_speak:
        text += "\n" + _line(country.cannot_speak)
    return text


def sos(wording: Wording, country: Country, known: bool) -> str:
    """Return /sos: the emergency number first, then crisis lines, then domestic-abuse lines."""
    parts = [wording.text("sos_intro"), wording.text("sos_danger") + "\n" + _emergency(country)]
    if country.crisis:
        parts.append(wording.text("sos_crisis") + "\n" + lines_text(country.crisis))
    if country.abuse:
        parts.append(wording.text("sos_abuse") + "\n" + lines_text(country.abuse))
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
        parts.append(lines_text(country.support))
    parts.append(lines_text(directory.partners))
    parts.append(wording.text("support_outro"))
    return "\n\n".join(parts)


DISTRESS_ANSWERS = ("crisis_distress_1", "crisis_distress_2", "crisis_distress_3")


def crisis_reply(
    wording: Wording,
    kinds: tuple[str, ...],
    country: Country,
    turn: int = 0,
    has_plan: bool = False,
) -> str:
    """Return a short, warm answer to crisis language, with the lines that fit each kind.

    `turn` picks which of the distress answers to give, so they take turns. Risk to self points
    to the person's own plan, or says one can be made later: never a conversation now. With both
    kinds, the answer to danger comes second, its neutral opening left out.
    """
    if "self" not in kinds and "danger" not in kinds:
        parts = [wording.text(DISTRESS_ANSWERS[turn % len(DISTRESS_ANSWERS)])]
        if country.crisis:
            parts.append(lines_text(country.crisis[:1]))
        parts.append(wording.text("crisis_distress_outro"))
        return "\n\n".join(parts)
    parts = []
    if "self" in kinds:
        parts.append(wording.text("crisis_self"))
        if country.crisis:
            parts.append(lines_text(country.crisis[:2]))
        emergency = _emergency(country, silently=False)
        parts.append(wording.text("crisis_self_emergency") + "\n" + emergency)
        parts.append(wording.text("plan_offer_yours" if has_plan else "plan_offer_later"))
    if "danger" in kinds:
        opening = wording.text("crisis_danger")
        if "self" in kinds:  # the self answer already opened gently; keep only the substance
            opening = opening.split("\n\n", 1)[-1]
        parts += [opening, wording.text("sos_danger") + "\n" + _emergency(country)]
        if country.abuse:
            parts.append(lines_text(country.abuse[:2]))
    parts.append(wording.text("crisis_danger_outro" if "danger" in kinds else "crisis_self_outro"))
    return "\n\n".join(parts)
