"""Checks run at start, each failing with one sentence that says what to fix."""

from __future__ import annotations

import logging

from sqlalchemy.engine import make_url
from telegram import BotCommand
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import ExtBot

from bot.wording.catalogue import Wording
from config.settings import ConfigError, Settings
from storage import migrate
from storage.database import Database

log = logging.getLogger(__name__)


def describe_database(url: str) -> str:
    """Name a database without its password: 'SQLite file data/within.db' or 'PostgreSQL at h:p'."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"SQLite file {parsed.database}"
    return f"PostgreSQL database {parsed.database!r} at {parsed.host}:{parsed.port or 5432}"


async def prepare_database(database: Database) -> None:
    """Reach the database and bring its tables up to date."""
    where = describe_database(database.url)
    try:
        await database.ping()
    except Exception as error:  # every driver raises its own kinds; all mean "cannot reach it"
        raise ConfigError(
            f"Could not open the {where} ({type(error).__name__}): check DATABASE_URL "
            "and that the database is running and you may write to it."
        ) from None
    try:
        before = await migrate.current_revision(database)
        await migrate.upgrade(database)
    except Exception as error:
        raise ConfigError(
            f"Could not bring the {where} up to date ({type(error).__name__}): restore your "
            "last backup or ask for help; nothing was deleted."
        ) from None
    after = migrate.revision_ids()[-1]
    if before != after:
        log.info("database upgraded from revision %s to %s", before or "none", after)


async def announce(bot: ExtBot[None], settings: Settings, wording: Wording) -> None:
    """Set the command menu and the bot's discreet profile texts."""
    commands = [BotCommand(name, text) for name, text in wording.commands.items()]
    try:
        await bot.set_my_commands(commands)
        await bot.set_my_description(wording.text("description"))
        await bot.set_my_short_description(wording.text("short_description"))
    except TelegramError as error:
        raise explain_telegram_error(error, settings) from None
    log.info("running as @%s with %d commands in the menu", bot.username, len(commands))


def explain_telegram_error(error: TelegramError, settings: Settings) -> ConfigError:
    """Turn a failure to talk to Telegram at start into a sentence saying what to fix."""
    if isinstance(error, InvalidToken):
        return ConfigError(
            "Telegram did not accept TELEGRAM_BOT_TOKEN: copy the token again from @BotFather "
            "into .env."
        )
    if isinstance(error, NetworkError):
        return ConfigError(
            f"Could not reach the Telegram Bot API at {settings.api_root} "
            f"({type(error).__name__}): check the network and TELEGRAM_API_BASE_URL."
        )
    return ConfigError(
        f"Telegram refused a start-up request ({type(error).__name__}): check "
        "TELEGRAM_BOT_TOKEN, and the commands section of bot/wording/wording.yaml."
    )
