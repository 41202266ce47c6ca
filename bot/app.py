"""Build the Telegram Application: resources, handlers in order, lifecycle hooks."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot import behind_lock, buttons, fallback, jobs
from bot.chat import (
    answering_not_started,
    best_effort,
    forget_question,
    in_unit_of_work,
    remember_incoming,
    without_arguments,
)
from bot.context import RESOURCES_KEY, Resources, WithinContext, resources_of
from bot.errors import on_error
from bot.handlers import (
    admin,
    answers,
    checkins,
    control,
    dates,
    journal,
    known,
    lock,
    plan,
    safety,
    schedule,
    start,
    steady,
    today,
)
from bot.handlers.private_only import leave_group_chat
from bot.http import make_request
from bot.pacing import ChatBuckets, Pacer
from bot.processor import ChatLimits, ChatOrderedProcessor
from bot.ratelimit import PacedRateLimiter
from bot.startup import announce
from bot.wording.catalogue import Wording, load_wording
from config.settings import Settings
from reflections.library import Library
from reflections.loader import load_library
from safety.directory import load_directory
from safety.worker import crisis_worker
from scheduler.clock import Clock, system_clock
from states.awaiting import Question
from timing.places import load_places
from usecases.store import JournalCipher, open_database, prepare
from usecases.work import current

WithinApplication = Application[Any, WithinContext, Any, Any, Any, Any]
DELIVER_KEY = "within.deliver"
CHAT_LIMITS = ChatLimits()  # Telegram's pace for each chat; tests lift it
REPLIES_PER_SECOND = 25  # everything but paid reflections stays under Telegram's free 30 a second


class OneWorkPerUpdate(Application[Any, WithinContext, Any, Any, Any, Any]):
    """An Application that runs each update's handlers in one unit of work (usecases.work)."""

    async def process_update(self, update: object) -> None:
        handling = super().process_update(update)
        resources = self.bot_data.get(RESOURCES_KEY)
        if resources is None:
            await handling
        else:
            await in_unit_of_work(resources, handling)


