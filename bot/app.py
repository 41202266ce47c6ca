"""Build the Telegram Application: resources, handlers in order, lifecycle hooks."""

from __future__ import annotations

from typing import Any

from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.context import RESOURCES_KEY, Resources, WithinContext, resources_of
from bot.errors import on_error
from bot.handlers import start as start_handlers
from bot.handlers.private_only import leave_group_chat
from bot.settings import Settings
from bot.startup import announce, prepare_database
from bot.wording import Wording, load_wording
from reflections.library import Library
from reflections.loader import load_library
from storage.database import Database

WithinApplication = Application[Any, WithinContext, Any, Any, Any, Any]


def build_application(
    settings: Settings, wording: Wording | None = None, library: Library | None = None
) -> WithinApplication:
    """Create the application; content is validated here, and nothing connects until start."""
    resources = Resources(
        settings=settings,
        database=Database(settings.database_url),
        wording=wording or load_wording(),
        library=library or load_library(),
    )
    application = (
        ApplicationBuilder()
        .token(settings.bot_token)
        .base_url(settings.api_base_url)
        .base_file_url(settings.api_file_url)
        .context_types(ContextTypes(context=WithinContext))
        .rate_limiter(
            AIORateLimiter(overall_max_rate=settings.max_messages_per_second, max_retries=2)
        )
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    application.bot_data[RESOURCES_KEY] = resources
    register_handlers(application)
    return application


def register_handlers(application: WithinApplication) -> None:
    """Register every handler; groups run in order, and within a group the first match wins."""
    private = filters.ChatType.PRIVATE
    # Group -1 runs before all others: outside private chats the bot explains once and leaves.
    application.add_handler(MessageHandler(~private, leave_group_chat), group=-1)
    application.add_handler(
        ChatMemberHandler(leave_group_chat, ChatMemberHandler.MY_CHAT_MEMBER), group=-1
    )
    application.add_handler(CommandHandler("start", start_handlers.start, private))
    application.add_handler(CommandHandler("help", start_handlers.help_command, private))
    application.add_handler(CommandHandler("stop", start_handlers.stop, private))
    application.add_handler(CommandHandler("about", start_handlers.about, private))
    # Last: whatever nobody else took gets a gentle note, and nothing is kept.
    application.add_handler(
        MessageHandler(private & filters.UpdateType.MESSAGE, start_handlers.not_understood)
    )
    application.add_error_handler(on_error)


async def _post_init(application: WithinApplication) -> None:
    resources = resources_of(application)
    await prepare_database(resources.database)
    await announce(application.bot, resources.settings, resources.wording)


async def _post_shutdown(application: WithinApplication) -> None:
    await resources_of(application).database.dispose()
