"""The repeating jobs: the delivery engine's tick, and daily retention."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from telegram.ext import Application

from bot import steady_jobs
from bot.context import Resources, WithinContext
from bot.sender import TelegramSender
from config.settings import Settings
from scheduler.engine import DeliveryEngine, EngineSettings
from usecases.retention import forget_old_entries as forget
from usecases.work import current

log = logging.getLogger(__name__)


def build_engine(
    application: Application[Any, Any, Any, Any, Any, Any], resources: Resources
) -> DeliveryEngine:
    """Create the delivery engine, sending through this application's bot."""
    settings = resources.settings
    engine_settings = EngineSettings(
        catch_up=timedelta(hours=settings.catch_up_hours),
        # A batch takes at most one tick (and ten seconds) to send, so claims never sit long;
        # the tick claims the next as soon as one is sent, for as long as people are due.
        batch_size=max(
            50, settings.max_messages_per_second * min(settings.delivery_tick_seconds, 10)
        ),
        concurrency=min(64, max(4, settings.max_messages_per_second // 10)),
        # A claim older than this was left by a sender that died; younger may still be in flight.
        recovery_grace=timedelta(seconds=2 * settings.delivery_tick_seconds + 5),
    )
    return DeliveryEngine(
        resources.database,
        order=lambda: resources.library.order,
        send=TelegramSender(application.bot, resources),
        clock=resources.clock,
        settings=engine_settings,
        keep_going=lambda: application.running,
        gentler=lambda on: resources.steadying.for_day(on.toordinal()).id,
        doubting=resources.steadying.doubting_yourself,
    )


def schedule(application: Application[Any, Any, Any, Any, Any, Any], settings: Settings) -> None:
    """Start the delivery tick and the daily retention job on the application's job queue."""
    job_queue = application.job_queue
    if job_queue is None:
        raise RuntimeError("the job queue is missing: install python-telegram-bot[job-queue]")
    job_queue.run_repeating(
        tick,
        interval=settings.delivery_tick_seconds,
        first=1,
        name="delivery",
        job_kwargs={"max_instances": 1, "coalesce": True, "misfire_grace_time": None},
    )
    job_queue.run_repeating(
        forget_old_entries, interval=timedelta(days=1), first=60, name="retention"
    )
    # After a wait for an urge to pass, and on the eve of a noted day: each line goes once.
    job_queue.run_repeating(
        steady_jobs.run,
        interval=settings.delivery_tick_seconds,
        first=3,
        name="steady",
        job_kwargs={"max_instances": 1, "coalesce": True},
    )


async def tick(context: WithinContext) -> None:
    """Deliver whatever is due."""
    engine = context.resources.engine
    if engine is not None:
        await engine.tick()


async def forget_old_entries(context: WithinContext) -> None:
    """Once a day: apply journal retention, and drop what is only kept for a short while."""
    resources = context.resources
    work = current(resources.database, resources.cipher)
    days = resources.settings.journal_retention_days
    removed = await forget(work, resources.clock(), days)
    if removed:
        log.info("retention: erased %d journal entries", removed)
