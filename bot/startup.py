"""Telegram at start: the command menu and profile texts, and start-up failures in one sentence."""

from __future__ import annotations

import logging

from telegram import BotCommand
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import ExtBot

from bot.wording.catalogue import Wording
from config.settings import ConfigError, Settings

log = logging.getLogger(__name__)


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
