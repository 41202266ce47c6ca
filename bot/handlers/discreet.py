"""Discreet delivery: choosing it, and Read, which shows a reflection in place of its plain line."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ParseMode

from bot import keyboards
from bot.callback_data import Button
from bot.chat import chat_of, now, retire_buttons, say
from bot.context import WithinContext
from bot.sender import reflection_message
from bot.setup_steps import finish_setup
from usecases import choices


async def on_discreet_button(update: Update, context: WithinContext, pressed: Button) -> None:
    """Set-up's answer (on or off), or the /settings toggle."""
    await retire_buttons(update)
    on = None if pressed.arg == "toggle" else pressed.arg == "on"
    someone = await choices.choose_discreet(context.work, chat_of(update), on)
    if pressed.setup:
        await finish_setup(update, context)
        return
    await say(
        update, context, context.wording.text(f"discreet_{'on' if someone.discreet else 'off'}")
    )


async def on_read_button(update: Update, context: WithinContext, pressed: Button) -> None:
    """Show the reflection in place of the plain line, with its usual buttons."""
    query = update.callback_query
    if query is None:
        return
    library = context.resources.library
    wording = context.wording
    steadying = context.resources.steadying
    if (gentler := steadying.get(pressed.arg)) is not None:  # a hard date's: as it would arrive
        await query.edit_message_text(
            steadying.render(gentler),
            parse_mode=ParseMode.HTML,
            reply_markup=keyboards.steady_offer(wording),
        )
        return
    reflection = library.get(pressed.arg) or library.reflections[0]
    today = await choices.checkin_day(context.work, chat_of(update), now(context))
    await query.edit_message_text(
        reflection_message(
            context.resources, reflection, starts_round=False, asks_checkin=today is not None
        ),
        parse_mode=ParseMode.HTML,
        reply_markup=keyboards.reflection(wording, checkin_on=today),
    )