def build_application(
    settings: Settings,
    wording: Wording | None = None,
    library: Library | None = None,
    clock: Clock = system_clock,
    deliver: bool = True,
    cipher: JournalCipher | None = None,
    chat_limits: ChatLimits | None = None,
) -> WithinApplication:
    """Create the application; content is validated here, and nothing connects until start.

    deliver=False leaves the delivery engine's tick unscheduled (tests call it themselves).
    A cipher means the caller has already prepared the database and the journal's keys.
    `chat_limits` keeps each chat to Telegram's pace (by default CHAT_LIMITS); a pretend
    Telegram may lift them.
    """
    resources = Resources(
        settings=settings,
        database=open_database(settings.database_url),
        wording=wording or load_wording(),
        library=library or load_library(),
        places=load_places(),
        directory=load_directory(),
        crisis=crisis_worker(),
        clock=clock,
        cipher=cipher,
    )
    chat_limits = chat_limits or CHAT_LIMITS
    processor = ChatOrderedProcessor(chat_limits)
    sends = ChatBuckets(chat_limits.sends_burst, chat_limits.sends_per_second)
    application = (
        ApplicationBuilder()
        .application_class(OneWorkPerUpdate)
        .token(settings.bot_token)
        .base_url(settings.api_base_url)
        .base_file_url(settings.api_file_url)
        .request(make_request(connections=64))
        .get_updates_request(make_request(connections=1, read_timeout=10))
        .context_types(ContextTypes(context=WithinContext))
        .concurrent_updates(processor)
        .rate_limiter(_rate_limiter(settings, sends))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    application.bot_data[RESOURCES_KEY] = resources
    application.bot_data[DELIVER_KEY] = deliver
    processor.notice = partial(_catching_up, application)
    register_handlers(application)
    return application


def register_handlers(application: WithinApplication) -> None:
    """Register every handler; groups run in order, and within a group the first match wins.

    Handlers that act for a person are wrapped so that "not started yet" is answered in one place.
    """
    private = filters.ChatType.PRIVATE
    # Group -2, first of all: note the id of each message a person sends (48 hours), so that
    # "clear this chat" can remove it too. It lets every other handler run.
    application.add_handler(
        MessageHandler(private & filters.UpdateType.MESSAGE, remember_incoming), group=-2
    )
    # Group -1 runs before all others: outside private chats the bot explains once and leaves.
    application.add_handler(MessageHandler(~private, leave_group_chat), group=-1)
    application.add_handler(
        ChatMemberHandler(leave_group_chat, ChatMemberHandler.MY_CHAT_MEMBER), group=-1
    )
    # Also in group -1: every text a person writes is checked for crisis language first; the
    # handler answers gently and lets the normal flow (a journal reply, a typed time) go on.
    texts = private & (filters.TEXT | filters.CAPTION) & ~filters.COMMAND
    application.add_handler(MessageHandler(texts, safety.check_for_crisis), group=-1)
    # And: any command moves on from whatever was asked, so later writing is never taken for it.
    commanded = private & filters.UpdateType.MESSAGE & filters.COMMAND
    # Skipped while the database is away, so that /sos still answers.
    application.add_handler(MessageHandler(commanded, best_effort(forget_question)), group=-1)
    application.add_handler(
        ChatMemberHandler(control.on_membership, ChatMemberHandler.MY_CHAT_MEMBER)
    )
    commands = {
        "sos": safety.sos_command,
        "steady": steady.steady_command,
        "known": without_arguments("known", behind_lock.command("known", known.known_command)),
        "dates": without_arguments("dates", behind_lock.command("dates", dates.dates_command)),
        "plan": without_arguments("plan", behind_lock.command("plan", plan.plan_command)),
        "weeks": without_arguments("weeks", behind_lock.command("weeks", checkins.weeks_command)),
        "support": safety.support_command,
        "country": safety.country_command,
        "start": start.start,
        "help": start.help_command,
        "about": start.about,
        "today": without_arguments("today", today.today_command),
        "settings": control.settings_command,
        "time": schedule.time_command,
        "timezone": schedule.timezone_command,
        "days": schedule.days_command,
        "pause": control.pause_command,
        "resume": without_arguments("resume", control.resume_command),
        "skip": without_arguments("skip", control.skip_command),
        "stop": control.stop_command,
        "stats": admin.stats_command,
        "journal": behind_lock.command("journal", journal.journal_command),
        "export": without_arguments(
            "export", behind_lock.command("export", journal.export_command)
        ),
        "lock": without_arguments("lock", lock.lock_command),
        "delete": without_arguments("delete", journal.delete_command),
        "privacy": journal.privacy_command,
    }
    for name, callback in commands.items():
        application.add_handler(CommandHandler(name, answering_not_started(callback), private))
    application.add_handler(CallbackQueryHandler(buttons.on_button))
    # Typed text answers whatever the bot last asked this person; commands never reach it.
    typed = private & filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND
    on_text = answers.on_text(_answering())
    application.add_handler(MessageHandler(typed, answering_not_started(on_text)))
    edits = private & filters.UpdateType.EDITED_MESSAGE & filters.TEXT
    application.add_handler(MessageHandler(edits, journal.on_edit))
    media = private & filters.UpdateType.MESSAGE & ~filters.TEXT
    application.add_handler(MessageHandler(media, answers.on_media))
    # Last: whatever nobody else took (unknown commands) gets a gentle note; nothing is kept.
    application.add_handler(
        MessageHandler(private & filters.UpdateType.MESSAGE, fallback.not_understood)
    )
    application.add_error_handler(on_error)


def _answering() -> answers.Answering:
    """Say where typed text goes: a passcode, the lock, each question's answer, else the journal."""
    return answers.Answering(
        screen=_screen_text,
        may_answer=lambda u, c, asked: behind_lock.may_go_on(u, c, behind_lock.for_answer(asked)),
        answers={
            Question.TIME: lambda u, c, asked, typed: schedule.answer_time(
                u, c, typed, setup=asked.step
            ),
            Question.ZONE: lambda u, c, asked, typed: schedule.answer_zone(
                u, c, typed, setup=asked.step
            ),
            Question.DATE_DAY: lambda u, c, _, typed: dates.answer_day(u, c, typed),
            Question.DATE_LABEL: lambda u, c, _, typed: dates.answer_label(u, c, typed),
            Question.PLAN: lambda u, c, asked, _: plan.answer_part(u, c, asked),
        },
        keep=journal.keep_text,
        otherwise=fallback.not_understood,
    )


async def _screen_text(update: Update, context: WithinContext) -> bool:
    """Take typed text that could be a passcode (bot/handlers/lock.py)."""
    return await lock.screen_text(update, context, behind_lock.UNLOCKS)


def _rate_limiter(settings: Settings, sends: ChatBuckets) -> PacedRateLimiter:
    """One pacer for everything; with paid broadcasts, reflections get their own, faster one."""
    if not settings.paid_broadcast:
        return PacedRateLimiter(Pacer(settings.max_messages_per_second), sends)
    replies = Pacer(min(settings.max_messages_per_second, REPLIES_PER_SECOND))
    return PacedRateLimiter(replies, sends, paid=Pacer(settings.max_messages_per_second))


async def _catching_up(application: WithinApplication, chat_id: int) -> None:
    """Say once that the bot will catch up; noted like any message, so /delete can clear it."""
    resources = resources_of(application)
    message = await application.bot.send_message(chat_id, resources.wording.text("catching_up"))
    work = current(resources.database, resources.cipher)
    await work.note_message(chat_id, message.message_id, resources.clock())


async def _post_init(application: WithinApplication) -> None:
    resources = resources_of(application)
    if resources.cipher is None:  # not prepared by the caller: do it here, once
        resources.cipher = await prepare(resources.database, resources.settings)
    await resources.crisis.ready()  # the crisis check answers from the first message
    await announce(application.bot, resources.settings, resources.wording)
    resources.engine = jobs.build_engine(application, resources)
    if application.bot_data[DELIVER_KEY]:
        jobs.schedule(application, resources.settings)


async def _post_shutdown(application: WithinApplication) -> None:
    resources = resources_of(application)
    await steady.end_all_breathing(resources)
    if resources.late:  # database work handlers stopped waiting for: a few seconds to finish
        await asyncio.wait(resources.late, timeout=5)
    if resources.engine is not None:
        await resources.engine.lock.release()
    await resources.database.dispose()
