"""/start, /help and /about, and the gentle answer to anything nobody else took."""

from __future__ import annotations

from telegram import Update

from bot import keyboards
from bot.callback_data import Action
from bot.chat import chat_of, now, say
from bot.context import WithinContext
from bot.setup_steps import ask, remember_country
from bot.wording.schedule import summary
from states.kinds import PersonStatus
from usecases import starting


async def start(update: Update, context: WithinContext) -> None:
    """Welcome and set up someone new; welcome back someone returning; else show settings."""
    settings = context.resources.settings
    wording = context.wording
    zone = settings.default_timezone
    send_time = settings.default_send_time
    started = await starting.start(context.work, chat_of(update), zone, send_time, now(context))
    someone = started.someone
    remember_country(context, someone)
    if started.created:
        welcome = await say(update, context, wording.text("welcome"))
        await starting.note_welcome(context.work, someone.chat_id, welcome.message_id)
    if not someone.setup_complete:
        if not started.created:
            await say(update, context, wording.text("setup_again"))
        await ask(update, context, Action.TIME, setup=True)
        return
    key = "welcome_back" if started.returning else "already_started"
    text = wording.text(key) + "\n\n" + summary(wording, someone, now(context))
    paused = someone.status == PersonStatus.PAUSED
    await say(update, context, text, keyboards.settings(wording, paused, someone.checkins))


async def help_command(update: Update, context: WithinContext) -> None:
    """Say what the bot is and list its commands."""
    await say(update, context, context.wording.text("help"))


async def about(update: Update, context: WithinContext) -> None:
    """Say where the reflections come from, citing the document's closing line."""
    count = len(context.resources.library.reflections)
    await say(update, context, context.wording.text("about", count=count))
