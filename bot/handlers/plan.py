"""/plan: a personal safety plan, written one calm question at a time, kept encrypted."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardMarkup, Update

from bot import keyboards
from bot.callback_data import Action, Button
from bot.chat import chat_of, now, retire_buttons, say
from bot.context import WithinContext
from bot.wording import plan as plan_text
from states.awaiting import Awaiting
from states.kinds import PlanPart
from usecases import plan


async def plan_command(update: Update, context: WithinContext) -> None:
    """/plan: offer to begin, or show the plan with ways to carry on or change it."""
    if not await plan.open_plan(context.work, chat_of(update)):
        markup = keyboards.single(
            context.wording, "plan_start_button", Button(Action.PLAN, "start")
        )
        await say(update, context, context.wording.text("plan_intro"), markup)
        return
    await show_plan(update, context)


async def show_plan(update: Update, context: WithinContext) -> None:
    """Send the whole plan as one message, protected from forwarding, with the country's lines."""
    written = await plan.read_plan(context.work, chat_of(update))
    country = context.resources.directory.country(written.country)
    text = plan_text.whole_plan(context.wording, written.parts, country)
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
        await plan.pause_plan(context.work, chat_of(update))
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
        await plan.drop_part(context.work, chat_of(update), part)
        await ask(update, context, part, step=True, refill=False)


async def ask_next(update: Update, context: WithinContext, after: PlanPart | None) -> None:
    """Ask the next part still empty (after `after`, when given); finish when none is left."""
    part = await plan.next_part(context.work, chat_of(update), after)
    if part is None:
        await say(update, context, context.wording.text("plan_finished"))
        await show_plan(update, context)
        return
    await ask(update, context, part, step=True)


async def ask(
    update: Update, context: WithinContext, part: PlanPart, step: bool, refill: bool = True
) -> None:
    """Ask one part, remembering in the database that typed text answers it."""
    wording = context.wording
    directory = context.resources.directory

    def services(code: str | None) -> str:
        return plan_text.services_from_directory(directory.country(code))

    chat_id = chat_of(update)
    at = now(context)
    asked = await plan.ask_part(
        context.work, chat_id, part, at, step=step, refill=refill, services=services
    )
    country = directory.country(asked.country)
    prefill = asked.prefilled
    before, after = _notes(context, asked.country, part) if step else ([], [])
    question = plan_text.question(wording, part, None if step else asked.current)
    text = "\n\n".join([*before, question, *after])
    if prefill:
        text += "\n\n" + wording.text("plan_services_filled", country=country.name or "anywhere")
        text += "\n" + escape(plan_text.services_from_directory(country), quote=False)
    await say(update, context, text, _markup(context, part, step, prefill))


def _notes(
    context: WithinContext, country_code: str | None, part: PlanPart
) -> tuple[list[str], list[str]]:
    """Return what is said before and after a part's question, the first time through.

    Before the people part: names are enough. After the surroundings part (never first, where a
    lock screen shows it): a plan for leaving belongs with a domestic abuse service.
    """
    wording = context.wording
    if part == PlanPart.PEOPLE:
        return [wording.text("plan_names_note")], []
    if part == PlanPart.SURROUNDINGS:
        country = context.resources.directory.country(country_code)
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
    typed = await plan.write_part(context.work, chat_of(update), awaiting, typed, now(context))
    if part == PlanPart.PEOPLE and plan_text.means_no_one(typed):
        await say(update, context, context.wording.text("plan_no_one"))
    if awaiting.step:
        await ask_next(update, context, after=part)
        return
    await say(update, context, context.wording.text("plan_saved"))
    await show_plan(update, context)
