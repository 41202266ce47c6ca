"""One-tap check-ins under each reflection, turning them on and off, and /weeks."""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from datetime import date, datetime, timedelta

from telegram import Update
from telegram.error import BadRequest

from bot import keyboards
from bot.callback_data import Button
from bot.chat import acknowledge, now, person_session, say, show_picture
from bot.context import WithinContext
from bot.questions import ask_if_safe
from bot.wording.chart import DAYS, render_weeks
from scheduler.timing import local_date
from states.kinds import Mood
from storage.checkins import checkins_since, save_checkin
from storage.crypto import checkin_owner
from storage.marks import SAFETY, first_today


async def on_checkin_button(update: Update, context: WithinContext, pressed: Button) -> None:
    """Note how someone is today; it can be changed all day; nothing is said about the answer."""
    query = update.callback_query
    if query is None:
        return
    name, _, stamp = pressed.arg.rpartition("-")
    mood, day = Mood(name), datetime.strptime(stamp, "%Y%m%d").date()
    cipher = context.resources.cipher
    assert cipher is not None  # set at start
    async with person_session(update, context) as (session, person):
        today = local_date(now(context), person.timezone)
        if day != today or not person.checkins:
            await acknowledge(update, context, context.wording.text("checkin_other_day"))
            return
        await save_checkin(
            session,
            person.chat_id,
            day,
            cipher.encrypt(mood.value, checkin_owner(person.chat_id, day)),
            now(context),
        )
        # "Very low" gets the same gentle question as words that might mean risk: once a day,
        # noted as a keyed mark of the day, never the date itself.
        asking = mood == Mood.VERY_LOW and first_today(cipher, person, SAFETY, today)
    await acknowledge(update, context, context.wording.text("checkin_noted"))
    markup = keyboards.reflection(context.wording, checkin_on=day, chosen=mood)
    with contextlib.suppress(BadRequest):  # the same choice twice changes nothing on screen
        await query.edit_message_reply_markup(markup)
    if asking:
        await ask_if_safe(update, context, ("self", "danger"), "safety_question_checkin")


async def on_checkins_button(update: Update, context: WithinContext, pressed: Button) -> None:
    """Turn check-ins on or off, decline them, or hear about them (the one-time offer)."""
    wording = context.wording
    if pressed.arg == "offer":
        await say(
            update, context, wording.text("checkins_offer"), keyboards.checkins_offer(wording)
        )
        return
    if pressed.arg == "no":
        await say(update, context, wording.text("checkins_declined"))
        return
    async with person_session(update, context) as (_, person):
        person.checkins = pressed.arg == "on"
    await say(update, context, wording.text("checkins_on" if person.checkins else "checkins_off"))


async def weeks_command(update: Update, context: WithinContext) -> None:
    """/weeks: the last eight weeks of check-ins as a calm picture, and one plain sentence."""
    cipher = context.resources.cipher
    assert cipher is not None
    async with person_session(update, context) as (session, person):
        today = local_date(now(context), person.timezone)
        stored = await checkins_since(session, person.chat_id, today - timedelta(days=DAYS - 1))
    opened = {
        day: cipher.read(token, checkin_owner(person.chat_id, day)) for day, token in stored.items()
    }
    moods = {day: Mood(mood) for day, mood in opened.items() if mood is not None}
    wording = context.wording
    if not moods:
        await say(update, context, wording.text("weeks_none"))
        return
    labels = {mood: wording.plain(f"button_checkin_{mood}") for mood in Mood}
    labels[Mood.UNSAID] = wording.plain("weeks_not_said")
    chart = await asyncio.to_thread(render_weeks, moods, today, labels)  # off the event loop
    await show_picture(update, context, chart.png, wording.text("weeks_caption"))
    await say(update, context, summary(context, moods), protect=True)


def summary(context: WithinContext, moods: dict[date, Mood]) -> str:
    """Say what the picture shows, in counts only: no judgement, no trend."""
    counted = Counter(moods.values())
    wording = context.wording
    counts = ", ".join(
        f"{counted[mood]} {wording.plain(f'weeks_mood_{mood}')}" for mood in Mood if counted[mood]
    )
    return wording.text("weeks_summary", days=len(moods), counts=counts)
