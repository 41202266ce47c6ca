"""The question more than one handler asks: is someone safe right now."""

from __future__ import annotations

from telegram import Update

from bot import keyboards
from bot.chat import say
from bot.context import WithinContext


async def ask_if_safe(
    update: Update, context: WithinContext, kinds: tuple[str, ...], key: str = "safety_question"
) -> None:
    """Ask, gently and once, whether the person is safe right now; the buttons say what next."""
    suspected = kinds[0] if len(kinds) == 1 else "both"
    markup = keyboards.safety_question(context.wording, suspected)
    await say(update, context, context.wording.text(key), markup)
