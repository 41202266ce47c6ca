"""The real program: `python main.py` against the fake Bot API on loopback, polling and webhook."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from bot.app import build_application
from bot.lifecycle import running
from bot.wording.catalogue import load_wording
from config.settings import Settings
from fake_bot_api import FakeBotApiServer, FakeTelegram
from fake_bot_api.people import FakePerson
from storage.migrate import revision_ids
from tests.conftest import TOKEN

MAIN = Path(__file__).resolve().parents[2] / "main.py"
WEBHOOK_SECRET = "a-long-enough-webhook-secret-0123"


def program_environment(**settings: str) -> dict[str, str]:
    """Return the environment with only the given Within settings."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("TELEGRAM_", "DATABASE_", "WEBHOOK_", "DEFAULT_", "DATA_DIR"))
        and name not in ("KEY_DIR", "JOURNAL_KEYS", "CREDENTIALS_DIRECTORY")
    }
    environment["KEY_DIR"] = tempfile.mkdtemp(prefix="within-keys-")  # never the user's own
    return {**environment, **settings}


async def run_program(cwd: Path, *args: str, **settings: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        str(MAIN),
        *args,
        cwd=cwd,
        env=program_environment(**settings),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


@pytest.fixture
async def stopper() -> AsyncIterator[list[asyncio.subprocess.Process]]:
    """Make sure no program outlives its test."""
    processes: list[asyncio.subprocess.Process] = []
    yield processes
    for process in processes:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def test_polling_through_the_updater(settings: Settings, fake: FakeTelegram) -> None:
    application = build_application(settings)
    updater = application.updater
    assert updater is not None
    async with running(application):
        await updater.start_polling(poll_interval=0, timeout=5)
        person = FakePerson(fake, fake.queue_update, 31)
        await person.send("/start")
        await fake.wait_for(lambda: len(fake.sent[31]) >= 2, timeout=10)
        await updater.stop()
    assert person.texts[0].startswith("Hello, and welcome to Within.")
    assert person.last_text.startswith("What time of day would suit you?")


async def test_the_program_answers_start_and_sets_its_menu(
    tmp_path: Path, fake_server: FakeBotApiServer, fake: FakeTelegram, stopper: list
) -> None:
    process = await run_program(
        tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=fake_server.root_url
    )
    stopper.append(process)
    await fake.wait_for(lambda: bool(fake.commands), timeout=30)
    person = FakePerson(fake, fake.queue_update, 4242)
    await person.send("/start")
    await fake.wait_for(lambda: len(fake.sent[4242]) >= 2, timeout=15)

    process.send_signal(signal.SIGTERM)
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode == 0, stderr.decode()
    assert person.texts[0].startswith("Hello, and welcome to Within.")
    assert person.last_text.startswith("What time of day would suit you?")
    assert [c["command"] for c in fake.commands] == list(load_wording().commands)
    assert (tmp_path / "data" / "within.db").is_file()
    assert TOKEN not in stderr.decode()


async def test_webhook_mode_checks_the_secret_on_every_request(
    tmp_path: Path, fake_server: FakeBotApiServer, fake: FakeTelegram, stopper: list
) -> None:
    port = free_port()
    process = await run_program(
        tmp_path,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=fake_server.root_url,
        WEBHOOK_URL="https://within.example.org/telegram",
        WEBHOOK_SECRET=WEBHOOK_SECRET,
        WEBHOOK_PORT=str(port),
    )
    stopper.append(process)
    await fake.wait_for(lambda: bool(fake.webhook), timeout=30)
    assert fake.webhook == {
        "url": "https://within.example.org/telegram",
        "secret_token": WEBHOOK_SECRET,
    }
    person = FakePerson(fake, fake.queue_update, 99)
    update = fake.make_update(
        message={
            "message_id": 1,
            "date": 0,
            "chat": person.chat,
            "from": person.user,
            "text": "/help",
            "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
        }
    )
    url = f"http://127.0.0.1:{port}/telegram"
    async with httpx.AsyncClient() as client:
        for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
            refused = await client.post(url, json=update, headers=headers)
            assert refused.status_code == 403
        await asyncio.sleep(0.5)
        assert fake.sent[99] == []
        accepted = await client.post(
            url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
        )
        assert accepted.status_code == 200
        health = await client.get(f"http://127.0.0.1:{port}/healthz")
        assert (health.status_code, health.json()) == (200, {"ok": True, "database": "reachable"})
    await fake.wait_for(lambda: bool(fake.sent[99]), timeout=15)
    assert person.last_text.startswith("Within sends one short reflection a day")
    process.send_signal(signal.SIGTERM)
    await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode == 0


@pytest.mark.parametrize(
    ("settings", "sentence"),
    [
        (
            {},
            "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and put its token in "
            ".env (see .env.example)",
        ),
        (
            {"TELEGRAM_BOT_TOKEN": TOKEN, "DATABASE_URL": "postgresql+asyncpg://"},
            "DATABASE_URL has no host name",
        ),
        (
            {"TELEGRAM_BOT_TOKEN": TOKEN, "DATABASE_URL": "nonsense"},
            "DATABASE_URL is not a database address",
        ),
        (
            {"TELEGRAM_BOT_TOKEN": TOKEN, "DEFAULT_TIMEZONE": "Europe/Londn"},
            "DEFAULT_TIMEZONE 'Europe/Londn' is not a time zone name",
        ),
        (
            {"TELEGRAM_BOT_TOKEN": TOKEN, "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/x"},
            "Could not open the PostgreSQL database 'x' at 127.0.0.1:1",
        ),
    ],
)
async def test_bad_configuration_exits_2_with_one_sentence(
    tmp_path: Path, fake_server: FakeBotApiServer, settings: dict[str, str], sentence: str
) -> None:
    process = await run_program(tmp_path, TELEGRAM_API_BASE_URL=fake_server.root_url, **settings)
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    message = stderr.decode()
    assert process.returncode == 2
    assert message.splitlines()[-1].startswith(sentence)  # log lines may come before it
    assert "Traceback" not in message


async def test_unreachable_bot_api_or_wrong_token_is_explained(
    tmp_path: Path, fake_server: FakeBotApiServer
) -> None:
    for api_root, token, sentence in [
        (f"http://127.0.0.1:{free_port()}", TOKEN, "Could not reach the Telegram Bot API"),
        (fake_server.root_url, "4242:" + "x" * 35, "Telegram did not accept TELEGRAM_BOT_TOKEN"),
    ]:
        process = await run_program(
            tmp_path, TELEGRAM_BOT_TOKEN=token, TELEGRAM_API_BASE_URL=api_root
        )
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
        assert process.returncode == 2
        assert stderr.decode().splitlines()[-1].startswith(sentence)
        assert "Traceback" not in stderr.decode()


async def test_check_and_db_commands(tmp_path: Path) -> None:
    upgrade = await run_program(tmp_path, "db", "upgrade")
    out, err = await asyncio.wait_for(upgrade.communicate(), timeout=60)
    assert upgrade.returncode == 0, err.decode()
    current = await run_program(tmp_path, "db", "current")
    out, _ = await asyncio.wait_for(current.communicate(), timeout=60)
    assert out.decode().strip() == f"Database is at revision {revision_ids()[-1]}."
    check = await run_program(tmp_path, "check", TELEGRAM_BOT_TOKEN=TOKEN)
    out, err = await asyncio.wait_for(check.communicate(), timeout=60)
    assert check.returncode == 0, err.decode()
    assert "Database: SQLite file data/within.db, up to date." in out.decode()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_health_reports_an_unreachable_database(fake_server: FakeBotApiServer) -> None:
    import tornado.httpserver
    import tornado.netutil

    from bot.webhook import web_app
    from tests.conftest import make_settings

    settings = make_settings(fake_server.root_url, "postgresql+asyncpg://nobody@127.0.0.1:1/x")
    application = build_application(settings, deliver=False)
    server = tornado.httpserver.HTTPServer(web_app(application, "hook", WEBHOOK_SECRET))
    sockets = tornado.netutil.bind_sockets(0, "127.0.0.1")
    server.add_sockets(sockets)
    try:
        async with httpx.AsyncClient() as client:
            port = sockets[0].getsockname()[1]
            health = await client.get(f"http://127.0.0.1:{port}/healthz")
            refused = await client.post(f"http://127.0.0.1:{port}/hook", json={"update_id": 1})
    finally:
        server.stop()
    assert (health.status_code, health.json()) == (503, {"ok": False, "database": "unreachable"})
    assert refused.status_code == 403
