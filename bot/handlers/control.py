"""Pause, resume, skip, settings, silent delivery, stop and erase; and noticing a block."""

from __future__ import annotations

from telegram import ChatMember, Update

from bot import keyboards
from bot.callback_data import Button
from bot.chat import chat_of, command_argument, find_someone, now, retire_buttons, say
from bot.context import WithinContext
from bot.wording.schedule import next_line, summary, when
from timing.parsing import parse_pause_days
from usecases import choices, pausing, stopping


async def settings_command(update: Update, context: WithinContext) -> None:
    """/settings: a summary with buttons for every change."""
    someone = await find_someone(update, context)
    if someone is None:
        await say(update, context, context.wording.text("not_started_yet"))
        return
    text = summary(context.wording, someone, now(context))
    markup = keyboards.settings(context.wording, someone.paused(now(context)), someone.checkins)
    await say(update, context, text, markup)


async def pause_command(update: Update, context: WithinContext) -> None:
    """/pause asks how long; /pause 5d or /pause 2w pauses at once."""
    typed = command_argument(context)
    if not typed:
        await say(
            update, context, context.wording.text("ask_pause"), keyboards.pauses(context.wording)
        )
        return
    days = parse_pause_days(typed)
    if days is None:
        await say(update, context, context.wording.text("pause_not_understood"))
        return
    await pause(update, context, days)


async def on_pause_button(update: Update, context: WithinContext, pressed: Button) -> None:
    """A pause length chosen by button: 1 to 999 days (the codec's bound), or until resumed."""
    await retire_buttons(update)
    if pressed.arg == "open":
        await pause(update, context, None)
    elif pressed.number <= 365:
        await pause(update, context, pressed.number)


async def pause(update: Update, context: WithinContext, days: int | None) -> None:
    """Pause for some days (None: until they resume), and confirm when reflections return."""
    someone = await pausing.pause(context.work, chat_of(update), days, now(context))
    wording = context.wording
    if days is None:
        await say(update, context, wording.text("paused_open"))
        return
    text = wording.text("paused_for") + "\n\n" + next_line(wording, someone, now(context))
    await say(update, context, text)


async def resume_command(update: Update, context: WithinContext) -> None:
    """/resume: end any pause."""
    resumed = await pausing.resume(context.work, chat_of(update), now(context))
    key = "resumed" if resumed.was_paused else "not_paused"
    line = next_line(context.wording, resumed.someone, now(context))
    text = context.wording.text(key) + "\n\n" + line
    await say(update, context, text)


async def on_resume_button(update: Update, context: WithinContext, pressed: Button) -> None:
    """Resume, from /settings."""
    await retire_buttons(update)
    await resume_command(update, context)


async def skip_command(update: Update, context: WithinContext) -> None:
    """/skip: skip the next reflection only."""
    skipped = await pausing.skip(context.work, chat_of(update), now(context))
    wording = context.wording
    someone = skipped.someone
    if skipped.skipped is None:
        first = wording.text("nothing_to_skip")
    else:
        first = wording.text("skipped", when=when(skipped.skipped, someone.timezone))
    await say(update, context, first + "\n\n" + next_line(wording, someone, now(context)))


async def on_skip_button(update: Update, context: WithinContext, pressed: Button) -> None:
    """Skip, from /settings."""
    await retire_buttons(update)
    await skip_command(update, context)


async def on_silent_button(update: Update, context: WithinContext, pressed: Button) -> None:
    """Turn silent delivery (no sound or vibration) on or off."""
    await retire_buttons(update)
    someone = await choices.toggle_silent(context.work, chat_of(update))
    key = "silent_on" if someone.silent else "silent_off"
    await say(update, context, context.wording.text(key))


async def stop_command(update: Update, context: WithinContext) -> None:
    """/stop: stop reflections at once, then ask whether to keep or erase what is stored."""
    if not await stopping.stop(context.work, chat_of(update)):
        await say(update, context, context.wording.text("not_started"))
        return
    markup = keyboards.stop_choice(context.wording)
    await say(update, context, context.wording.text("stopped"), markup)


async def on_stop_button(update: Update, context: WithinContext, pressed: Button) -> None:
    """Stop, from /settings."""
    await retire_buttons(update)
    await stop_command(update, context)


async def on_erase_button(update: Update, context: WithinContext, pressed: Button) -> None:
    """Keep or erase everything stored about the person, as they chose after /stop."""
    await retire_buttons(update)
    erase = pressed.arg == "yes"
    if not await stopping.keep_or_erase(context.work, chat_of(update), erase):
        await say(update, context, context.wording.text("old_button"))
        return
    await say(update, context, context.wording.text("erased" if erase else "kept"))


async def on_membership(update: Update, context: WithinContext) -> None:
    """When someone blocks the bot, stop scheduling them; their data stays for /start."""
    change = update.my_chat_member
    chat = update.effective_chat
    if change is None or chat is None or chat.type != chat.PRIVATE:
        return
    if change.new_chat_member.status not in (ChatMember.BANNED, ChatMember.LEFT):
        return
    await stopping.note_block(context.work, chat.id)
