"""The plan: parts kept encrypted, asked in order, the local lines filled in once."""

from __future__ import annotations

from datetime import time

import pytest

from states.awaiting import plan_question, time_question
from states.kinds import PersonStatus, PlanPart
from storage import plans
from storage.people import ensure_person, get_person
from tests.unit.usecases.conftest import NOW
from usecases import plan
from usecases.people import NotStarted
from usecases.work import Work

PARTS = list(PlanPart)


async def started(work: Work, chat_id: int = 7) -> None:
    async with work.transaction() as session:
        person, _ = await ensure_person(session, chat_id, "Europe/London", time(8, 0), NOW)
        person.country = "GB"


def lines(code: str | None) -> str:
    return f"lines for {code}"


async def test_a_part_is_kept_encrypted_and_read_back(work: Work) -> None:
    await started(work)
    assert not await plan.has_plan(work, 7)
    asked = plan_question(PARTS[0], step=False)
    assert await plan.write_part(work, 7, asked, "I stop eating", NOW) == "I stop eating"
    async with work.reading() as session:
        stored = await plans.plan_parts(session, 7)
        person = await get_person(session, 7)
    assert b"I stop eating" not in stored[PARTS[0]]
    assert person is not None and person.awaiting is None
    assert await plan.has_plan(work, 7)
    assert await plan.read_plan(work, 7) == plan.Plan({PARTS[0]: "I stop eating"}, "GB")


async def test_parts_are_asked_in_order_skipping_those_written_then_it_is_done(work: Work) -> None:
    await started(work)
    assert await plan.next_part(work, 7, None) == PARTS[0]
    await plan.write_part(work, 7, plan_question(PARTS[1], step=True), "walk", NOW)
    assert await plan.next_part(work, 7, PARTS[0]) == PARTS[2]
    assert await plan.next_part(work, 7, PARTS[-1]) is None


async def test_the_services_part_starts_with_the_local_lines_once(work: Work) -> None:
    await started(work)
    services = PlanPart.SERVICES
    asked = await plan.ask_part(work, 7, services, NOW, step=True, refill=True, services=lines)
    assert asked == plan.Asked(None, True, "GB")
    assert (await plan.read_plan(work, 7)).parts == {services: "lines for GB"}
    await plan.write_part(work, 7, plan_question(services, step=True), "my GP", NOW)
    assert (await plan.read_plan(work, 7)).parts == {services: "lines for GB\nmy GP"}
    await plan.drop_part(work, 7, services)
    again = await plan.ask_part(work, 7, services, NOW, step=True, refill=False, services=lines)
    assert not again.prefilled and not await plan.has_plan(work, 7)


async def test_opening_or_pausing_the_plan_lets_go_of_the_question(work: Work) -> None:
    await started(work)
    async with work.transaction() as session:
        person = await get_person(session, 7)
        assert person is not None
        person.awaiting = time_question(setup=False)
    assert await plan.open_plan(work, 7) is False
    await plan.ask_part(work, 7, PARTS[0], NOW, step=True, refill=True, services=lines)
    await plan.pause_plan(work, 7)
    async with work.reading() as session:
        person = await get_person(session, 7)
    assert person is not None and person.awaiting is None


async def test_nobody_to_write_for(work: Work) -> None:
    with pytest.raises(NotStarted):
        await plan.open_plan(work, 7)
    await started(work)
    async with work.transaction() as session:
        person = await get_person(session, 7)
        assert person is not None
        person.status = PersonStatus.STOPPED
    with pytest.raises(NotStarted):
        await plan.read_plan(work, 7)
