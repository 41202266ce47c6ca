"""Shared pieces: a fake Bot API in its own process, databases, and seeding subscribers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from storage import migrate
from storage.database import Database

TOKEN = "123456789:AAHbenchmarkbenchmarkbenchmark0000"
ROOT = Path(__file__).resolve().parents[1]
POSTGRES_ADMIN = os.environ.get(
    "WITHIN_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


class FakeApi:
    """The fake Bot API in a separate process, so its CPU is not counted as the bot's."""

    def __init__(self, latency: float, flood_limit: int | None) -> None:
        arguments = [
            sys.executable,
            "-m",
            "fake_bot_api",
            "--token",
            TOKEN,
            "--latency",
            str(latency),
        ]
        if flood_limit:
            arguments += ["--flood-limit", str(flood_limit)]
        self.process = subprocess.Popen(arguments, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None  # asked for with stdout=PIPE
        self.port = int(self.process.stdout.readline())
        self.root_url = f"http://127.0.0.1:{self.port}"

    async def stats(self) -> dict:
        async with httpx.AsyncClient(timeout=30) as client:
            return json.loads((await client.get(f"{self.root_url}/_stats")).text)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@asynccontextmanager
async def fake_api(latency: float = 0.0, flood_limit: int | None = None) -> AsyncIterator[FakeApi]:
    api = FakeApi(latency, flood_limit)
    try:
        yield api
    finally:
        api.stop()


@asynccontextmanager
async def database(kind: str) -> AsyncIterator[str]:
    """Yield the URL of a fresh, migrated database (SQLite file or PostgreSQL), then drop it."""
    if kind == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="within-bench-"))
        url = f"sqlite+aiosqlite:///{folder / 'within.db'}"
        await _migrate(url)
        yield url
        return
    admin = await asyncpg.connect(POSTGRES_ADMIN.replace("+asyncpg", ""))
    name = f"within_bench_{uuid.uuid4().hex[:8]}"
    await admin.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
    url = f"{base}/{name}"
    try:
        await _migrate(url)
        yield url
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def _migrate(url: str) -> None:
    db = Database(url)
    await migrate.upgrade(db)
    await db.dispose()


async def seed(url: str, *, due: int, idle: int, start_id: int = 1) -> None:
    """Add `due` people due a few seconds ago and `idle` people due tomorrow or later."""
    now = datetime.now(UTC).replace(microsecond=0)
    due_at = now - timedelta(seconds=5)
    db = Database(url)
    async with db.engine.begin() as connection:
        for first, count, at in (
            (start_id, due, due_at),
            (start_id + due, idle, now + timedelta(days=1)),
        ):
            if count:
                await _insert_range(connection, db.dialect, first, count, at)
    if db.dialect == "postgresql":  # as autovacuum would within a minute of a bulk load:
        async with db.engine.connect() as connection:  # without statistics the planner scans
            await connection.execute(text("ANALYZE people"))
    await db.dispose()


async def _insert_range(
    connection: AsyncConnection, dialect: str, first: int, count: int, at: datetime
) -> None:
    naive = at.replace(tzinfo=None).isoformat(" ", timespec="microseconds")
    at_value = at if dialect == "postgresql" else naive
    clock_time = at.time().replace(microsecond=0)
    clock = clock_time if dialect == "postgresql" else clock_time.isoformat()
    if dialect == "postgresql":
        series = "generate_series(CAST(:first AS bigint), CAST(:last AS bigint)) AS n"
        clock_sql = "CAST(:clock AS time)"
        at_sql = "CAST(:at AS timestamptz)"
    else:
        series = (
            "(WITH RECURSIVE s(n) AS (SELECT :first UNION ALL SELECT n + 1 FROM s WHERE n < :last) "
            "SELECT n FROM s)"
        )
        clock_sql = ":clock"
        at_sql = ":at"
    await connection.execute(
        text(
            "INSERT INTO people (chat_id, status, timezone, send_time, days, next_delivery_at, "
            "silent, setup_complete, created_at, updated_at) "
            f"SELECT n, 'active', 'UTC', {clock_sql}, 127, {at_sql}, false, true, {at_sql}, "
            f"{at_sql} FROM {series}"
        ),
        {"first": first, "last": first + count - 1, "clock": clock, "at": at_value},
    )


def run_json(module: str, *arguments: str, timeout: float = 600) -> dict:
    """Run a benchmark step in a fresh process (for honest memory figures); return its JSON."""
    result = subprocess.run(
        [sys.executable, "-m", module, *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{module} failed: {result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])
