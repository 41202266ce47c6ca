"""The private journal: keeping replies, /journal, /export, /delete and /privacy."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial

from telegram import Update
from telegram.error import TelegramError

from bot import keyboards
from bot.callback_data import Button
from bot.chat import chat_of, find_someone, now, retire_buttons, say, send_file
from bot.context import WithinContext
from bot.wording import journal as journal_text
from bot.wording.plan import plan_as_text
from usecases import export, journal
from usecases.dates import NotedDate
from usecases.erasing import erase_everything
from usecases.journal import PAGE_ENTRIES

ENTRY_ANSWERS = {"keep": "journal_note_kept", "drop": "journal_not_kept", "undo": "journal_undone"}


async def keep_text(update: Update, context: WithinContext) -> bool:
    """Keep what someone wrote: with a reflection at once (with Undo), else ask first.

    Returns False when the person has not started, so the caller can answer otherwise.
    """
    message = update.effective_message
    assert message is not None  # a text message
    replied = message.reply_to_message
    replied_to = replied.message_id if replied else None
    typed = message.text or ""
    at = now(context)
    kept = await journal.keep_note(
        context.work, chat_of(update), message.message_id, typed, replied_to, at
    )
    if kept is None:
        return False
    wording = context.wording
    if kept.full is not None or kept.entry_id is None:
        await say(update, context, wording.text(kept.full or "journal_full"))
        return True
    # After an answer to crisis language, the same choice, said more gently.
    gently = context.assessment is not None and context.assessment.answer is not None
    if kept.reflection_id:
        reflection = context.resources.library.get(kept.reflection_id)
        if gently:
            text = wording.text("journal_kept_gently")
        elif reflection is None:  # since removed from the library
            text = wording.text("journal_kept_untitled")
        else:
            text = wording.text("journal_kept", title=reflection.title)
        markup = keyboards.undo_entry(wording, kept.entry_id)
    else:
        text = wording.text("journal_ask_gently" if gently else "journal_ask")
        markup = keyboards.keep_or_not(wording, kept.entry_id)
    await say(update, context, text, markup)
    return True


async def on_edit(update: Update, context: WithinContext) -> None:
    """An edited message updates its journal entry, if it was kept."""
    message = update.edited_message
    if message is None:
        return
    full = await journal.edit_note(
        context.work, message.chat_id, message.message_id, message.text or "", now(context)
    )
    if full is not None:  # the entry keeps what it held
        await say(update, context, context.wording.text(full))


async def on_entry_button(update: Update, context: WithinContext, pressed: Button) -> None:
    """Undo a kept reply, or answer whether to keep a note."""
    await retire_buttons(update)
    keep = pressed.verb == "keep"
    answered = await journal.answer_entry(context.work, chat_of(update), pressed.number, keep)
    key = ENTRY_ANSWERS[pressed.verb] if answered.entry_id is not None else "journal_gone"
    wording = context.wording
    kept = answered.entry_id if answered.kept else None
    markup = keyboards.known_note(wording, kept) if kept is not None else None
    await say(update, context, wording.text(key), markup)


def _cursor(pressed: Button | None) -> tuple[int | None, int | None]:
    """Return (older than, newer than) from a Newer or Older press; neither means the newest."""
    if pressed is None or not pressed.verb:  # a command, or a page number from an older version
        return None, None
    return (pressed.number, None) if pressed.verb == "o" else (None, pressed.number)


async def journal_command(
    update: Update, context: WithinContext, pressed: Button | None = None
) -> None:
    """/journal: recent entries, newest first, a page at a time; only the page is decrypted."""
    wording = context.wording
    older_than, newer_than = _cursor(pressed)
    found = await journal.read_page(
        context.work, chat_of(update), older_than=older_than, newer_than=newer_than
    )
    if found is None:
        await say(update, context, wording.text("journal_empty"))
        return
    library, note, timezone = (
        context.resources.library,
        wording.text("journal_a_note"),
        found.timezone,
    )
    page = journal_text.fill_page(found.notes, library, timezone, note, PAGE_ENTRIES)
    if not page:
        await say(update, context, wording.text("journal_empty"))
        await _say_unopened(update, context, found.unopened)
        return
    nearer = found.nearer(page[0].id)
    further = found.further(page[-1].id)
    if not found.newest_first:
        page.reverse()  # read oldest first from the cursor; shown newest first
        nearer, further = further, nearer
    messages = journal_text.page_messages(page, library, timezone, note)
    markup = keyboards.journal_pages(
        wording, newer=page[0].id if nearer else None, older=page[-1].id if further else None
    )
    await _say_unopened(update, context, found.unopened)
    for index, text in enumerate(messages):
        await say(
            update, context, text, markup if index == len(messages) - 1 else None, protect=True
        )


async def _say_unopened(update: Update, context: WithinContext, unopened: int) -> None:
    """Tell the person, gently, that some of what they kept could not be opened."""
    if unopened:
        text = context.wording.text("journal_some_unopened", count=unopened)
        await say(update, context, text)


async def on_page_button(update: Update, context: WithinContext, pressed: Button) -> None:
    """Newer or Older (behind the lock: bot.behind_lock)."""
    await retire_buttons(update)
    await journal_command(update, context, pressed)


async def export_command(update: Update, context: WithinContext) -> None:
    """/export: every entry, and the plan, as a readable Markdown file and a JSON file.

    The files are written off the event loop, a few exports at a time, so a long journal never
    holds up anyone else.
    """
    async with context.resources.exports:
        found = await export.gather_export(context.work, chat_of(update), now(context))
        await _say_unopened(update, context, found.unopened if found else 0)
        if found is None or found.empty:
            await say(update, context, context.wording.text("journal_empty"))
            return
        library = context.resources.library
        at = now(context)
        wording = context.wording
        stamp = found.day.isoformat()
        entries = found.entries
        plan = plan_as_text(wording, found.plan)
        noted = [_noted_day(context, day) for day in found.dates]
        markdown = partial(
            journal_text.export_markdown, entries, library, found.timezone, at, wording, plan, noted
        )
        makers = [
            (f"notes-{stamp}.md", markdown),
            (
                f"notes-{stamp}.json",
                partial(journal_text.export_json, entries, library, at, plan, noted),
            ),
        ]
        if found.moods:
            header = wording.plain("export_checkins_header")
            moods = [
                (day.isoformat(), wording.plain(f"weeks_mood_{mood}")) for day, mood in found.moods
            ]
            makers.append(
                (f"check-ins-{stamp}.csv", partial(journal_text.export_csv, header, moods))
            )
        for name, make in makers:  # one file in memory at a time
            content = await asyncio.to_thread(_utf8, make)
            await send_file(update, context, name, content, wording.text("export_caption"))


def _utf8(make: Callable[[], str]) -> bytes:
    return make().encode("utf-8")


def _noted_day(context: WithinContext, noted: NotedDate) -> journal_text.NotedDay:
    """Return a day noted in /dates as the export shows it."""
    wording = context.wording
    repeat = (
        wording.plain("dates_every_year")
        if noted.year is None
        else wording.plain("dates_once", year=noted.year)
    )
    day = journal_text.noted_day(noted.month, noted.day)
    return journal_text.NotedDay(day, repeat, noted.label, noted.eve)


async def delete_command(update: Update, context: WithinContext) -> None:
    """/delete: explain, then erase only after a button."""
    if await find_someone(update, context) is None:
        await say(update, context, context.wording.text("delete_nothing"))
        return
    markup = keyboards.delete_choice(context.wording)
    await say(update, context, context.wording.text("delete_confirm"), markup)


async def on_delete_button(update: Update, context: WithinContext, pressed: Button) -> None:
    """Erase everything stored about the person; on request, clear the bot's recent messages."""
    await retire_buttons(update)
    chat_id = chat_of(update)
    if pressed.arg == "cancel":
        await say(update, context, context.wording.text("delete_cancelled"))
        return
    clear = pressed.arg == "clear"
    erased = await erase_everything(context.work, chat_id, now(context), clear=clear)
    if not clear:
        await context.bot.send_message(chat_id, context.wording.text("deleted"))
        return
    older = erased.older
    for message_id in erased.to_clear:
        try:
            await context.bot.delete_message(chat_id, message_id)
        except TelegramError:  # already gone, or past the 48 hours Telegram allows
            older = True
    # One neutral message, and nothing else until the person writes (not even a welcome).
    key = "cleared_but_older" if older else "cleared"
    await context.bot.send_message(chat_id, context.wording.text(key))


async def privacy_command(update: Update, context: WithinContext) -> None:
    """/privacy: what is stored, where, for how long, who can read it, and how to erase it."""
    days = context.resources.settings.journal_retention_days
    retention = (
        context.wording.text("privacy_retention_days", days=days)
        if days
        else context.wording.text("privacy_retention_none")
    )
    backups = context.resources.settings.backup_retention_days
    retention += " " + (
        context.wording.text("privacy_backups_days", days=backups)
        if backups
        else context.wording.text("privacy_backups_unknown")
    )
    await say(update, context, context.wording.text("privacy", retention=retention))
