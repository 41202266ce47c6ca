"""What the lock keeps closed, declared once: every command, button and pending answer that
can show or change the journal, the plan, check-ins or /weeks asks for the passcode first.

Left open on purpose: keeping or not keeping a note just written (it adds to the journal, and
shows nothing of it), today's one-tap check-in (it shows nothing earlier), /delete (the way to
start again when a passcode is forgotten) and /sos (help must never wait for a passcode).
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Update

from bot.callback_data import Action, Button
from bot.chat import Handler
from bot.context import WithinContext
from bot.handlers import checkins, dates, journal, known, plan
from bot.unlocking import locked, unlocked
from states.awaiting import Awaiting, Unlocks, passcode_question


@dataclass(frozen=True, slots=True)
class Closed:
    """Something behind the lock: the passcode question it asks, and what opens once right."""

    asks: Awaiting
    opens: Handler


JOURNAL = Closed(passcode_question(Unlocks.JOURNAL), journal.journal_command)
EXPORT = Closed(passcode_question(Unlocks.EXPORT), journal.export_command)
PLAN = Closed(passcode_question(Unlocks.PLAN), plan.plan_command)
WEEKS = Closed(passcode_question(Unlocks.WEEKS), checkins.weeks_command)
# Their buttons ask for the passcode themselves (bot/handlers/known.py and dates.py).
KNOWN = Closed(passcode_question(Unlocks.KNOWN), known.known_command)
DATES = Closed(passcode_question(Unlocks.DATES), dates.dates_command)

COMMANDS: dict[str, Closed] = {
    "journal": JOURNAL,
    "export": EXPORT,
    "plan": PLAN,
    "weeks": WEEKS,
    "known": KNOWN,
    "dates": DATES,
}
# Every press of these buttons (every verb: start, carry on, skip, keep, drop, show, change…).
BUTTONS: dict[Action, Closed] = {Action.JOURNAL: JOURNAL, Action.PLAN: PLAN}
# Only these verbs of these buttons: Undo takes a kept entry out of the journal.
BUTTON_VERBS: dict[Action, tuple[frozenset[str], Closed]] = {
    Action.ENTRY: (frozenset({"undo"}), JOURNAL),
}
# What a right passcode opens: the step that asked for it goes on.
UNLOCKS: dict[Awaiting, Handler] = {
    closed.asks: closed.opens for closed in (JOURNAL, EXPORT, PLAN, WEEKS, KNOWN, DATES)
}


def command(name: str, handler: Handler) -> Handler:
    """Return a command's handler, asking for the passcode first if it is behind the lock."""
    closed = COMMANDS.get(name)
    return handler if closed is None else locked(closed.asks, handler)


def for_button(pressed: Button) -> Closed | None:
    """Return what a button press would open or change behind the lock, if anything."""
    if pressed.action in BUTTONS:
        return BUTTONS[pressed.action]
    verbs, closed = BUTTON_VERBS.get(pressed.action, (frozenset(), None))
    return closed if pressed.verb in verbs else None


def for_answer(awaiting: Awaiting | None) -> Closed | None:
    """Return what a typed answer would change behind the lock: a part of the plan."""
    return PLAN if awaiting is not None and awaiting.part is not None else None


async def may_go_on(update: Update, context: WithinContext, closed: Closed | None) -> bool:
    """Tell whether the step may go on; if it is behind a closed lock, ask for the passcode."""
    return closed is None or await unlocked(update, context, closed.asks)
