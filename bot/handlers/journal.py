"""The private journal: keeping replies, /journal, /export, /delete and /privacy."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta
from functools import partial

from telegram import Update
from telegram.error import TelegramError

from bot import keyboards
from bot.callback_data import Button
from bot.chat import chat_of, find_person, now, retire_buttons, say, send_file
from bot.context import WithinContext
from bot.wording import journal as journal_text
from bot.wording.plan import plan_as_text
from states.kinds import EntryStatus, Mood
from storage import journal
from storage.checkins import checkins_since
from storage.crypto import JournalCipher, Tally, checkin_owner, entry_owner, plan_owner
from storage.deliveries import answered_reflection, recent_reflection_messages
from storage.models import JournalEntry
from storage.people import get_person
from storage.plans import plan_parts
from storage.steadying import hard_dates_of
from timing.local import local_date

DELETE_WINDOW = timedelta(hours=47)  # Telegram allows deleting for 48 hours; keep a margin
# How much one person may keep: far above what anyone writes (docs/operators.md says why),
# so that one account cannot fill the disk. Bytes are as stored, encrypted.
DAY = timedelta(days=1)
DAY_ENTRIES, DAY_BYTES = 200, 1_000_000  # in any 24 hours
ALL_ENTRIES, ALL_BYTES = 20_000, 25_000_000  # in all
PAGE_ENTRIES = 10  # at most, on one page of /journal
EXPORT_BATCH = 200  # entries read and decrypted at a time for /export
ENTRY_ANSWERS = {"keep": "journal_note_kept", "drop": "journal_not_kept", "undo": "journal_undone"}


async def keep_text(update: Update, context: WithinContext) -> bool:
    """Keep what someone wrote: with a reflection at once (with Undo), else ask first.

    A reply to a reflection belongs to it; so does text written on the local day one arrived.
    Returns False when the person has not started, so the caller can answer otherwise.
    """
    message, cipher = update.effective_message, context.resources.cipher
    assert message is not None and cipher is not None  # a text message; the cipher is set at start
    replied = message.reply_to_message
    at = now(context)
    async with context.database.sessions.begin() as session:
        person = await get_person(session, chat_of(update))
        if person is None:
            return False
        reflection_id = await answered_reflection(
            session, person.chat_id, replied.message_id if replied else None,
            local_date(at, person.timezone),
        )  # fmt: skip
        status = EntryStatus.KEPT if reflection_id else EntryStatus.PENDING
        token = cipher.encrypt(message.text or "", entry_owner(person.chat_id, message.message_id))
        full = room_for(await journal.how_much_kept(session, person.chat_id, at - DAY), len(token))
        if full is None:
            entry = await journal.add_entry(
                session, person.chat_id, message.message_id, token, reflection_id, status, at
            )
    wording = context.wording
    if full is not None:
        await say(update, context, wording.text(full))
        return True
    # After an answer to crisis language, the same choice, said more gently.
    gently = context.assessment is not None and context.assessment.answer is not None
    if reflection_id:
        reflection = context.resources.library.get(reflection_id)
        if gently:
            text = wording.text("journal_kept_gently")
        elif reflection is None:  # since removed from the library
            text = wording.text("journal_kept_untitled")
        else:
            text = wording.text("journal_kept", title=reflection.title)
        markup = keyboards.undo_entry(wording, entry.id)
    else:
        text = wording.text("journal_ask_gently" if gently else "journal_ask")
        markup = keyboards.keep_or_not(wording, entry.id)
    await say(update, context, text, markup)
    return True


def room_for(kept: journal.Kept, size: int) -> str | None:
    """Return None if one more entry of `size` stored bytes fits, else what to tell the person."""
    if kept.entries + 1 > ALL_ENTRIES or kept.stored + size > ALL_BYTES:
        return "journal_full"
    if kept.entries_lately + 1 > DAY_ENTRIES or kept.stored_lately + size > DAY_BYTES:
        return "journal_full_today"
    return None


async def on_edit(update: Update, context: WithinContext) -> None:
    """An edited message updates its journal entry, if it was kept."""
    message, cipher = update.edited_message, context.resources.cipher
    if message is None or cipher is None:
        return
    at, full = now(context), None
    async with context.database.sessions.begin() as session:
        entry = await journal.entry_for_message(session, message.chat_id, message.message_id)
        if entry is None:
            return
        owner = entry_owner(entry.chat_id, entry.message_id, entry.version + 1)
        token = cipher.encrypt(message.text or "", owner)
        kept = await journal.how_much_kept(session, entry.chat_id, at - DAY)
        full = room_for(journal.without(kept, entry, at - DAY), len(token))
        if full is None:  # a new token, bound to the next version: an older one is refused
            entry.ciphertext, entry.version, entry.updated_at = token, entry.version + 1, at
    if full is not None:  # the entry keeps what it held
        await say(update, context, context.wording.text(full))


async def on_entry_button(update: Update, context: WithinContext, pressed: Button) -> None:
    """Undo a kept reply, or answer whether to keep a note."""
    await retire_buttons(update)
    async with context.database.sessions.begin() as session:
        entry = await journal.entry(session, chat_of(update), pressed.number)
        if entry is not None and pressed.verb == "keep":
            entry.status = EntryStatus.KEPT
        elif entry is not None:
            await session.delete(entry)
    if entry is not None and pressed.verb != "keep":
        await context.database.forget_deleted()
    key = ENTRY_ANSWERS[pressed.verb] if entry else "journal_gone"
    wording = context.wording
    kept = entry is not None and pressed.verb == "keep"
    markup = keyboards.known_note(wording, entry.id) if kept and entry else None
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
    chat_id, cipher, wording = chat_of(update), context.resources.cipher, context.wording
    assert cipher is not None  # set at start
    older_than, newer_than = _cursor(pressed)
    async with context.database.sessions() as session:
        person = await get_person(session, chat_id)
        rows = []
        if person is not None:
            rows = await journal.kept_next_to(
                session, chat_id, older_than=older_than, newer_than=newer_than,
                limit=PAGE_ENTRIES + 1,
            )  # fmt: skip
            if not rows and newer_than is not None:  # nothing newer any more: the newest page
                newer_than = None
                rows = await journal.kept_next_to(session, chat_id, limit=PAGE_ENTRIES + 1)
    if person is None or not rows:
        await say(update, context, wording.text("journal_empty"))
        return
    tally = Tally()
    opened = _opened(cipher, rows, tally)  # lazily: only what fits the page is decrypted
    library, note = context.resources.library, wording.text("journal_a_note")
    page = journal_text.fill_page(opened, library, person.timezone, note, PAGE_ENTRIES)
    if newer_than is not None:
        page.reverse()  # read oldest first from the cursor; shown newest first
    if not page:
        await say(update, context, wording.text("journal_empty"))
        await _say_unopened(update, context, tally)
        return
    async with context.database.sessions() as session:
        older = await journal.kept_next_to(session, chat_id, older_than=page[-1].id, limit=1)
        newer = await journal.kept_next_to(session, chat_id, newer_than=page[0].id, limit=1)
    messages = journal_text.page_messages(page, library, person.timezone, note)
    markup = keyboards.journal_pages(
        wording, newer=page[0].id if newer else None, older=page[-1].id if older else None
    )
    await _say_unopened(update, context, tally)
    for index, text in enumerate(messages):
        await say(
            update, context, text, markup if index == len(messages) - 1 else None, protect=True
        )


async def _say_unopened(update: Update, context: WithinContext, tally: Tally) -> None:
    """Tell the person, gently, that some of what they kept could not be opened."""
    if tally.unopened:
        text = context.wording.text("journal_some_unopened", count=tally.unopened)
        await say(update, context, text)


async def on_page_button(update: Update, context: WithinContext, pressed: Button) -> None:
    """Newer or Older (behind the lock: bot.handlers.behind_lock)."""
    await retire_buttons(update)
    await journal_command(update, context, pressed)


async def export_command(update: Update, context: WithinContext) -> None:
    """/export: every entry, and the plan, as a readable Markdown file and a JSON file.

    Entries are decrypted and the files written off the event loop, a few exports at a time,
    so a long journal never holds up anyone else.
    """
    chat_id = chat_of(update)
    async with context.resources.exports:
        person, tally = await find_person(update, context), Tally()
        entries = await _entries_for_export(context, chat_id, tally) if person else []
        plan = await _plan_for_export(context, chat_id, tally)
        moods = await _checkins_for_export(context, chat_id, tally)
        noted = await _dates_for_export(context, chat_id)
        await _say_unopened(update, context, tally)
        if person is None or not (entries or plan or moods or noted):
            await say(update, context, context.wording.text("journal_empty"))
            return
        library, at, wording = context.resources.library, now(context), context.wording
        stamp = local_date(at, person.timezone).isoformat()
        makers = [
            (f"notes-{stamp}.md", partial(journal_text.export_markdown, entries, library,
                                          person.timezone, at, wording, plan, noted)),
            (f"notes-{stamp}.json", partial(journal_text.export_json, entries, library, at, plan,
                                            noted)),
        ]  # fmt: skip
        if moods:
            header = wording.plain("export_checkins_header")
            makers.append(
                (f"check-ins-{stamp}.csv", partial(journal_text.export_csv, header, moods))
            )
        for name, make in makers:  # one file in memory at a time
            content = await asyncio.to_thread(_utf8, make)
            await send_file(update, context, name, content, wording.text("export_caption"))


def _utf8(make: Callable[[], str]) -> bytes:
    return make().encode("utf-8")


async def _entries_for_export(
    context: WithinContext, chat_id: int, tally: Tally
) -> list[journal_text.ShownEntry]:
    """Return every kept entry, oldest first, decrypted a batch at a time off the event loop."""
    cipher = context.resources.cipher
    assert cipher is not None
    shown: list[journal_text.ShownEntry] = []
    async with context.database.sessions() as session:
        async for batch in journal.kept_batches(session, chat_id, EXPORT_BATCH):
            shown += await asyncio.to_thread(list, _opened(cipher, batch, tally))  # there
    return shown


def _opened(
    cipher: JournalCipher, rows: Iterable[JournalEntry], tally: Tally
) -> Iterator[journal_text.ShownEntry]:
    """Decrypt entries one at a time, as they are asked for; one no key opens is left out and
    counted in `tally`."""
    for row in rows:
        text = cipher.read(row.ciphertext, row.owner, tally)
        if text is not None:
            yield journal_text.ShownEntry(
                row.created_at, text, row.reflection_id, row.id, known=row.known
            )


async def _dates_for_export(context: WithinContext, chat_id: int) -> list[journal_text.NotedDay]:
    """Return the days noted in /dates, with their names decrypted."""
    cipher, wording = context.resources.cipher, context.wording
    assert cipher is not None
    async with context.database.sessions() as session:
        noted = (await hard_dates_of(session, [chat_id])).get(chat_id, [])
    days = []
    for hard in noted:
        label = cipher.read(hard.ciphertext, hard.owner)
        if label is not None:
            repeat = (
                wording.plain("dates_every_year")
                if hard.year is None
                else wording.plain("dates_once", year=hard.year)
            )
            day = journal_text.noted_day(hard.month, hard.day)
            days.append(journal_text.NotedDay(day, repeat, label, hard.eve))
    return days


async def _checkins_for_export(
    context: WithinContext, chat_id: int, tally: Tally
) -> list[tuple[str, str]]:
    cipher = context.resources.cipher
    assert cipher is not None
    async with context.database.sessions() as session:
        stored = await checkins_since(session, chat_id, date.min)
    labels = {mood: context.wording.plain(f"weeks_mood_{mood}") for mood in Mood}
    opened = [
        (day, cipher.read(token, checkin_owner(chat_id, day), tally))
        for day, token in sorted(stored.items())
    ]
    return [
        (day.isoformat(), labels[Mood(mood)]) for day, mood in sorted(opened) if mood is not None
    ]


async def _plan_for_export(
    context: WithinContext, chat_id: int, tally: Tally
) -> list[tuple[str, str]]:
    cipher = context.resources.cipher
    assert cipher is not None
    async with context.database.sessions() as session:
        stored = await plan_parts(session, chat_id)
    opened = {
        part: cipher.read(token, plan_owner(chat_id, part), tally) for part, token in stored.items()
    }
    plan = {part: text for part, text in opened.items() if text is not None}
    return plan_as_text(context.wording, plan)


async def delete_command(update: Update, context: WithinContext) -> None:
    """/delete: explain, then erase only after a button."""
    if await find_person(update, context) is None:
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
    since = now(context) - DELETE_WINDOW
    to_clear: list[int] = []
    async with context.database.sessions.begin() as session:
        person = await get_person(session, chat_id)
        older = person is not None and person.created_at < since  # messages we can't reach
        if pressed.arg == "clear":
            to_clear += await journal.recent_sent(session, chat_id, since)
            to_clear += await recent_reflection_messages(session, chat_id, since)
            to_clear += await journal.recent_entry_messages(session, chat_id, since)
        await journal.erase_person(session, chat_id)
    await context.database.forget_deleted()
    if pressed.arg != "clear":
        await context.bot.send_message(chat_id, context.wording.text("deleted"))
        return
    for message_id in sorted(set(to_clear)):
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
