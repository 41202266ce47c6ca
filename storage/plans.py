"""Queries about a person's safety plan; every one is scoped to a single chat."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from states.kinds import PlanPart
from storage.database import insert_into
from storage.models import PlanEntry


async def plan_parts(session: AsyncSession, chat_id: int) -> dict[PlanPart, bytes]:
    """Return the parts of a person's plan that hold something, as stored (encrypted)."""
    rows = await session.execute(
        select(PlanEntry.part, PlanEntry.ciphertext).where(PlanEntry.chat_id == chat_id)
    )
    return {PlanPart(part): ciphertext for part, ciphertext in rows.all() if part in set(PlanPart)}


async def has_plan(session: AsyncSession, chat_id: int) -> bool:
    """Tell whether a person has written any part of a plan."""
    found = await session.scalar(select(PlanEntry.part).where(PlanEntry.chat_id == chat_id))
    return found is not None


async def save_part(
    session: AsyncSession, chat_id: int, part: PlanPart, ciphertext: bytes, now: datetime
) -> None:
    """Keep one part of the plan, replacing what it held."""
    statement = insert_into(session, PlanEntry).values(
        chat_id=chat_id, part=part.value, ciphertext=ciphertext, updated_at=now
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[PlanEntry.chat_id, PlanEntry.part],
            set_={"ciphertext": ciphertext, "updated_at": now},
        )
    )


async def clear_part(session: AsyncSession, chat_id: int, part: PlanPart) -> None:
    """Empty one part of the plan."""
    await session.execute(
        delete(PlanEntry).where(PlanEntry.chat_id == chat_id, PlanEntry.part == part.value)
    )
