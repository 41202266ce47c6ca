"""/dates: days a person notes as hard, with a name of their own, kept encrypted.

On such a day the delivery engine sends a gentler reflection in place of the journey's (see
scheduler/engine.py), and the day before, if they chose it, one quiet line (bot/steady_jobs.py).
"""

from __future__ import annotations

from datetime import datetime

from telegram import Update

from bot import steady_keyboards
from bot.callback_data import Button
from bot.chat import chat_of, now, retire_buttons, say
from bot.context import WithinContext
from bot.unlocking import unlocked
from bot.wording.journal import noted_day
from states.awaiting import Unlocks, passcode_question
from usecases import dates
from usecases.dates import LONGEST_LABEL, MOST_DATES, Change, NotedDate

FORMATS = ("%d %B", "%d %b", "%B %d", "%b %d", "%d/%m", "%d.%m", "%d-%m")
WITH_YEAR = ("%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d")
CHANGES = frozenset(change.value for change in Change)


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


def day_name(noted: NotedDate) -> str:
    """Return '14 March' for a noted day."""
    return noted_day(noted.month, noted.day)


async def dates_command(update: Update, context: WithinContext) -> None:
    """/dates: the noted days with their names (behind the lock), and a way to note one."""
    wording = context.wording
    lines = []
    buttons = []
    for noted in await dates.list_dates(context.work, chat_of(update)):
        repeat = (
            wording.text("dates_every_year")
            if noted.year is None
            else wording.text("dates_once", year=noted.year)
        )
        line = wording.text("dates_line", day=day_name(noted), repeat=repeat, label=noted.label)
        lines.append(line + (wording.text("dates_eve_line") if noted.eve else ""))
        buttons.append((noted.id, day_name(noted)))
    text = (
        wording.text("dates_list", dates="\n".join(lines)) if lines else wording.text("dates_none")
    )
    await say(update, context, text, steady_keyboards.dates(wording, buttons), protect=True)


async def on_dates_button(update: Update, context: WithinContext, pressed: Button) -> None:
    """Note a date, answer once-or-yearly and the eve question, or remove one."""
    await retire_buttons(update)
    wording = context.wording
    if pressed.verb == "add":
        if await unlocked(update, context, passcode_question(Unlocks.DATES)):
            asked = await dates.start_noting(context.work, chat_of(update))
            key = "dates_ask_day" if asked else "dates_full"
            await say(update, context, wording.text(key, most=MOST_DATES))
        return
    change = Change(pressed.verb) if pressed.verb in CHANGES else Change.NO_EVE
    noted = await dates.change_date(
        context.work, chat_of(update), pressed.number, change, now(context)
    )
    if noted is None:
        await say(update, context, wording.text("dates_gone"))
    elif change is Change.DROP:
        await say(update, context, wording.text("dates_removed"))
    elif change in (Change.YEARLY, Change.ONCE):
        markup = steady_keyboards.date_eve(wording, noted.id)
        await say(update, context, wording.text("dates_ask_eve"), markup)
    else:
        await say(update, context, wording.text("dates_noted", day=day_name(noted)))


async def answer_day(update: Update, context: WithinContext, typed: str) -> None:
    """A typed date: note it (unnamed yet) and ask for its name; or ask again, kindly."""
    found = parse_day(typed)
    if found is None:
        await say(update, context, context.wording.text("dates_day_not_understood"))
        return
    await dates.note_day(context.work, chat_of(update), *found)
    await say(update, context, context.wording.text("dates_ask_label"))


async def answer_label(update: Update, context: WithinContext, typed: str) -> None:
    """The person's own name for the date: kept encrypted; then once or every year."""
    wording = context.wording
    label = " ".join(typed.split())
    if not label or len(label) > LONGEST_LABEL:
        await say(update, context, wording.text("dates_label_too_long", most=LONGEST_LABEL))
        return
    date_id = await dates.name_date(context.work, chat_of(update), label)
    if date_id is None:  # given up part-way (e.g. /dates again): nothing to name
        await say(update, context, wording.text("dates_gone"))
        return
    markup = steady_keyboards.date_repeat(wording, date_id)
    await say(update, context, wording.text("dates_ask_repeat"), markup)
