"""Within's side of the benchmarks, each run in a fresh process and printing one JSON line."""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
import resource
import statistics
import tempfile
import time
from dataclasses import replace

from sqlalchemy import delete, update

from bench.common import TOKEN
from bot.app import build_application
from bot.context import resources_of
from config.settings import Settings, load_settings
from fake_bot_api import FakeTelegram
from fake_bot_api.harness import BotHarness
from scheduler.engine import Outgoing
from storage.models import Delivery, Person, utc_now

UNTHROTTLED = 1_000_000  # "rate 0": no pacing at all, to see what one process can do


def settings_for(url: str, api: str, rate: int, tick: int = 30) -> Settings:
    """Settings for a run; rate 0 lifts the pacer (above the 1,000 a setting may ask for)."""
    if rate == 0:
        return replace(settings_for(url, api, 1000, tick), max_messages_per_second=UNTHROTTLED)
    return load_settings(
        {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": api,
            "DATABASE_URL": url,
            "MAX_MESSAGES_PER_SECOND": str(rate),
            "DATA_DIR": tempfile.mkdtemp(),
            "PAID_BROADCAST": "true" if rate > 30 else "false",
            "DELIVERY_TICK_SECONDS": str(tick),
            "LOG_LEVEL": "WARNING",
        },
        env_file=None,
    )


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def broadcast(
    url: str, api: str, rate: int, due: int, commands: bool, tick: int, profile: bool = False
) -> dict:
    """Deliver everyone due as the running bot does: the job queue's repeating tick.

    Optionally a person sends /settings every half second; the answers are timed.
    """
    application = build_application(settings_for(url, api, rate, tick))  # ticks on its own
    async with BotHarness(application, FakeTelegram(token=TOKEN)) as bot:
        engine = resources_of(application).engine
        assert engine is not None
        latencies: list[float] = []
        finished = asyncio.Event()
        sent = 0
        send = engine.send
        began = [0.0, 0.0]

        async def counted(item: Outgoing) -> int:
            nonlocal sent
            if not began[0]:  # timed from the first send: the first tick comes a second in
                began[:] = time.perf_counter(), time.process_time()
            message_id = await send(item)
            sent += 1
            if sent >= due:
                finished.set()
            return message_id

        engine.send = counted

        async def ask_settings() -> None:
            asking = 0
            while not finished.is_set():
                await asyncio.sleep(0.5)
                started = time.perf_counter()
                # Someone else each time (one chat's replies keep to about one a second), and
                # not one of those due, so their replies are not taken for reflections.
                await bot.person(due + 1 + asking % 100).send("/settings")
                asking += 1
                latencies.append(time.perf_counter() - started)

        asker = asyncio.create_task(ask_settings()) if commands else None
        profiler = cProfile.Profile() if profile else None
        if profiler:
            profiler.enable()
        await asyncio.wait_for(finished.wait(), timeout=3600)
        if profiler:
            profiler.disable()
        wall = time.perf_counter() - began[0]
        cpu = time.process_time() - began[1]
        if asker:
            await asker
    latencies.sort()
    return {
        "sent": sent,
        "seconds": wall,
        "cpu_ms_per_message": cpu * 1000 / max(sent, 1),
        "messages_per_second": sent / wall,
        "command_p50": statistics.median(latencies) if latencies else None,
        "command_p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
        if latencies
        else None,
        "commands": len(latencies),
        **({"cpu_shares": cpu_shares(profiler)} if profiler else {}),
    }


GROUPS = (  # where a frame's own time is counted, by the file it is in; first match wins
    ("idle, waiting in epoll", "<method 'poll' of 'select.epoll'"),
    ("python-telegram-bot", "/telegram/"),
    ("aiohttp (HTTP)", ("/aiohttp/", "/yarl/", "/multidict/")),
    ("SQLAlchemy and drivers", ("/sqlalchemy/", "/aiosqlite/", "/asyncpg/")),
    ("Within's own code", ("/bot/", "/scheduler/", "/storage/", "/reflections/", "/metrics/")),
    ("asyncio", ("/asyncio/", "selectors.py")),
    ("sockets", ("_socket.socket",)),
    ("form encoding (urllib)", "/urllib/"),
    ("JSON", "/json/"),
)


def cpu_shares(profiler: cProfile.Profile) -> dict[str, float]:
    """Share of the main thread's time by library, from the profile's own-time figures."""
    shares: dict[str, float] = {}
    for (file, _, function), row in pstats.Stats(profiler).stats.items():  # type: ignore[attr-defined]
        where = f"{file} {function}"
        group = next(
            (
                name
                for name, marks in GROUPS
                if any(mark in where for mark in ((marks,) if isinstance(marks, str) else marks))
            ),
            "other",
        )
        shares[group] = shares.get(group, 0.0) + row[2]
    total = sum(shares.values()) or 1.0
    return {name: round(seconds / total, 3) for name, seconds in sorted(shares.items())}


async def startup_and_tick(url: str, api: str, due: int, ticks: int) -> dict:
    """Time the start, then ticks that each find `due` people due among everyone stored."""
    started = time.perf_counter()
    application = build_application(settings_for(url, api, 1000), deliver=False)
    async with BotHarness(application, FakeTelegram(token=TOKEN)) as bot:
        startup = time.perf_counter() - started
        resources = resources_of(bot.application)
        durations = []
        for _ in range(ticks):
            async with resources.database.sessions.begin() as session:
                await session.execute(delete(Delivery).where(Delivery.chat_id <= due))
                await session.execute(
                    update(Person).where(Person.chat_id <= due).values(next_delivery_at=utc_now())
                )
            began = time.perf_counter()
            assert resources.engine is not None  # built at start
            report = await resources.engine.tick()
            durations.append(time.perf_counter() - began)
            assert report.sent == due, report
    return {
        "startup_seconds": startup,
        "tick_ms_median": statistics.median(durations) * 1000,
        "peak_mb": peak_mb(),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=["broadcast", "startup"])
    parser.add_argument("--url", required=True)
    parser.add_argument("--api", required=True)
    parser.add_argument("--rate", type=int, default=25)
    parser.add_argument("--due", type=int, default=10)
    parser.add_argument("--ticks", type=int, default=5)
    parser.add_argument("--commands", action="store_true")
    parser.add_argument("--tick", type=int, default=30, help="DELIVERY_TICK_SECONDS")
    parser.add_argument("--profile", action="store_true", help="add where the CPU time goes")
    a = parser.parse_args()
    if a.step == "broadcast":
        result = asyncio.run(broadcast(a.url, a.api, a.rate, a.due, a.commands, a.tick, a.profile))
    else:
        result = asyncio.run(startup_and_tick(a.url, a.api, a.due, a.ticks))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
