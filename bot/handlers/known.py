""" "Something I know": marking kept notes, and /known, which shows them back behind the lock."""

from __future__ import annotations

import contextlib

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MaybeInaccessibleMessage,
    Message,
    Update,
)
from telegram.error import BadRequest

from bot import keyboards
from bot.callback_data import Button
from bot.chat import acknowledge, chat_of, say
from bot.context import WithinContext
from bot.unlocking import unlocked
from bot.wording import journal as journal_text
from states.awaiting import Unlocks, passcode_question
from usecases import known


async def on_known_button(update: Update, context: WithinContext, pressed: Button) -> None:
    """Mark or unmark a kept note, in place and quietly; or show the marked notes."""
    if pressed.arg == "show":
        await acknowledge(update, context)
        if await unlocked(update, context, passcode_question(Unlocks.KNOWN)):
            await known_command(update, context)
        return
    mark = pressed.verb == "mark"
    wording = context.wording
    if not await known.mark_known(context.work, chat_of(update), pressed.number, mark):
        await acknowledge(update, context, wording.text("journal_gone"))
        return
    await acknowledge(update, context, wording.text("known_marked" if mark else "known_unmarked"))
    query = update.callback_query
    if query is not None and query.message is not None:
        toggle = keyboards.known_toggle(wording, pressed.number, mark)
        markup = _toggled(query.message, pressed, toggle)
        with contextlib.suppress(BadRequest):  # unchanged, or too old to edit
            await query.edit_message_reply_markup(markup)


def _toggled(
    message: MaybeInaccessibleMessage, pressed: Button, toggle: InlineKeyboardButton
) -> InlineKeyboardMarkup:
    """Return the message's buttons with the pressed toggle swapped for its other state."""
    current = message.reply_markup if isinstance(message, Message) else None
    rows = current.inline_keyboard if current is not None else ((),)
    data = pressed.encode()
    swapped = [[toggle if b.callback_data == data else b for b in row] for row in rows]
    return InlineKeyboardMarkup(swapped if any(swapped) else [[toggle]])


async def known_command(update: Update, context: WithinContext) -> None:
    """/known: the notes marked as something the person knows, newest first, protected."""
    wording = context.wording
    found = await known.known_notes(context.work, chat_of(update))
    if found is None or not found.notes:
        await say(update, context, wording.text("known_none"))
        return
    library, note, timezone = (
        context.resources.library,
        wording.text("journal_a_note"),
        found.timezone,
    )
    header = wording.text("known_header")
    shown = list(found.notes)
    while shown:
        page = journal_text.fill_page(iter(shown), library, timezone, note, len(shown))
        shown = shown[len(page) :]
        for text in journal_text.page_messages(page, library, timezone, note):
            await say(update, context, f"{header}\n\n{text}" if header else text, protect=True)
            header = ""
