"""Every inline button lands here and is routed by its action; old or unknown ones are answered."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update

from bot import keyboards
from bot.context import WithinContext
from bot.handlers import control, journal, safety, schedule, today
from bot.handlers.common import retire_buttons, say

Route = Callable[[Update, WithinContext, str, bool], Awaitable[None]]


async def on_ask_button(update: Update, context: WithinContext, arg: str, setup: bool) -> None:
    await retire_buttons(update)
    if arg == "pause":
        await say(
            update, context, context.wording.text("ask_pause"), keyboards.pauses(context.wording)
        )
    elif arg in ("time", "tz", "days"):
        await schedule.ask(update, context, arg, setup=False)


ROUTES: dict[str, Route] = {
    "ask": on_ask_button,
    "time": schedule.on_time_button,
    "tz": schedule.on_zone_button,
    "days": schedule.on_days_button,
    "day": schedule.on_day_toggle,
    "pause": control.on_pause_button,
    "resume": control.on_resume_button,
    "skip": control.on_skip_button,
    "silent": control.on_silent_button,
    "stop": control.on_stop_button,
    "erase": control.on_erase_button,
    "today": today.on_today_button,
    "sos": safety.on_sos_button,
    "country": safety.on_country_button,
    "entry": journal.on_entry_button,
    "journal": journal.on_page_button,
    "delete": journal.on_delete_button,
}


async def on_button(update: Update, context: WithinContext) -> None:
    """Route a button press; a button this version does not know gets a kind word."""
    query = update.callback_query
    action, _, arg = (query.data or "").partition(":")
    route = ROUTES.get(action.removesuffix("+"))
    if route is None:
        await query.answer(context.wording.text("old_button"), show_alert=True)
        return
    await route(update, context, arg, action.endswith("+"))
