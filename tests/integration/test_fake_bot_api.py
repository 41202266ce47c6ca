"""The fake Bot API itself: buttons, edits and media reach a real Application as they would."""

from __future__ import annotations

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import (
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.app import build_application
from bot.context import WithinContext
from config.settings import Settings
from fake_bot_api import FakeTelegram
from fake_bot_api.harness import BotHarness


async def ask(update: Update, context: WithinContext) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Yes please", callback_data="yes")]])
    assert update.effective_message is not None
    await update.effective_message.reply_text("Would you like one?", reply_markup=keyboard)
    raise ApplicationHandlerStop


async def answer(update: Update, context: WithinContext) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    await query.edit_message_text(f"You chose {query.data}.")
    raise ApplicationHandlerStop


async def describe(update: Update, context: WithinContext) -> None:
    message = update.effective_message
    assert message is not None
    kind = "photo" if message.photo else "sticker" if message.sticker else "voice"
    await message.reply_text(f"got a {kind}")
    raise ApplicationHandlerStop


@pytest.fixture
async def playground(settings: Settings, fake: FakeTelegram):
    application = build_application(settings)
    application.add_handler(CommandHandler("ask", ask), group=-3)
    application.add_handler(CallbackQueryHandler(answer), group=-3)
    media = filters.PHOTO | filters.Sticker.ALL | filters.VOICE
    application.add_handler(MessageHandler(media, describe), group=-3)
    async with BotHarness(application, fake) as harness:
        yield harness


async def test_pressing_a_button_reaches_the_handler(playground, fake: FakeTelegram) -> None:
    person = playground.person(3)
    await person.send("/ask")
    question = person.last
    assert question["reply_markup"]["inline_keyboard"][0][0]["text"] == "Yes please"

    await person.press("yes please")
    assert person.last_text == "You chose yes."
    assert person.last["message_id"] == question["message_id"]
    assert len(fake.calls_to("answerCallbackQuery")) == 1


async def test_an_edit_that_changes_nothing_gives_not_modified(
    playground, settings: Settings
) -> None:
    person = playground.person(3)
    await person.send("/ask")
    question = person.last
    await person.press_data("yes", question)
    async with Bot(settings.bot_token, base_url=settings.api_base_url) as raw_bot:
        with pytest.raises(BadRequest, match="not modified"):
            await raw_bot.edit_message_text(
                "You chose yes.", chat_id=3, message_id=question["message_id"]
            )
        with pytest.raises(BadRequest, match="not modified"):  # it has no buttons left
            await raw_bot.edit_message_reply_markup(chat_id=3, message_id=question["message_id"])


async def test_media_updates_arrive_as_media(playground) -> None:
    person = playground.person(3)
    await person.send_photo()
    await person.send_sticker()
    await person.send_voice()
    assert person.texts[-3:] == ["got a photo", "got a sticker", "got a voice"]


async def test_replies_carry_the_message_replied_to(playground, fake: FakeTelegram) -> None:
    seen: list[int] = []

    async def remember(update: Update, context: WithinContext) -> None:
        message = update.effective_message
        assert message is not None and message.reply_to_message is not None
        seen.append(message.reply_to_message.message_id)
        raise ApplicationHandlerStop

    playground.application.add_handler(MessageHandler(filters.REPLY, remember), group=-3)
    person = playground.person(3)
    await person.send("/ask")
    await person.send("a reply", reply_to=person.last["message_id"])
    assert seen == [person.fake.sent[3][0]["message_id"]]
