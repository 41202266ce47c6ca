"""Send a claimed reflection through Telegram, translating its errors for the engine."""

from __future__ import annotations

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError

from bot import keyboards
from bot.context import Resources
from reflections.render import render
from scheduler.engine import Outgoing, Rejected, Transient, Unreachable


class TelegramSender:
    """Render and send one reflection; raise Unreachable, Rejected or Transient on failure."""

    def __init__(self, bot: Bot, resources: Resources) -> None:
        self.bot = bot
        self.resources = resources
        self.markup = keyboards.reflection(resources.wording)
        self._rendered: dict[tuple[str, bool], str] = {}  # a few dozen texts, sent many times

    def text(self, item: Outgoing) -> str:
        """Return the reflection's message, rendering each one only once."""
        key = (item.reflection_id, item.starts_round)
        if key not in self._rendered:
            library = self.resources.library
            reflection = library.get(item.reflection_id) or library.reflections[0]
            self._rendered[key] = render(reflection, library.messages, new_round=item.starts_round)
        return self._rendered[key]

    async def __call__(self, item: Outgoing) -> int:
        try:
            message = await self.bot.send_message(
                item.chat_id,
                self.text(item),
                parse_mode=ParseMode.HTML,
                disable_notification=item.silent,
                reply_markup=self.markup,
            )
        except Forbidden as error:
            raise Unreachable(type(error).__name__) from None
        except BadRequest as error:
            if "chat not found" in error.message.lower():
                raise Unreachable("chat not found") from None
            raise Rejected(error.message) from None
        except TelegramError as error:  # RetryAfter after retries, timeouts, network, 5xx
            raise Transient(type(error).__name__) from None
        return message.message_id
