"""/plan: a personal safety plan, written one calm question at a time, kept encrypted."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardMarkup, Update

from bot import keyboards
from bot.callback_data import Action, Button
from bot.chat import now, person_session, retire_buttons, say
from bot.context import WithinContext
from bot.wording import plan as plan_text
from states.awaiting import Awaiting, plan_question
from states.kinds import PlanPart
from storage import plans
from storage.crypto import JournalCipher, plan_owner
from storage.models import Person


async def plan_command(update: Update, context: WithinContext) -> None:
    """/plan: offer to begin, or show the plan with ways to carry on or change it."""
    async with person_session(update, context) as (session, person):
        person.awaiting = None
        written = await plans.has_plan(session, person.chat_id)
    if not written:
        markup = keyboards.single(
            context.wording, "plan_start_button", Button(Action.PLAN, "start")
        )
        await say(update, context, context.wording.text("plan_intro"), markup)
        return
    await show_plan(update, context)


async def show_plan(update: Update, context: WithinContext) -> None:
    """Send the whole plan as one message, protected from forwarding, with the country's lines."""
    async with person_session(update, context) as (session, person):
        plan = await _decrypted(
            context, person.chat_id, await plans.plan_parts(session, person.chat_id)
        )
    country = context.resources.directory.country(person.country)
    text = plan_text.whole_plan(context.wording, plan, country)
    await say(update, context, text, keyboards.plan_actions(context.wording), protect=True)


async def on_plan_button(update: Update, context: WithinContext, pressed: Button) -> None:
    """Start, carry on, skip, finish, show, or change a part (behind the lock, every one)."""
    await retire_buttons(update)
    verb, _, name = pressed.arg.partition("-")
    part = PlanPart(name) if name else None
    if verb in ("start", "carry"):
        await ask_next(update, context, after=None)
    elif verb == "skip" and part is not None:
        await ask_next(update, context, after=part)
    elif verb == "finish":
        async with person_session(update, context) as (_, person):
            person.awaiting = None
        await say(update, context, context.wording.text("plan_paused"))
    elif verb == "show":
        await show_plan(update, context)
    elif verb == "change":
        markup = keyboards.plan_parts(context.wording)
        await say(update, context, context.wording.text("plan_choose_part"), markup)
    elif verb == "edit" and part is not None:
        await ask(update, context, part, step=False)
    elif verb == "keep" and part is not None:
        await ask_next(update, context, after=part)
    elif verb == "drop" and part is not None:
        async with person_session(update, context) as (session, person):
            await plans.clear_part(session, person.chat_id, part)
        await ask(update, context, part, step=True, refill=False)


async def ask_next(update: Update, context: WithinContext, after: PlanPart | None) -> None:
    """Ask the next part still empty (after `after`, when given); finish when none is left."""
    async with person_session(update, context) as (session, person):
        written = set(await plans.plan_parts(session, person.chat_id))
    start = 0 if after is None else plan_text.PARTS.index(after) + 1
    remaining = [part for part in plan_text.PARTS[start:] if part not in written]
    if not remaining:
        async with person_session(update, context) as (_, person):
            person.awaiting = None
        await say(update, context, context.wording.text("plan_finished"))
        await show_plan(update, context)
        return
    await ask(update, context, remaining[0], step=True)


async def ask(
    update: Update, context: WithinContext, part: PlanPart, step: bool, refill: bool = True
) -> None:
    """Ask one part, remembering in the database that typed text answers it."""
    wording, directory = context.wording, context.resources.directory
    async with person_session(update, context) as (session, person):
        person.awaiting = plan_question(part, step=step)
        stored = await plans.plan_parts(session, person.chat_id)
        country = directory.country(person.country)
        prefill = part == PlanPart.SERVICES and step and refill and part not in stored
        if prefill:
            cipher = _cipher(context)
            filled = plan_text.services_from_directory(country)
            await plans.save_part(
                session,
                person.chat_id,
                part,
                cipher.encrypt(filled, plan_owner(person.chat_id, part)),
                now(context),
            )
    current = (
        (await _decrypted(context, person.chat_id, stored)).get(part) if part in stored else None
    )
    before, after = _notes(context, person, part) if step else ([], [])
    asked = plan_text.question(wording, part, None if step else current)
    text = "\n\n".join([*before, asked, *after])
    if prefill:
        text += "\n\n" + wording.text("plan_services_filled", country=country.name or "anywhere")
        text += "\n" + escape(plan_text.services_from_directory(country), quote=False)
    await say(update, context, text, _markup(context, part, step, prefill))


def _notes(context: WithinContext, person: Person, part: PlanPart) -> tuple[list[str], list[str]]:
    """Return what is said before and after a part's question, the first time through.

    Before the people part: names are enough. After the surroundings part (never first, where a
    lock screen shows it): a plan for leaving belongs with a domestic abuse service.
    """
    wording = context.wording
    if part == PlanPart.PEOPLE:
        return [wording.text("plan_names_note")], []
    if part == PlanPart.SURROUNDINGS:
        country = context.resources.directory.country(person.country)
        line = (country.abuse or (country.emergency,))[0]
        return [], [wording.text("plan_leaving_note", line=f"{line.name}: {line.how}")]
    return [], []


def _markup(
    context: WithinContext, part: PlanPart, step: bool, prefill: bool
) -> InlineKeyboardMarkup:
    if prefill:
        return keyboards.plan_services(context.wording, part)
    return keyboards.plan_step(context.wording, part, step)


async def answer_part(update: Update, context: WithinContext, awaiting: Awaiting) -> None:
    """Keep typed text as a part of the plan; while writing the plan, ask the next part."""
    part = awaiting.part
    message = update.effective_message
    if part is None or message is None:
        return
    typed = (message.text or "").strip()
    if len(typed) > plan_text.MAX_PART_CHARACTERS:
        await say(update, context, context.wording.text("plan_too_long"))
        return
    cipher = _cipher(context)
    async with person_session(update, context) as (session, person):
        stored = await plans.plan_parts(session, person.chat_id)
        if awaiting.step and part == PlanPart.SERVICES and part in stored:  # add to the lines
            earlier = cipher.read(stored[part], plan_owner(person.chat_id, part))
            typed = typed if earlier is None else earlier + "\n" + typed
        sealed = cipher.encrypt(typed, plan_owner(person.chat_id, part))
        await plans.save_part(session, person.chat_id, part, sealed, now(context))
        person.awaiting = None
    if part == PlanPart.PEOPLE and plan_text.means_no_one(typed):
        await say(update, context, context.wording.text("plan_no_one"))
    if awaiting.step:
        await ask_next(update, context, after=part)
        return
    await say(update, context, context.wording.text("plan_saved"))
    await show_plan(update, context)


async def has_plan(context: WithinContext, chat_id: int) -> bool:
    """Tell whether someone has written any of a plan (for /sos and crisis answers)."""
    async with context.database.sessions() as session:
        return await plans.has_plan(session, chat_id)


def _cipher(context: WithinContext) -> JournalCipher:
    cipher = context.resources.cipher
    assert cipher is not None  # set at start
    return cipher


async def _decrypted(
    context: WithinContext, chat_id: int, stored: dict[PlanPart, bytes]
) -> dict[PlanPart, str]:
    cipher = _cipher(context)
    opened = {part: cipher.read(token, plan_owner(chat_id, part)) for part, token in stored.items()}
    return {part: text for part, text in opened.items() if text is not None}
