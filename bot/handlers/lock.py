"""/lock: an optional passcode in front of the journal, the export, the plan and /weeks.

The passcode is kept only as a slow salted hash, and anything typed that could be it is deleted
once read and never kept: while the question is open (a few minutes), or whenever it is the
passcode itself. After three wrong tries each further try waits longer (usecases.passcode). A
forgotten passcode cannot be recovered: /delete, which erases everything, is the way to start
again.

What the lock keeps closed is declared once, in bot.behind_lock; asking for the
passcode in front of it, in bot.unlocking.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping

from telegram import Message, Update
from telegram.error import TelegramError

from bot.chat import Handler, chat_of, now, say
from bot.context import WithinContext
from bot.unlocking import how_long, say_wait
from states.awaiting import NEW_PASSCODE, Awaiting, Unlocks
from usecases import passcode
from usecases.passcode import LONGEST, OPEN_FOR, SHORTEST, SHORTEST_DIGITS, Refusal, Verdict
from usecases.passcode import wait_after as wait_after  # the rule, where tests look for it

REFUSALS = {
    Refusal.TOO_LONG: "lock_too_long",
    Refusal.TOO_SHORT: "lock_too_short",
    Refusal.DIGITS_SHORT: "lock_digits_short",
}


async def lock_command(update: Update, context: WithinContext) -> None:
    """/lock: set a passcode, or (with the passcode) take the lock off."""
    asked = await passcode.ask_for_lock(context.work, chat_of(update), now(context))
    if asked.wait is not None:
        await say_wait(update, context, asked.wait)
        return
    key = "lock_ask_remove" if asked.is_set else "lock_intro"
    text = context.wording.text(key, shortest=SHORTEST, longest=LONGEST, digits=SHORTEST_DIGITS)
    await say(update, context, text)


async def screen_text(
    update: Update, context: WithinContext, go_on: Mapping[Awaiting, Handler]
) -> bool:
    """Take typed text that could be a passcode: delete it, never keep it, and answer it.

    Return whether the text was taken; if not, it goes on.
    """
    message = update.effective_message
    assert message is not None and message.text is not None  # routed here for typed text
    screened = await passcode.screen(context.work, chat_of(update), message.text, now(context))
    if screened.answers is not None:
        await answer_passcode(update, context, screened.answers, go_on)
        return True
    if not screened.is_passcode:
        return False
    await _delete(message)
    await say(update, context, context.wording.text("lock_typed_passcode"))
    return True


async def _delete(message: Message) -> None:
    with contextlib.suppress(TelegramError):  # already gone, or deleted by the person
        await message.delete()


async def answer_passcode(
    update: Update, context: WithinContext, awaiting: Awaiting, go_on: Mapping[Awaiting, Handler]
) -> None:
    """Read a passcode, delete its message, then set the lock, remove it, or open what asked."""
    message = update.effective_message
    assert message is not None and message.text is not None  # routed here for typed text
    typed = message.text
    wording = context.wording
    chat_id = chat_of(update)
    await _delete(message)
    if awaiting == NEW_PASSCODE:
        refused = await passcode.set_passcode(context.work, chat_id, typed)
        if refused is None:
            await say(update, context, wording.text("lock_set", minutes=OPEN_FOR.seconds // 60))
        else:
            limits = {"longest": LONGEST, "shortest": SHORTEST, "digits": SHORTEST_DIGITS}
            await say(update, context, wording.text(REFUSALS[refused], **limits))
        return
    removing = awaiting.unlocks is Unlocks.REMOVE
    trying = passcode.clear_passcode if removing else passcode.try_passcode
    tried = await trying(context.work, chat_id, typed, now(context))
    if tried.verdict is Verdict.WAITING:  # neither checked nor counted
        await say_wait(update, context, tried.wait)
    elif tried.verdict is Verdict.WRONG and tried.wait:
        await say(
            update, context, wording.text("lock_wrong_wait", wait=how_long(context, tried.wait))
        )
    elif tried.verdict is Verdict.WRONG:
        await say(update, context, wording.text("lock_wrong"))
    elif tried.verdict is Verdict.REMOVED:
        await say(update, context, wording.text("lock_removed"))
    else:
        await go_on[awaiting](update, context)
