"""/start, /help and /about, and the gentle answer to anything nobody else took."""

from __future__ import annotations

from telegram import Update

from bot import keyboards
from bot.callback_data import Action
from bot.chat import chat_of, now, person_session, say
from bot.context import WithinContext
from bot.handlers.schedule import ask
from bot.wording.schedule import summary
from states.kinds import PersonStatus
from storage.people import ensure_person
from usecases.planning import replan as refresh_schedule


async def start(update: Update, context: WithinContext) -> None:
    """Welcome and set up someone new; welcome back someone returning; else show settings."""
    settings, wording = context.resources.settings, context.wording
    async with context.database.sessions.begin() as session:
        person, created = await ensure_person(
            session, chat_of(update), settings.default_timezone, settings.default_send_time,
            now(context),
        )  # fmt: skip
        returning = person.status in (PersonStatus.STOPPED, PersonStatus.BLOCKED)
        if returning:
            person.status = PersonStatus.ACTIVE
        person.awaiting = None
        await refresh_schedule(session, person, now(context))
    if created:
        welcome = await say(update, context, wording.text("welcome"))
        async with person_session(update, context) as (_, person):
            person.welcome_message_id = welcome.message_id
    if not person.setup_complete:
        if not created:
            await say(update, context, wording.text("setup_again"))
        await ask(update, context, Action.TIME, setup=True)
        return
    key = "welcome_back" if returning else "already_started"
    text = wording.text(key) + "\n\n" + summary(wording, person, now(context))
    paused = person.status == PersonStatus.PAUSED
    await say(update, context, text, keyboards.settings(wording, paused, person.checkins))


async def help_command(update: Update, context: WithinContext) -> None:
    """Say what the bot is and list its commands."""
    await say(update, context, context.wording.text("help"))


async def about(update: Update, context: WithinContext) -> None:
    """Say where the reflections come from, citing the document's closing line."""
    count = len(context.resources.library.reflections)
    await say(update, context, context.wording.text("about", count=count))


async def not_understood(update: Update, context: WithinContext) -> None:
    """Answer anything no other handler took, gently and without keeping it.

    Text that was answered as crisis language gets no second, out-of-place reply.
    """
    if context.assessment is not None and context.assessment.answer is not None:
        # already answered by the crisis check, earlier in this update
        return
    await say(update, context, context.wording.text("not_understood"))
