"""The words of the safety plan: each part's question, and the whole plan as one message."""

from __future__ import annotations

import re
from html import escape

from bot.wording.catalogue import Wording
from bot.wording.safety import lines_text
from safety.directory import Country
from states.kinds import PlanPart

PARTS: tuple[PlanPart, ...] = tuple(PlanPart)
MAX_PART_CHARACTERS = 400  # seven parts, their headings and the lines fit one message
NO_ONE = re.compile(
    r"(?:(?:i have|i've got|there'?s|there is|honestly|really|just|um|well)[\s,]+)*"
    r"(?:no[- ]?one|nobody|no body|none|not anyone|noone)"
    r"(?:[\s,]+(?:really|at all|right now|now|yet|i think))*[\s.!…]*",
    re.IGNORECASE,
)


def means_no_one(typed: str) -> bool:
    """Tell whether an answer to "who could you ask for help?" says there is no one."""
    return NO_ONE.fullmatch(typed.strip().replace("’", "'")) is not None


def heading(wording: Wording, part: PlanPart) -> str:
    """Return a part's name, like 'Warning signs'."""
    return wording.text(f"plan_part_{part}")


def question(wording: Wording, part: PlanPart, current: str | None) -> str:
    """Return the question for one part, with an example, and what it holds now if anything."""
    parts = [
        wording.text(
            "plan_question",
            number=PARTS.index(part) + 1,
            heading=heading(wording, part),
            question=wording.text(f"plan_question_{part}"),
        ),
        wording.text("plan_example", example=wording.text(f"plan_example_{part}")),
    ]
    if current:
        parts.append(wording.text("plan_current", text=current))
    return "\n\n".join(parts)


def whole_plan(wording: Wording, plan: dict[PlanPart, str], country: Country) -> str:
    """Return the plan as one message, part by part, with the country's lines at the end."""
    sections = [wording.text("plan_heading")]
    for part in PARTS:
        if plan.get(part):
            sections.append(f"<b>{escape(heading(wording, part))}</b>\n{escape(plan[part])}")
    if len(sections) == 1:
        sections.append(wording.text("plan_empty_so_far"))
    # Lines already written into the plan (the services part starts with them) come once.
    written = "\n".join(plan.values())
    lines = tuple(
        line
        for line in (country.emergency, *country.crisis[:2], *country.abuse[:1])
        if line.name not in written
    )
    if lines:
        sections.append(wording.text("plan_lines_heading") + "\n" + lines_text(lines))
    return "\n\n".join(sections)


def services_from_directory(country: Country) -> str:
    """Return the country's crisis and abuse lines as plain text, to start the services part."""
    return "\n".join(f"{line.name}: {line.how}" for line in (*country.crisis, *country.abuse))


def plan_as_text(wording: Wording, plan: dict[PlanPart, str]) -> list[tuple[str, str]]:
    """Return (heading, text) for each part that holds something, in order, for an export."""
    return [(wording.plain(f"plan_part_{part}"), plan[part]) for part in PARTS if plan.get(part)]
