"""A personal safety plan: written one part at a time, kept encrypted, shown back whole."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from states.awaiting import Awaiting, plan_question
from states.kinds import PlanPart
from storage import plans
from storage.crypto import JournalCipher, plan_owner
from usecases.people import acting_for
from usecases.work import Work

PARTS: tuple[PlanPart, ...] = tuple(PlanPart)  # in the order they are asked


@dataclass(frozen=True, slots=True)
class Plan:
    """The parts of a plan that hold something, in the person's words, and their country."""

    parts: dict[PlanPart, str]
    country: str | None


@dataclass(frozen=True, slots=True)
class Asked:
    """A part asked: what it holds now, whether the local services were filled in for them."""

    current: str | None
    prefilled: bool
    country: str | None


def _opened(
    cipher: JournalCipher, chat_id: int, stored: dict[PlanPart, bytes]
) -> dict[PlanPart, str]:
    opened = {part: cipher.read(token, plan_owner(chat_id, part)) for part, token in stored.items()}
    return {part: text for part, text in opened.items() if text is not None}


async def has_plan(work: Work, chat_id: int) -> bool:
    """Tell whether someone has written any of a plan (for /sos and crisis answers)."""
    async with work.reading() as session:
        return await plans.has_plan(session, chat_id)


async def open_plan(work: Work, chat_id: int) -> bool:
    """Move on from any question, and tell whether any of a plan is written yet."""
    async with work.transaction() as session:
        person = await acting_for(session, chat_id)
        person.awaiting = None
        return await plans.has_plan(session, chat_id)


async def read_plan(work: Work, chat_id: int) -> Plan:
    """Return the plan as written, decrypted, with the person's country for its lines."""
    async with work.reading() as session:
        person = await acting_for(session, chat_id)
        stored = await plans.plan_parts(session, chat_id)
        country = person.country
    return Plan(_opened(work.cipher, chat_id, stored), country)


async def pause_plan(work: Work, chat_id: int) -> None:
    """Stop writing the plan for now: typed text no longer answers its question."""
    async with work.transaction() as session:
        person = await acting_for(session, chat_id)
        person.awaiting = None


async def drop_part(work: Work, chat_id: int, part: PlanPart) -> None:
    """Empty one part of the plan."""
    async with work.transaction() as session:
        await acting_for(session, chat_id)
        await plans.clear_part(session, chat_id, part)


async def next_part(work: Work, chat_id: int, after: PlanPart | None) -> PlanPart | None:
    """Return the next part still empty (after `after`, when given); if none, the plan is done."""
    async with work.transaction() as session:
        person = await acting_for(session, chat_id)
        written = set(await plans.plan_parts(session, chat_id))
        start = 0 if after is None else PARTS.index(after) + 1
        remaining = [part for part in PARTS[start:] if part not in written]
        if not remaining:
            person.awaiting = None
            return None
        return remaining[0]


async def ask_part(
    work: Work,
    chat_id: int,
    part: PlanPart,
    at: datetime,
    *,
    step: bool,
    refill: bool,
    services: Callable[[str | None], str],
) -> Asked:
    """Ask one part, so typed text answers it.

    The first time through, the services part starts with the local lines (`services` gives
    them for a country), unless the person has just emptied it (`refill` False).
    """
    cipher = work.cipher
    async with work.transaction() as session:
        person = await acting_for(session, chat_id)
        person.awaiting = plan_question(part, step=step)
        stored = await plans.plan_parts(session, chat_id)
        prefill = part == PlanPart.SERVICES and step and refill and part not in stored
        if prefill:
            sealed = cipher.encrypt(services(person.country), plan_owner(chat_id, part))
            await plans.save_part(session, chat_id, part, sealed, at)
        country = person.country
    current = _opened(cipher, chat_id, stored).get(part)
    return Asked(current, prefill, country)


async def write_part(work: Work, chat_id: int, awaiting: Awaiting, typed: str, at: datetime) -> str:
    """Keep typed text as the part asked, encrypted; return what the part now holds.

    While writing the whole plan, what is typed for the services part adds to the lines there.
    """
    part = awaiting.part
    if part is None:
        raise ValueError("only a plan question names a part")
    cipher = work.cipher
    owner = plan_owner(chat_id, part)
    async with work.transaction() as session:
        person = await acting_for(session, chat_id)
        stored = await plans.plan_parts(session, chat_id)
        if awaiting.step and part == PlanPart.SERVICES and part in stored:  # add to the lines
            earlier = cipher.read(stored[part], owner)
            typed = typed if earlier is None else earlier + "\n" + typed
        await plans.save_part(session, chat_id, part, cipher.encrypt(typed, owner), at)
        person.awaiting = None
    return typed
