"""LOG_FORMAT=json: one object a line, with counts, and never a word anyone wrote."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from bot.app import build_application
from bot.context import resources_of
from cli.logs import configure_logging
from config.settings import Settings
from fake_bot_api import FakeTelegram
from fake_bot_api.errors import ApiError
from fake_bot_api.harness import BotHarness
from scheduler.clock import ManualClock
from tests.integration.delivery_helpers import seed_people
from tests.integration.test_delivery import SATURDAY_8
from tests.integration.test_onboarding import onboard

SECRETS = ["my husband's affair partner is called Dana", "ЖЖЖ I searched his phone"]


async def test_json_lines_parse_carry_counts_and_no_text(
    settings: Settings, fake: FakeTelegram, clock: ManualClock, capsys: pytest.CaptureFixture
) -> None:
    configure_logging("DEBUG", "json")
    clock.set(SATURDAY_8 + timedelta(seconds=5))
    async with BotHarness(build_application(settings, clock=clock, deliver=False), fake) as bot:
        person = bot.person(31)
        await onboard(person)
        await person.send("/today")
        for secret in SECRETS:
            await person.send(secret)
        fake.fail(ApiError.cant_parse(), method="sendMessage", chat_id=31)
        await person.send(SECRETS[0] + " again")  # its answer fails: an error is logged
        await seed_people(resources_of(bot.application).database, fake, [32, 33], SATURDAY_8)
        engine = resources_of(bot.application).engine
        assert engine is not None
        await engine.tick()
    lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]  # every line is one JSON object
    assert all({"time", "level", "logger", "event"} <= record.keys() for record in records)
    ticks = [record for record in records if record["event"].startswith("tick:")]
    assert ticks and ticks[-1]["counts"]["sent"] == 2 and ticks[-1]["counts"]["due"] == 2
    errors = [record for record in records if record["level"] == "ERROR"]
    assert any(record["event"].startswith("BadRequest while handling") for record in errors)
    text = "\n".join(lines)
    for secret in SECRETS:
        assert secret not in text
        assert json.dumps(secret)[1:-1] not in text  # nor escaped
