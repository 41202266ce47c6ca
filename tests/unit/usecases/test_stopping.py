"""Stopping ends deliveries; erasing needs a stop first; a block never undoes a stop."""

from __future__ import annotations

from datetime import UTC, datetime

from states.awaiting import time_question
from states.kinds import PersonStatus
from tests.unit.usecases.someone import row, set_up
from usecases import stopping
from usecases.work import Work

PLANNED = datetime(2026, 12, 5, 8, 0, tzinfo=UTC)


async def test_stop_ends_deliveries_and_any_question(work: Work) -> None:
    assert not await stopping.stop(work, 7)
    await set_up(work, next_delivery_at=PLANNED, awaiting=time_question(setup=False))
    assert await stopping.stop(work, 7)
    stored = await row(work)
    assert stored is not None and stored.status == PersonStatus.STOPPED
    assert stored.next_delivery_at is None and stored.awaiting is None


async def test_erase_only_right_after_a_stop(work: Work) -> None:
    await set_up(work)
    assert not await stopping.keep_or_erase(work, 7, erase=True)
    assert await row(work) is not None
    await stopping.stop(work, 7)
    assert await stopping.keep_or_erase(work, 7, erase=False)
    assert await row(work) is not None
    assert await stopping.keep_or_erase(work, 7, erase=True)
    assert await row(work) is None
    assert not await stopping.keep_or_erase(work, 7, erase=True)


async def test_a_block_stops_planning_but_a_stop_stays_a_stop(work: Work) -> None:
    await set_up(work, next_delivery_at=PLANNED)
    await set_up(work, chat_id=8, status=PersonStatus.STOPPED)
    await stopping.note_block(work, 7)
    await stopping.note_block(work, 8)
    await stopping.note_block(work, 9)  # never started: nothing to note
    blocked = await row(work, 7)
    stopped = await row(work, 8)
    assert blocked is not None and blocked.status == PersonStatus.BLOCKED
    assert blocked.next_delivery_at is None
    assert stopped is not None and stopped.status == PersonStatus.STOPPED
