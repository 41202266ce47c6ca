"""/sos, /support and /country, and a gentle answer to crisis language in anything written."""

from __future__ import annotations

from telegram import Update

from bot import keyboards
from bot.context import WithinContext
from bot.handlers.common import command_argument, retire_buttons, say
from bot.handlers.schedule import finish_setup
from bot.wording import safety as safety_text
from storage.people import get_person


async def _country_code(update: Update, context: WithinContext) -> str | None:
    async with context.database.sessions() as session:
        person = await get_person(session, update.effective_chat.id)
    return person.country if person else None


async def sos_command(update: Update, context: WithinContext) -> None:
    """Answer at once, for anyone, started or not: emergency first, then crisis and abuse lines."""
    directory = context.resources.directory
    code = await _country_code(update, context)
    country = directory.country(code)
    known = code in directory.countries
    markup = None if known else keyboards.countries(context.wording, directory, "sos", False)
    await say(update, context, safety_text.sos(context.wording, country, known), markup)


async def on_sos_button(update: Update, context: WithinContext, arg: str, setup: bool) -> None:
    """Show a chosen country's lines; remember the choice only for someone who has started."""
    await retire_buttons(update)
    directory = context.resources.directory
    code = arg if arg in directory.countries else None
    await _remember_country(update, context, code)
    await say(
        update, context, safety_text.sos(context.wording, directory.country(code), bool(code))
    )


async def support_command(update: Update, context: WithinContext) -> None:
    """List longer-term support for partners."""
    directory = context.resources.directory
    country = directory.country(await _country_code(update, context))
    await say(update, context, safety_text.support(context.wording, directory, country))


async def country_command(update: Update, context: WithinContext) -> None:
    """/country shows buttons; /country Ireland sets it."""
    typed, directory = command_argument(context), context.resources.directory
    if not typed:
        markup = keyboards.countries(context.wording, directory, "country", False)
        await say(update, context, context.wording.text("ask_country"), markup)
        return
    code = directory.find(typed)
    if code is None:
        await say(update, context, context.wording.text("country_not_understood"))
        return
    await set_country(update, context, code, setup=False)


async def on_country_button(update: Update, context: WithinContext, arg: str, setup: bool) -> None:
    await retire_buttons(update)
    code = arg if arg in context.resources.directory.countries else None
    await set_country(update, context, code, setup)


async def set_country(
    update: Update, context: WithinContext, code: str | None, setup: bool
) -> None:
    """Store the country (None: anywhere); during set-up, finish it."""
    if not await _remember_country(update, context, code):
        await say(update, context, context.wording.text("not_started_yet"))
        return
    if setup:
        await finish_setup(update, context)
        return
    if code is None:
        await say(update, context, context.wording.text("country_cleared"))
        return
    name = context.resources.directory.country(code).name
    await say(update, context, context.wording.text("country_set", country=name))


async def _remember_country(update: Update, context: WithinContext, code: str | None) -> bool:
    async with context.database.sessions.begin() as session:
        person = await get_person(session, update.effective_chat.id)
        if person is None:
            return False
        person.country = code
    return True


async def check_for_crisis(update: Update, context: WithinContext) -> None:
    """Check every text first; answer crisis language warmly and let the normal flow go on."""
    message = update.effective_message
    kinds = context.resources.detector.detect(message.text or message.caption or "")
    if not kinds:
        return
    directory = context.resources.directory
    country = directory.country(await _country_code(update, context))
    await say(update, context, safety_text.crisis_reply(context.wording, kinds[0], country))
