"""Send reflections through Telegram: one path for the engine and /today, errors translated."""

from __future__ import annotations

from functools import lru_cache

from telegram import InlineKeyboardMarkup, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import ExtBot

from bot import keyboards
from bot.context import Resources
from bot.retries import Retry
from reflections.library import Messages, Reflection
from reflections.render import render
from scheduler.engine import Outgoing, Rejected, Transient, Unreachable


@lru_cache(maxsize=512)
def reflection_text(reflection: Reflection, messages: Messages, starts_round: bool) -> str:
    """Return a reflection's message; a few dozen are sent many times, so each renders once."""
    return render(reflection, messages, new_round=starts_round)


def reflection_message(
    resources: Resources, reflection: Reflection, *, starts_round: bool, asks_checkin: bool
) -> str:
    """Return a reflection's message, with a short question above any check-in buttons."""
    text = reflection_text(reflection, resources.library.messages, starts_round)
    if asks_checkin:
        return text + "\n\n" + resources.wording.text("checkin_question")
    return text


async def send_reflection(
    bot: ExtBot[Retry],
    resources: Resources,
    chat_id: int,
    reflection_id: str,
    *,
    starts_round: bool,
    silent: bool,
    markup: InlineKeyboardMarkup | None = None,
    discreet: bool = False,
    paid: bool = False,
    asks_checkin: bool = False,
    retry: Retry | None = None,
) -> Message:
    """Send one reflection (the first, if that id has left the library); Telegram's errors pass.

    Discreet: a neutral line, silently, and a Read button that shows the reflection in place.
    Paid: sent as a paid broadcast, past Telegram's free 30 a second (the engine's sends only).
    `retry` says whose the retries are: a reply's by default, or the engine's (Retry.REFLECTION).
    """
    library = resources.library
    steadying = resources.steadying
    gentler = steadying.get(reflection_id)
    reflection = library.get(reflection_id) or library.reflections[0]
    if discreet:
        shown = gentler.id if gentler else reflection.id
        return await bot.send_message(
            chat_id,
            resources.wording.text("discreet_reflection"),
            disable_notification=True,
            reply_markup=keyboards.read_button(resources.wording, shown),
            allow_paid_broadcast=paid or None,
            rate_limit_args=retry,
        )
    if gentler is not None:  # a hard date's, or one in its place: no label, and /steady near
        return await bot.send_message(
            chat_id,
            steadying.render(gentler),
            parse_mode=ParseMode.HTML,
            disable_notification=silent,
            reply_markup=keyboards.steady_offer(resources.wording),
            allow_paid_broadcast=paid or None,
        )
    return await bot.send_message(
        chat_id,
        reflection_message(
            resources, reflection, starts_round=starts_round, asks_checkin=asks_checkin
        ),
        parse_mode=ParseMode.HTML,
        disable_notification=silent,
        reply_markup=markup or keyboards.reflection(resources.wording),
        allow_paid_broadcast=paid or None,
        rate_limit_args=retry,
    )


class TelegramSender:
    """The engine's sender: raise Unreachable, Rejected or Transient on failure."""

    def __init__(self, bot: ExtBot[Retry], resources: Resources) -> None:
        self.bot = bot
        self.resources = resources
        self.markup = keyboards.reflection(resources.wording)  # most reflections carry just this

    def markup_for(self, item: Outgoing) -> InlineKeyboardMarkup:
        """Return the buttons under one reflection: check-ins or their offer, and pause."""
        wording = self.resources.wording
        shown = item.shown
        if shown.offer_known:
            return keyboards.reflection(wording, checkin_on=shown.checkin_on, offer_known=True)
        if shown.offer_checkins:
            return keyboards.reflection(wording, offer=True)
        if shown.checkin_on is not None:
            return keyboards.reflection(wording, checkin_on=shown.checkin_on)
        return self.markup

    async def __call__(self, item: Outgoing) -> int:
        try:
            message = await send_reflection(
                self.bot,
                self.resources,
                item.chat_id,
                item.reflection_id,
                starts_round=item.starts_round,
                silent=item.silent,
                markup=self.markup_for(item),
                discreet=item.shown.discreet,
                paid=self.resources.settings.paid_broadcast,
                asks_checkin=item.shown.checkin_on is not None and not item.shown.offer_checkins,
                retry=Retry.REFLECTION,  # a reflection that may have arrived is not resent here
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
