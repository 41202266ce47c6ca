"""Fixtures shared by every test: a fake Bot API, real databases, a running bot."""

from __future__ import annotations

import logging
import os
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import pytest
from cryptography.fernet import Fernet
from sqlalchemy.engine import make_url

from bot import app as bot_app
from bot.app import build_application
from bot.processor import NO_CHAT_LIMITS
from config.settings import Settings, load_settings
from fake_bot_api import FakeBotApiServer, FakeTelegram
from fake_bot_api.harness import BotHarness
from fake_bot_api.people import FakePerson
from scheduler.clock import ManualClock

TOKEN = "123456789:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0"
POSTGRES_ADMIN_URL = os.environ.get(
    "WITHIN_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
POSTGRES_SKIP = (
    "PostgreSQL is not reachable at {url} ({error}); start it, or point "
    "WITHIN_TEST_POSTGRES_URL at a server where this user may create databases"
)


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    """Undo logging set-up done by a test that runs main() in-process."""
    root = logging.getLogger()
    handlers = list(root.handlers)
    level = root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.fixture(autouse=True)
def no_chat_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each chat's pace, and replies' own pace beside paid broadcasts, are tested on their own
    (test_fairness); elsewhere they would only slow the tests down."""
    monkeypatch.setattr(bot_app, "CHAT_LIMITS", NO_CHAT_LIMITS)
    monkeypatch.setattr(bot_app, "REPLIES_PER_SECOND", 1000)  # the fake has no free ceiling


@pytest.fixture
def fake() -> FakeTelegram:
    return FakeTelegram(token=TOKEN)


@pytest.fixture
async def fake_server(fake: FakeTelegram) -> AsyncIterator[FakeBotApiServer]:
    async with FakeBotApiServer(fake) as server:
        yield server


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'data' / 'within.db'}"


@pytest.fixture
async def postgres_url() -> AsyncIterator[str]:
    """Create a fresh PostgreSQL database for one test, and drop it afterwards."""
    admin = make_url(POSTGRES_ADMIN_URL)
    dsn = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        connection = await asyncpg.connect(dsn, timeout=3)
    except (OSError, asyncpg.PostgresError, TimeoutError) as error:
        pytest.skip(POSTGRES_SKIP.format(url=POSTGRES_ADMIN_URL, error=type(error).__name__))
    name = f"within_test_{uuid.uuid4().hex[:12]}"
    await connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.set(drivername="postgresql+asyncpg", database=name).render_as_string(
            hide_password=False
        )
    finally:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> str:
    """Run a test once on SQLite and once on PostgreSQL."""
    fixture = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return request.getfixturevalue(fixture)


def make_settings(api_root: str, database_url: str, **overrides: str) -> Settings:
    """Return settings as an operator's .env would give them, pointed at the fake."""
    environ = {
        "DATA_DIR": tempfile.mkdtemp(prefix="within-data-"),
        "KEY_DIR": tempfile.mkdtemp(prefix="within-keys-"),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": api_root,
        "DATABASE_URL": database_url,
        # Tests send far less than Telegram allows; pacing tests set their own rate.
        "MAX_MESSAGES_PER_SECOND": "1000",
        "PAID_BROADCAST": "true",
        **overrides,
    }
    if database_url.startswith("postgresql") and "JOURNAL_KEYS" not in overrides:
        environ["JOURNAL_KEYS"] = Fernet.generate_key().decode()  # PostgreSQL needs one given
    return load_settings(environ, env_file=None)


@pytest.fixture
def settings(fake_server: FakeBotApiServer, sqlite_url: str) -> Settings:
    return make_settings(fake_server.root_url, sqlite_url)


@pytest.fixture
def clock() -> ManualClock:
    """The bot's clock, standing still at Saturday 5 December 2026, 10:00 UTC, until moved."""
    return ManualClock(datetime(2026, 12, 5, 10, 0, tzinfo=UTC))


@pytest.fixture
async def bot(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> AsyncIterator[BotHarness]:
    """A real Application, initialised and started against the fake Bot API."""
    application = build_application(settings, clock=clock, deliver=False)
    async with BotHarness(application, fake) as harness:
        yield harness


@pytest.fixture
def person(bot: BotHarness) -> FakePerson:
    return bot.person(4242, first_name="Sam")


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Remove every setting from the environment, so a test sees only what it sets."""
    for name in list(os.environ):
        if name.startswith(("TELEGRAM_", "DATABASE_", "WEBHOOK_", "JOURNAL_", "DEFAULT_")):
            monkeypatch.delenv(name)
    yield
