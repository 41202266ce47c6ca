"""One-tap check-ins under each reflection, turning them on and off, and /weeks."""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from datetime import date, datetime

from telegram import Update
from telegram.error import BadRequest

from bot import keyboards
from bot.callback_data import Button
from bot.chat import acknowledge, chat_of, now, say, show_picture
from bot.context import WithinContext
from pictures.weeks import DAYS, render_weeks
from states.kinds import Mood
from usecases import checkins


async def on_checkin_button(update: Update, context: WithinContext, pressed: Button) -> None:
    """Note how someone is today; it can be changed all day; nothing is said about the answer."""
    query = update.callback_query
    if query is None:
        return
    name, _, stamp = pressed.arg.rpartition("-")
    mood = Mood(name)
    day = datetime.strptime(stamp, "%Y%m%d").date()
    checked = await checkins.check_in(context.work, chat_of(update), mood, day, now(context))
    wording = context.wording
    if not checked.noted:
        await acknowledge(update, context, wording.text("checkin_other_day"))
        return
    await acknowledge(update, context, wording.text("checkin_noted"))
    markup = keyboards.reflection(wording, checkin_on=day, chosen=mood)
    with contextlib.suppress(BadRequest):  # the same choice twice changes nothing on screen
        await query.edit_message_reply_markup(markup)
    if checked.ask_if_safe:  # the safety question, as words that might mean risk get it
        question = keyboards.safety_question(wording, "both")
        await say(update, context, wording.text("safety_question_checkin"), question)


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
    on = pressed.arg == "on"
    await checkins.set_checkins(context.work, chat_of(update), on)
    await say(update, context, wording.text("checkins_on" if on else "checkins_off"))


async def weeks_command(update: Update, context: WithinContext) -> None:
    """/weeks: the last eight weeks of check-ins as a calm picture, and one plain sentence."""
    found = await checkins.weeks(context.work, chat_of(update), now(context), DAYS)
    today = found.today
    moods = found.moods
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
