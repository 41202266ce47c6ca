"""Time, zone and days are stored and planned; set-up goes step by step to its end."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfoNotFoundError

import pytest

from states.awaiting import zone_question
from states.kinds import PersonStatus
from tests.unit.usecases.conftest import NOW
from tests.unit.usecases.someone import row, set_up
from timing.local import EVERY_DAY
from usecases import schedule
from usecases.work import Work


async def test_a_question_is_remembered_even_after_a_stop(work: Work) -> None:
    await set_up(work, status=PersonStatus.STOPPED)
    await schedule.ask(work, 7, zone_question(setup=False))
    stored = await row(work)
    assert stored is not None and stored.pending() == zone_question(setup=False)


async def test_a_time_is_stored_and_planned(work: Work) -> None:
    await set_up(work, awaiting=zone_question(setup=True))
    done = await schedule.set_time(work, 7, time(21, 15), NOW, setup=True)
    assert not done.setting_up  # set-up was complete already
    assert done.someone.send_time == time(21, 15) and done.someone.pending is None
    assert done.someone.next_delivery_at == datetime(2026, 12, 4, 21, 15, tzinfo=UTC)


async def test_set_up_goes_on_until_complete(work: Work) -> None:
    await set_up(work, setup_complete=False)
    assert (await schedule.set_time(work, 7, time(7, 0), NOW, setup=True)).setting_up
    zoned = await schedule.set_zone(work, 7, "Europe/Dublin", "IE", NOW, setup=True)
    assert zoned.setting_up and zoned.someone.next_delivery_at is None
    days = await schedule.set_days(work, 7, EVERY_DAY, NOW, setup=True)
    assert days.finishing and not days.asking_country and days.someone.setup_complete
    assert days.someone.next_delivery_at == datetime(2026, 12, 5, 7, 0, tzinfo=UTC)


async def test_a_zone_keeps_a_country_already_known(work: Work) -> None:
    await set_up(work, country="GB")
    done = await schedule.set_zone(work, 7, "Europe/Dublin", "IE", NOW, setup=False)
    assert done.someone.country == "GB" and done.someone.timezone == "Europe/Dublin"
    with pytest.raises(ZoneInfoNotFoundError):
        await schedule.set_zone(work, 7, "Nowhere/Atlantis", None, NOW, setup=False)
    stored = await row(work)
    assert stored is not None and stored.timezone == "Europe/Dublin"


async def test_days_in_set_up_ask_the_country_when_unknown(work: Work) -> None:
    await set_up(work, setup_complete=False)
    done = await schedule.set_days(work, 7, EVERY_DAY, NOW, setup=True)
    assert done.finishing and done.asking_country and not done.someone.setup_complete


async def test_the_last_day_cannot_be_turned_off(work: Work) -> None:
    await set_up(work, days=0b0000001)
    assert await schedule.toggle_day(work, 7, 0, NOW) is None
    assert await schedule.toggle_day(work, 7, 2, NOW) == 0b0000101
    stored = await row(work)
    assert stored is not None and stored.days == 0b0000101
    assert stored.next_delivery_at == datetime(2026, 12, 7, 8, 0, tzinfo=UTC)  # Monday


async def test_finishing_set_up_hands_back_the_welcome_once(work: Work) -> None:
    await set_up(work, setup_complete=False, welcome_message_id=41)
    finished = await schedule.finish_setup(work, 7, NOW)
    assert finished.welcome_message_id == 41 and finished.someone.setup_complete
    assert finished.someone.next_delivery_at == datetime(2026, 12, 5, 8, 0, tzinfo=UTC)
    assert (await schedule.finish_setup(work, 7, NOW)).welcome_message_id is None
