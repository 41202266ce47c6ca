"""An export holds everything kept, opened, oldest first; nobody started has none."""

from __future__ import annotations

from datetime import timedelta

from states.kinds import Mood, PlanPart
from storage.checkins import save_checkin
from storage.crypto import checkin_owner, plan_owner
from storage.plans import save_part
from tests.unit.usecases.conftest import NOW
from tests.unit.usecases.helpers import kept, started
from usecases import dates
from usecases.export import gather_export
from usecases.work import Work


async def test_everything_kept_is_opened_for_the_export(work: Work) -> None:
    await started(work)
    await kept(work, 7, 5, "first", NOW - timedelta(days=2))
    await kept(work, 7, 6, "second", NOW - timedelta(days=1))
    await started(work, chat_id=8)
    await kept(work, 8, 9, "someone else's")
    day = NOW.date()
    async with work.transaction() as session:
        plan = work.cipher.encrypt("a walk", plan_owner(7, PlanPart.SIGNS))
        await save_part(session, 7, PlanPart.SIGNS, plan, NOW)
        mood = work.cipher.encrypt(Mood.LOW.value, checkin_owner(7, day))
        await save_checkin(session, 7, day, mood, NOW)
    await dates.note_day(work, 7, 3, 14, None)
    await dates.name_date(work, 7, "hard")
    found = await gather_export(work, 7, NOW)
    assert found is not None and not found.empty and found.unopened == 0
    assert [note.text for note in found.entries] == ["first", "second"]
    assert found.plan == {PlanPart.SIGNS: "a walk"} and found.moods == ((day, Mood.LOW),)
    assert [noted.label for noted in found.dates] == ["hard"] and found.day == day


async def test_nobody_has_nothing_to_export(work: Work) -> None:
    assert await gather_export(work, 7, NOW) is None
    await started(work)
    found = await gather_export(work, 7, NOW)
    assert found is not None and found.empty
