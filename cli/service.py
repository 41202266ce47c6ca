"""`run` and `worker`: check everything reachable first, then run until stopped."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from urllib.parse import urlsplit

from prometheus_client import start_http_server
from telegram import Bot
from telegram.error import TelegramError

from bot.app import WithinApplication, build_application
from bot.lifecycle import running, until_signalled
from bot.startup import explain_telegram_error
from bot.webhook import serve_webhook
from bot.wording.catalogue import load_wording
from cli.maintenance import with_database
from config.settings import ConfigError, Settings
from reflections.loader import load_library
from storage.crypto import JournalCipher
from storage.database import Database, describe_database
from storage.keys import prepare_journal
from storage.migrate import prepare_database

log = logging.getLogger(__name__)
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member", "channel_post"]


def run_bot(settings: Settings) -> None:
    """Run until stopped: long polling, or a webhook server when WEBHOOK_URL is set."""
    wording, library = load_wording(), load_library()  # content first: local and quick
    cipher = asyncio.run(preflight(settings))
    application = build_application(settings, wording, library, cipher=cipher)
    try:
        _run(application, settings)
    except TelegramError as error:  # raised at start only; once running, PTB retries
        raise explain_telegram_error(error, settings) from None


def run_worker(settings: Settings) -> None:
    """Run only the delivery engine: for a separate worker beside webhook replicas."""
    wording = load_wording()
    library = load_library()
    cipher = asyncio.run(preflight(settings))
    serve_metrics(settings)
    asyncio.run(_work(build_application(settings, wording, library, cipher=cipher)))


async def preflight(settings: Settings) -> JournalCipher:
    """Reach the database, the journal's keys and Telegram before starting; fail in one sentence.

    Returns the journal's cipher, so the application does not prepare the same things again.
    """

    async def prepare(database: Database) -> JournalCipher:
        await prepare_database(database)
        return await prepare_journal(database, settings)

    cipher = await with_database(settings.database_url, prepare)
    bot = Bot(settings.bot_token, base_url=settings.api_base_url)
    try:
        async with bot:
            pass  # initialising a Bot calls getMe, which checks the token
    except TelegramError as error:
        raise explain_telegram_error(error, settings) from None
    return cipher


def serve_metrics(settings: Settings) -> Callable[[], None] | None:
    """Serve /metrics on 127.0.0.1:METRICS_PORT, if set, in every mode (never on the webhook's
    listener, which faces the internet).

    Returns what stops it (it runs in a thread until the process ends), or None.
    """
    port = settings.metrics_port
    if port is None:
        return None
    try:
        server, _ = start_http_server(port, addr="127.0.0.1")
    except OSError as error:
        raise ConfigError(
            f"METRICS_PORT {port} could not be used ({error.strerror}): choose a free port."
        ) from None
    log.info("metrics at http://127.0.0.1:%d/metrics", port)
    return server.shutdown


def _run(application: WithinApplication, settings: Settings) -> None:
    webhook = settings.webhook
    if webhook is None:
        serve_metrics(settings)
        log.info("starting with long polling; data in %s", describe_database(settings.database_url))
        application.run_polling(allowed_updates=ALLOWED_UPDATES)
        return
    serve_metrics(settings)
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


async def _work(application: WithinApplication) -> None:
    async with running(application):
        log.info("worker started: delivering reflections, not answering messages")
        await until_signalled()
