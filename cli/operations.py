"""Operator commands run from the command line: run, check, db, keys."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable
from datetime import date
from typing import TypeVar
from urllib.parse import urlsplit

from cryptography.fernet import Fernet
from telegram import Bot
from telegram.error import TelegramError

from bot.app import WithinApplication, build_application
from bot.startup import describe_database, explain_telegram_error, prepare_database
from bot.webhook import serve_webhook
from bot.wording.catalogue import load_wording
from config.settings import Settings
from reflections.loader import load_library
from safety.detector import load_detector
from safety.directory import load_directory
from scheduler.places import load_places
from storage import migrate
from storage.database import Database
from storage.keys import prepare_journal, rotate_keys

log = logging.getLogger(__name__)
T = TypeVar("T")
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member", "channel_post"]


def run_bot(settings: Settings) -> None:
    """Run until stopped: long polling, or a webhook server when WEBHOOK_URL is set."""
    wording, library = load_wording(), load_library()  # content first: local and quick
    asyncio.run(preflight(settings))
    try:
        _run(build_application(settings, wording, library), settings)
    except TelegramError as error:  # raised at start only; once running, PTB retries
        raise explain_telegram_error(error, settings) from None


async def preflight(settings: Settings) -> None:
    """Reach the database, the journal's keys and Telegram before starting; fail in one sentence."""
    await _with_database(settings.database_url, prepare_database)
    await _with_database(settings.database_url, lambda db: prepare_journal(settings, db))
    bot = Bot(settings.bot_token, base_url=settings.api_base_url)
    try:
        async with bot:
            pass  # initialising a Bot calls getMe, which checks the token
    except TelegramError as error:
        raise explain_telegram_error(error, settings) from None


def _run(application: WithinApplication, settings: Settings) -> None:
    webhook = settings.webhook
    if webhook is None:
        log.info("starting with long polling; data in %s", describe_database(settings.database_url))
        application.run_polling(allowed_updates=ALLOWED_UPDATES)
        return
    log.info("starting webhook mode on %s:%d", webhook.listen, webhook.port)
    asyncio.run(
        serve_webhook(
            application,
            listen=webhook.listen,
            port=webhook.port,
            path=urlsplit(webhook.url).path,
            url=webhook.url,
            secret=webhook.secret,
            allowed_updates=ALLOWED_UPDATES,
        )
    )


def run_worker(settings: Settings) -> None:
    """Run only the delivery engine: for a separate worker beside webhook replicas."""
    wording, library = load_wording(), load_library()
    asyncio.run(preflight(settings))
    asyncio.run(_work(build_application(settings, wording, library)))


async def _work(application: WithinApplication) -> None:
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signal_number, stopping.set)
    async with application:
        await application.post_init(application)
        await application.start()
        log.info("worker started: delivering reflections, not answering messages")
        await stopping.wait()
        await application.stop()
    await application.post_shutdown(application)


def check(settings: Settings) -> list[str]:
    """Validate settings, wording and database; return summary lines."""
    wording = load_wording()
    library = load_library()
    load_places(), load_detector()
    directory = load_directory()
    attention = directory.needing_attention(date.today())
    asyncio.run(_with_database(settings.database_url, prepare_database))
    return [
        "Settings: fine.",
        f"Database: {describe_database(settings.database_url)}, up to date.",
        f"Wording: {len(wording.message_keys())} messages, {len(wording.commands)} commands.",
        f"Reflections: {len(library.reflections)}, covering the whole source document.",
        f"Helplines: {len(directory.countries)} countries and a fallback for anywhere else.",
        *(
            [f"Helplines to check against their sources ({len(attention)}):"]
            + [f"  {note}" for note in attention]
            if attention
            else []
        ),
        "Mode: " + ("webhook at " + settings.webhook.url if settings.webhook else "long polling"),
    ]


def db_upgrade(settings: Settings) -> str:
    """Apply every migration; return the revision reached."""
    asyncio.run(_with_database(settings.database_url, prepare_database))
    return migrate.revision_ids()[-1]


def db_current(settings: Settings) -> str:
    """Return the database's revision, or a note that it has none."""
    revision = asyncio.run(_with_database(settings.database_url, migrate.current_revision))
    return revision or "none (empty database)"


def rotate_journal_keys(settings: Settings) -> int:
    """Re-encrypt every journal entry with the first key; return how many."""
    asyncio.run(_with_database(settings.database_url, prepare_database))
    return asyncio.run(_with_database(settings.database_url, lambda db: rotate_keys(settings, db)))


def new_journal_key() -> str:
    """Return a fresh key for JOURNAL_KEYS."""
    return Fernet.generate_key().decode("ascii")


async def _with_database(url: str, action: Callable[[Database], Awaitable[T]]) -> T:
    database = Database(url)
    try:
        return await action(database)
    finally:
        await database.dispose()
