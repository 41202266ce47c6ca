"""Typed text: an answer to a question the bot asked, or else something for the journal.

What each question's answer goes to is handed over by the registration (bot/app.py), so this
module knows no other handler.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from telegram import Update

from bot.chat import Handler, find_someone, say
from bot.context import WithinContext
from states.awaiting import Awaiting, Question

Answer = Callable[[Update, WithinContext, Awaiting, str], Awaitable[None]]
Taken = Callable[[Update, WithinContext], Awaitable[bool]]


@dataclass(frozen=True, slots=True)
class Answering:
    """Where typed text goes: each step is a handler of its own feature."""

    screen: Taken  # text that could be a passcode: taken first, deleted, never kept
    may_answer: Callable[[Update, WithinContext, Awaiting | None], Awaitable[bool]]  # the lock
    answers: Mapping[Question, Answer]  # what answers each question the bot asks
    keep: Taken  # otherwise, a note for the journal; False when the person has not started
    otherwise: Handler  # for someone who has not started


def on_text(answering: Answering) -> Handler:
    """Return the handler routing typed text by what the bot waits for (kept in the database).

    Anything that could be a passcode is taken first, deleted and never kept; an answer that
    would change what is behind the lock asks for the passcode instead.
    """

    async def routed(update: Update, context: WithinContext) -> None:
        if await answering.screen(update, context):
            return
        someone = await find_someone(update, context)  # the passcode question may be forgotten
        awaiting = someone.pending if someone else None
        if not await answering.may_answer(update, context, awaiting):
            return
        message = update.effective_message
        typed = message.text or "" if message else ""
        answer = answering.answers.get(awaiting.question) if awaiting else None
        if awaiting is not None and answer is not None:
            await answer(update, context, awaiting, typed)
        elif not await answering.keep(update, context):
            await answering.otherwise(update, context)

    return routed


async def on_media(update: Update, context: WithinContext) -> None:
    """Photos, stickers, voice notes and the like: explain gently that only text is read."""
    someone = await find_someone(update, context)
    key = "media_while_asking" if someone and someone.pending else "media_not_kept"
    await say(update, context, context.wording.text(key))
