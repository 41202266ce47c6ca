"""The repeating job of the hard moments: come back once after a wait; the quiet eve line.

Both take their work from the database with a claim that only one process can win, before
sending: a crash may lose one of these lines, but never sends one twice.
"""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta
from typing import Any

from telegram import InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application

from bot import steady_keyboards
from bot.context import Resources, WithinContext, resources_of
from states.kinds import PersonStatus
from storage.journal import remember_message
from storage.models import Person
from storage.people import get_person
from storage.steadying import claim_eve, eves_to_consider, falls_on, take_due_waits
from timing.local import local_date, zone

log = logging.getLogger(__name__)
LATEST_EVE = time(22, 0)  # the eve line is never sent later than this, local time
EARLIEST_LATE_EVE = time(20, 0)  # for a late chosen time, the eve line comes by 20:00


async def run(context: WithinContext) -> None:
    """The job: both kinds of quiet line."""
    await come_back(context.application)


async def come_back(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Send what is due: after each wait that has ended, and on the eve of a noted day."""
    resources = resources_of(application)
    await _after_waits(application, resources)
    await _eves(application, resources)


async def _after_waits(
    application: Application[Any, Any, Any, Any, Any, Any], resources: Resources
) -> None:
    async with resources.database.sessions.begin() as session:
        due = await take_due_waits(session, resources.clock())
    markup = steady_keyboards.how_now(resources.wording)
    for chat_id in due:
        async with resources.database.sessions() as session:
            person = await get_person(session, chat_id)
        if person is not None and _reachable(person):
            await _send(application, resources, person, "steady_wait_back", markup)


async def _eves(
    application: Application[Any, Any, Any, Any, Any, Any], resources: Resources
) -> None:
    at, sent = resources.clock(), set[int]()
    utc_today = at.date()  # tomorrow, somewhere on Earth, is one of the next three UTC days
    days = [utc_today + timedelta(days=n) for n in range(3)]
    async with resources.database.sessions() as session:
        candidates = await eves_to_consider(session, days)
    for hard, person in candidates:
        today = local_date(at, person.timezone)
        if not _eve_due(person, at) or not falls_on(hard, today + timedelta(days=1)):
            continue
        async with resources.database.sessions.begin() as session:
            claimed = await claim_eve(session, hard.id, today)
        if claimed and person.chat_id not in sent:  # two noted days at once: still one line
            sent.add(person.chat_id)
            await _send(application, resources, person, "hard_day_eve", None)


def _reachable(person: Person) -> bool:
    return person.status in (PersonStatus.ACTIVE, PersonStatus.PAUSED)


def _eve_due(person: Person, at: datetime) -> bool:
    """Tell whether the eve line may go now: active, not paused, between their time and 22:00."""
    if person.status != PersonStatus.ACTIVE or not person.setup_complete:
        return False
    if person.paused_until is not None and person.paused_until > at:
        return False
    local = at.astimezone(zone(person.timezone)).time()
    return min(person.send_time, EARLIEST_LATE_EVE) <= local < LATEST_EVE


async def _send(
    application: Application[Any, Any, Any, Any, Any, Any],
    resources: Resources,
    person: Person,
    key: str,
    markup: InlineKeyboardMarkup | None,
) -> None:
    try:
        message = await application.bot.send_message(
            person.chat_id, resources.wording.text(key), parse_mode=ParseMode.HTML,
            reply_markup=markup, disable_notification=person.silent,
        )  # fmt: skip
    except TelegramError as error:
        log.info("a quiet line was not taken (%s)", type(error).__name__)
        return
    async with resources.database.sessions.begin() as session:
        await remember_message(session, message.chat_id, message.message_id, resources.clock())
