"""/dates: days a person notes as hard, with a name of their own, kept encrypted.

On such a day the delivery engine sends a gentler reflection in place of the journey's (see
scheduler/engine.py), and the day before, if they chose it, one quiet line (bot/steady_jobs.py).
"""

from __future__ import annotations

from datetime import date, datetime

from telegram import Update

from bot import steady_keyboards
from bot.callback_data import Button
from bot.chat import now, person_session, retire_buttons, say
from bot.context import WithinContext
from bot.unlocking import unlocked
from bot.wording.journal import noted_day
from scheduler.timing import local_date
from states.awaiting import DATE_DAY, DATE_LABEL, Unlocks, passcode_question
from storage.crypto import date_owner
from storage.models import HardDate
from storage.steadying import forget_unnamed, hard_date, hard_dates_of, note_date, unnamed_date

LONGEST_LABEL = 60
MOST_DATES = 24
FORMATS = ("%d %B", "%d %b", "%B %d", "%b %d", "%d/%m", "%d.%m", "%d-%m")
WITH_YEAR = ("%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d")


def parse_day(typed: str) -> tuple[int, int, int | None] | None:
    """Read '14 March', '14/03' or '14 March 2027' as (month, day, year or None)."""
    cleaned = " ".join(typed.replace(",", " ").split()).strip().rstrip(".")
    for pattern in WITH_YEAR:
        try:
            found = datetime.strptime(cleaned, pattern)
        except ValueError:
            continue
        return found.month, found.day, found.year
    for pattern in FORMATS:
        try:
            found = datetime.strptime(f"{cleaned} 2000", f"{pattern} %Y")  # 2000 knows 29 Feb
        except ValueError:
            continue
        return found.month, found.day, None
    return None


def day_name(hard: HardDate) -> str:
    """Return '14 March' for a noted day."""
    return noted_day(hard.month, hard.day)


def next_year_of(month: int, day: int, today: date) -> int:
    """Return the year in which a day next comes (today counts)."""
    for year in (today.year, today.year + 1, today.year + 2, today.year + 3, today.year + 4):
        try:
            if date(year, month, day) >= today:
                return year
        except ValueError:  # 29 February in a year without one
            continue
    return today.year + 1


async def dates_command(update: Update, context: WithinContext) -> None:
    """/dates: the noted days with their names (behind the lock), and a way to note one."""
    cipher, wording = context.resources.cipher, context.wording
    assert cipher is not None  # set at start
    async with person_session(update, context) as (session, person):
        await forget_unnamed(session, person.chat_id)
        noted = (await hard_dates_of(session, [person.chat_id])).get(person.chat_id, [])
    lines, buttons = [], []
    for hard in noted:
        label = cipher.read(hard.ciphertext, hard.owner)
        if label is None:
            continue
        repeat = (
            wording.text("dates_every_year")
            if hard.year is None
            else wording.text("dates_once", year=hard.year)
        )
        line = wording.text("dates_line", day=day_name(hard), repeat=repeat, label=label)
        lines.append(line + (wording.text("dates_eve_line") if hard.eve else ""))
        buttons.append((hard.id, day_name(hard)))
    text = (
        wording.text("dates_list", dates="\n".join(lines)) if lines else wording.text("dates_none")
    )
    await say(update, context, text, steady_keyboards.dates(wording, buttons), protect=True)


async def on_dates_button(update: Update, context: WithinContext, pressed: Button) -> None:
    """Note a date, answer once-or-yearly and the eve question, or remove one."""
    await retire_buttons(update)
    wording, verb = context.wording, pressed.verb
    if verb == "add":
        if not await unlocked(update, context, passcode_question(Unlocks.DATES)):
            return
        async with person_session(update, context) as (session, person):
            count = len((await hard_dates_of(session, [person.chat_id])).get(person.chat_id, []))
            if count < MOST_DATES:
                await forget_unnamed(session, person.chat_id)
                person.awaiting = DATE_DAY
        key = "dates_ask_day" if count < MOST_DATES else "dates_full"
        await say(update, context, wording.text(key, most=MOST_DATES))
        return
    async with person_session(update, context) as (session, person):
        hard = await hard_date(session, person.chat_id, pressed.number)
        if hard is not None and verb == "drop":
            await session.delete(hard)
        elif hard is not None and verb in ("yearly", "once"):
            today = local_date(now(context), person.timezone)
            once = hard.year or next_year_of(hard.month, hard.day, today)
            hard.year = None if verb == "yearly" else once
        elif hard is not None:
            hard.eve = verb == "eve"
    if hard is None:
        await say(update, context, wording.text("dates_gone"))
    elif verb == "drop":
        await context.database.forget_deleted()
        await say(update, context, wording.text("dates_removed"))
    elif verb in ("yearly", "once"):
        await say(
            update,
            context,
            wording.text("dates_ask_eve"),
            steady_keyboards.date_eve(wording, hard.id),
        )
    else:
        await say(update, context, wording.text("dates_noted", day=day_name(hard)))


async def answer_day(update: Update, context: WithinContext, typed: str) -> None:
    """A typed date: note it (unnamed yet) and ask for its name; or ask again, kindly."""
    found = parse_day(typed)
    if found is None:
        await say(update, context, context.wording.text("dates_day_not_understood"))
        return
    month, day, year = found
    async with person_session(update, context) as (session, person):
        await note_date(session, person.chat_id, month, day, year)
        person.awaiting = DATE_LABEL
    await say(update, context, context.wording.text("dates_ask_label"))


async def answer_label(update: Update, context: WithinContext, typed: str) -> None:
    """The person's own name for the date: kept encrypted; then once or every year."""
    wording, cipher = context.wording, context.resources.cipher
    assert cipher is not None  # set at start
    label = " ".join(typed.split())
    if not label or len(label) > LONGEST_LABEL:
        await say(update, context, wording.text("dates_label_too_long", most=LONGEST_LABEL))
        return
    async with person_session(update, context) as (session, person):
        person.awaiting = None
        hard = await unnamed_date(session, person.chat_id)
        if hard is not None:
            hard.ciphertext = cipher.encrypt(label, date_owner(person.chat_id, hard.id))
    if hard is None:  # given up part-way (e.g. /dates again): nothing to name
        await say(update, context, wording.text("dates_gone"))
        return
    await say(
        update,
        context,
        wording.text("dates_ask_repeat"),
        steady_keyboards.date_repeat(wording, hard.id),
    )
