"""/steady: slow breathing, the five senses, and waiting out an urge to check; each stoppable.

Breathing is one message edited in place at a gentle rhythm, by a task of this process: it
lasts about a minute, and a restart simply ends it. A wait is kept in the database (only when
to come back), and the repeating job in bot/steady_jobs.py comes back once, from any process.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta

from telegram import Bot, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError

from bot import steady_keyboards
from bot.callback_data import Button
from bot.chat import chat_of, now, retire_buttons, say
from bot.context import Resources, WithinContext
from usecases import steadying
from usecases.work import Work

BREATHS = 6
IN_SECONDS, OUT_SECONDS = 4.0, 6.0  # the out-breath longer than the in-breath; no holding
SENSES = 5


async def steady_command(update: Update, context: WithinContext) -> None:
    """/steady: the three exercises, chosen by button (for anyone, started or not)."""
    wording = context.wording
    await say(update, context, wording.text("steady_menu"), steady_keyboards.exercises(wording))


async def on_steady_button(update: Update, context: WithinContext, pressed: Button) -> None:
    """Route a press within /steady."""
    arg = pressed.arg
    wording = context.wording
    if arg == "menu":
        await steady_command(update, context)
    elif arg == "breathe":
        await retire_buttons(update)
        await start_breathing(update, context)
    elif arg.startswith("senses-"):
        await retire_buttons(update)
        await senses_step(update, context, pressed.number)
    elif arg == "wait":
        await retire_buttons(update)
        await say(update, context, wording.text("steady_wait_ask"), steady_keyboards.waits(wording))
    elif arg.startswith("wait-"):
        await retire_buttons(update)
        await start_waiting(update, context, pressed.number)
    elif arg == "unwait":
        await retire_buttons(update)
        ended = await steadying.stop_waiting(context.work, chat_of(update))
        await say(
            update, context, wording.text("steady_wait_stopped" if ended else "steady_wait_gone")
        )
    elif arg == "stop":
        await stop(update, context)
    else:  # "easier" or "still", after a wait: answered, never kept
        await retire_buttons(update)
        still = arg == "still"
        markup = steady_keyboards.exercises(wording) if still else None
        await say(update, context, wording.text(f"steady_how_{arg}"), markup)


async def start_breathing(update: Update, context: WithinContext) -> None:
    """Send the first breath, then edit it in place, breath by breath, until done or stopped."""
    resources = context.resources
    wording = context.wording
    chat_id = chat_of(update)
    await _end_breathing(resources, chat_id)  # one at a time in a chat
    first = wording.text("steady_breathe_in", number=1, total=BREATHS)
    message = await say(update, context, first, steady_keyboards.stop(wording))
    await steadying.start_breathing(context.work, chat_id, message.message_id)
    task = asyncio.create_task(_breathe(context.bot, resources, chat_id, message.message_id))
    resources.breathing[chat_id] = task
    task.add_done_callback(lambda done: _forget(resources, chat_id, done))


async def _breathe(bot: Bot, resources: Resources, chat_id: int, message_id: int) -> None:
    wording = resources.wording
    stop = steady_keyboards.stop(resources.wording)
    work = Work(resources.database, resources.cipher, shared=False)  # outlives the update

    async def show(text: str, markup: object = stop) -> None:
        await bot.edit_message_text(
            text,
            chat_id,
            message_id,
            parse_mode=ParseMode.HTML,
            reply_markup=markup,  # type: ignore[arg-type]
        )

    async def goes_on() -> bool:
        """Tell whether Stop was pressed (the press may reach another process); if it was,
        show it once more, in case a breath was drawn over it at that very moment."""
        if await steadying.breathing_goes_on(work, chat_id, message_id):
            return True
        with contextlib.suppress(TelegramError):  # "not modified": it already says so
            await show(wording.text("steady_stopped"), None)
        return False

    async def breath(key: str, number: int) -> bool:
        if not await goes_on():
            return False
        await show(wording.text(key, number=number, total=BREATHS))
        return True

    try:
        for number in range(1, BREATHS + 1):
            if number > 1 and not await breath("steady_breathe_in", number):
                return
            await resources.pause(IN_SECONDS)
            if not await breath("steady_breathe_out", number):
                return
            await resources.pause(OUT_SECONDS)
        if await goes_on():
            await show(wording.text("steady_breathe_done"), None)
    except TelegramError:  # the message was deleted, or the chat is gone: nothing to show
        return
    await steadying.finish_breathing(work, chat_id, message_id)


def _forget(resources: Resources, chat_id: int, done: asyncio.Task[None]) -> None:
    if resources.breathing.get(chat_id) is done:
        del resources.breathing[chat_id]


async def _end_breathing(resources: Resources, chat_id: int) -> bool:
    """Stop a chat's breathing, waiting until its last edit is over; tell whether one ran."""
    task = resources.breathing.pop(chat_id, None)
    if task is None or task.done():
        return False
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    return True


async def end_all_breathing(resources: Resources) -> None:
    """Stop every exercise this process runs (at shutdown)."""
    for chat_id in list(resources.breathing):
        await _end_breathing(resources, chat_id)


async def stop(update: Update, context: WithinContext) -> None:
    """Stop: end the breathing if it runs (here, or in another process), and say so in place."""
    await steadying.start_breathing(context.work, chat_of(update), None)
    await _end_breathing(context.resources, chat_of(update))
    query = update.callback_query
    text = context.wording.text("steady_stopped")
    if query is not None:
        try:
            await query.edit_message_text(text, parse_mode=ParseMode.HTML, reply_markup=None)
            return
        except BadRequest as error:
            if "not modified" in error.message.lower():  # the exercise already says so
                return
        except TelegramError:  # too old to edit: say it below instead
            pass
    await say(update, context, text)


async def senses_step(update: Update, context: WithinContext, step: int) -> None:
    """One step of the five senses per message, with Next and Stop; then a closing line."""
    wording = context.wording
    if step > SENSES:
        await say(update, context, wording.text("steady_senses_done"))
        return
    markup = steady_keyboards.senses_step(wording, step)
    await say(update, context, wording.text(f"steady_senses_{step}"), markup)


async def start_waiting(update: Update, context: WithinContext, minutes: int) -> None:
    """Note when to come back (and nothing else), and say one kind line."""
    if minutes not in steady_keyboards.WAITS:
        return
    until = now(context) + timedelta(minutes=minutes)
    await steadying.wait_out(context.work, chat_of(update), until)
    wording = context.wording
    text = wording.text("steady_wait_started", minutes=minutes)
    await say(update, context, text, steady_keyboards.waiting(wording))
