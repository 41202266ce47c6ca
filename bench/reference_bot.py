"""The usual approach, as python-telegram-bot's examples teach it: one run_daily job per person.

A minimal reference, not Within: it reads the same subscribers, schedules a daily job for each
at start, and sends with plain send_message when a job fires. Run in its own process.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import resource
import time

from sqlalchemy import select
from telegram.ext import Application, ContextTypes

from bench.common import TOKEN
from storage.database import Database
from storage.models import Person

TEXT = "Today's reflection\n\nA reflection for the reference bot."


async def send_reflection(context: ContextTypes.DEFAULT_TYPE) -> None:
    job = context.job
    assert job is not None and job.chat_id is not None  # every job here is one person's
    await context.bot.send_message(chat_id=job.chat_id, text=TEXT)


async def run(url: str, api: str, fire_in: float | None, wait: float) -> dict:
    started = time.perf_counter()
    database = Database(url)
    async with database.sessions() as session:
        people = (await session.execute(select(Person.chat_id, Person.send_time))).all()
    await database.dispose()
    application = Application.builder().token(TOKEN).base_url(f"{api}/bot").build()
    now = dt.datetime.now(dt.UTC)
    job_queue = application.job_queue
    assert job_queue is not None  # installed with the job-queue extra
    for chat_id, send_time in people:
        at = send_time.replace(tzinfo=dt.UTC)
        if fire_in is not None:  # everyone due at once, a few seconds from now
            at = (now + dt.timedelta(seconds=fire_in)).time().replace(tzinfo=dt.UTC)
        job_queue.run_daily(send_reflection, time=at, chat_id=chat_id, name=str(chat_id))
    async with application:
        await application.start()
        startup = time.perf_counter() - started
        if wait:
            await asyncio.sleep(wait)
        await application.stop()
    return {
        "startup_seconds": startup,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "jobs": len(people),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--api", required=True)
    parser.add_argument("--fire-in", type=float, default=None, help="seconds until everyone is due")
    parser.add_argument("--wait", type=float, default=0.0, help="seconds to keep running")
    a = parser.parse_args()
    print(json.dumps(asyncio.run(run(a.url, a.api, a.fire_in, a.wait))))


if __name__ == "__main__":
    main()
