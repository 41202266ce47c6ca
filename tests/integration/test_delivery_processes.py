"""Real processes: kill -9 in the middle of a broadcast, and two workers sharing PostgreSQL."""

from __future__ import annotations

import asyncio
import signal
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from fake_bot_api import FakeBotApiServer, FakeTelegram
from fake_bot_api.measure import busiest_second
from storage import migrate
from storage.database import Database
from tests.conftest import TOKEN
from tests.integration.delivery_helpers import per_chat, seed_people
from tests.integration.test_running import run_program


async def prepare(url: str, fake: FakeTelegram, count: int) -> None:
    """Migrate a database and fill it with `count` people due a minute ago (UTC zone)."""
    database = Database(url)
    await migrate.upgrade(database)
    due = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=1)
    await seed_people(
        database, fake, range(1, count + 1), due, timezone="UTC", send_time=due.time()
    )
    await database.dispose()


def delivered(fake: FakeTelegram) -> int:
    return sum(per_chat(fake).values())


async def test_kill_9_mid_broadcast_then_restart(
    tmp_path: Path, fake_server: FakeBotApiServer, fake: FakeTelegram, sqlite_url: str
) -> None:
    people = 300
    rate = 100
    await prepare(sqlite_url, fake, people)
    fake.latency = 0.02
    environment = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": fake_server.root_url,
        "DATABASE_URL": sqlite_url,
        "DELIVERY_TICK_SECONDS": "1",
        "MAX_MESSAGES_PER_SECOND": str(rate),
        "PAID_BROADCAST": "true",
    }
    first = await run_program(tmp_path, "run", **environment)
    await fake.wait_for(lambda: delivered(fake) >= 100, timeout=60)
    first.send_signal(signal.SIGKILL)
    await first.wait()
    at_kill = delivered(fake)
    # In flight, or sent but not yet recorded: twice the concurrency, min(64, max(4, rate // 10)).
    bound = 2 * 10

    second = await run_program(tmp_path, "run", **environment)
    try:
        await fake.wait_for(lambda: len(per_chat(fake)) == people, timeout=90)
        await asyncio.sleep(1.5)  # a further tick must not send anything again
    finally:
        second.send_signal(signal.SIGTERM)
        await asyncio.wait_for(second.communicate(), timeout=30)
    counts = per_chat(fake)
    duplicates = sum(counts.values()) - people
    assert at_kill < people, "the kill came after the broadcast had finished"
    assert set(counts) == set(range(1, people + 1))  # nobody missed
    assert duplicates <= bound
    print(f"kill -9 after {at_kill} of {people}: missed 0, duplicates {duplicates}")


async def test_two_workers_on_postgresql_deliver_exactly_once_and_take_over(
    tmp_path: Path, fake_server: FakeBotApiServer, fake: FakeTelegram, postgres_url: str
) -> None:
    people = 2000
    rate = 400
    await prepare(postgres_url, fake, people)
    fake.latency = 0.005
    environment = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": fake_server.root_url,
        "DATABASE_URL": postgres_url,
        "DELIVERY_TICK_SECONDS": "1",
        "MAX_MESSAGES_PER_SECOND": str(rate),
        "PAID_BROADCAST": "true",
        "JOURNAL_KEYS": Fernet.generate_key().decode(),  # one key shared, as PostgreSQL needs
    }
    first = await run_program(tmp_path, "worker", **environment)
    second = None
    try:
        await fake.wait_for(lambda: delivered(fake) >= 200, timeout=60)
        second = await run_program(tmp_path, "worker", **environment)
        await asyncio.sleep(2)  # the second is up, ticking, and finds the lock taken
        first.send_signal(signal.SIGKILL)
        await first.wait()
        at_kill = delivered(fake)
        await fake.wait_for(lambda: len(per_chat(fake)) == people, timeout=120)
        await asyncio.sleep(1.5)
    finally:
        for process in (first, second):
            if process is not None and process.returncode is None:
                process.send_signal(signal.SIGTERM)
                await asyncio.wait_for(process.communicate(), timeout=30)
    counts = per_chat(fake)
    duplicates = sum(counts.values()) - people
    assert at_kill < people, "the kill came after the broadcast had finished"
    assert set(counts) == set(range(1, people + 1))
    assert duplicates <= 2 * 40  # in flight or unrecorded when the sender died: 2 x concurrency
    stamps = [call.at for call in fake.calls_to("sendMessage")]
    assert busiest_second(stamps) <= rate
    print(f"two workers: sender killed after {at_kill} of {people}; duplicates {duplicates}")


@pytest.fixture(autouse=True)
def _no_proxy_surprises(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
