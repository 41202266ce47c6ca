"""Every inline button lands here: decoded by the codec, routed by action, unknown ones answered."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update

from bot import behind_lock
from bot.callback_data import Action, Button
from bot.chat import acknowledge, answering_not_started, retire_buttons
from bot.context import WithinContext
from bot.handlers import (
    checkins,
    control,
    dates,
    discreet,
    journal,
    known,
    not_today,
    plan,
    safety,
    schedule,
    steady,
    today,
)

Route = Callable[[Update, WithinContext, Button], Awaitable[None]]


# These answer the press with a word that depends on what they find; every other is answered
# at once, with nothing to say.
ANSWER_THEMSELVES = frozenset({Action.CHECKIN, Action.DAY, Action.NOT_TODAY, Action.KNOWN})
ROUTES: dict[Action, Route] = {
    Action.ASK: schedule.on_ask_button,
    Action.TIME: schedule.on_time_button,
    Action.ZONE: schedule.on_zone_button,
    Action.DAYS: schedule.on_days_button,
    Action.DAY: schedule.on_day_toggle,
    Action.PAUSE: control.on_pause_button,
    Action.RESUME: control.on_resume_button,
    Action.SKIP: control.on_skip_button,
    Action.SILENT: control.on_silent_button,
    Action.STOP: control.on_stop_button,
    Action.ERASE: control.on_erase_button,
    Action.TODAY: today.on_today_button,
    Action.SOS: safety.on_sos_button,
    Action.COUNTRY: safety.on_country_button,
    Action.ENTRY: journal.on_entry_button,
    Action.JOURNAL: journal.on_page_button,
    Action.DELETE: journal.on_delete_button,
    Action.PLAN: plan.on_plan_button,
    Action.CHECKIN: checkins.on_checkin_button,
    Action.CHECKINS: checkins.on_checkins_button,
    Action.DISCREET: discreet.on_discreet_button,
    Action.READ: discreet.on_read_button,
    Action.STEADY: steady.on_steady_button,
    Action.NOT_TODAY: not_today.on_not_today,
    Action.KNOWN: known.on_known_button,
    Action.DATES: dates.on_dates_button,
    Action.SAFE: safety.on_safety_button,
}


@answering_not_started
async def on_button(update: Update, context: WithinContext) -> None:
    """Route a button press; one this version does not know, or did not make, gets a kind word."""
    query = update.callback_query
    if query is None:
        return
    pressed = Button.decode(query.data)
    if pressed is None:
        await acknowledge(update, context, context.wording.text("old_button"), alert=True)
        return
    if pressed.action not in ANSWER_THEMSELVES:  # answered first, before any slower work
        await acknowledge(update, context)
    closed = behind_lock.for_button(pressed)
    if closed is not None and not await behind_lock.may_go_on(update, context, closed):
        await retire_buttons(update)
        return
    await ROUTES[pressed.action](update, context, pressed)
