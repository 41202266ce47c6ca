"""The gentle answer to anything no handler took (and to commands someone may not use)."""

from __future__ import annotations

from telegram import Update

from bot.chat import say
from bot.context import WithinContext


async def not_understood(update: Update, context: WithinContext) -> None:
    """Answer anything no other handler took, gently and without keeping it.

    Text that was answered as crisis language gets no second, out-of-place reply.
    """
    if context.assessment is not None and context.assessment.answer is not None:
        # already answered by the crisis check, earlier in this update
        return
    await say(update, context, context.wording.text("not_understood"))
