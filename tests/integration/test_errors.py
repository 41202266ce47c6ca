"""Failures: the error handler keeps the bot running and logs no content; the fake's errors are
Telegram's own."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from telegram import Bot
from telegram.error import BadRequest, Forbidden, RetryAfter
from telegram.ext import MessageHandler, filters

from bot.app import build_application
from bot.context import resources_of
from cli.logs import QUIET_LIBRARIES, quiet_libraries
from config.settings import Settings
from fake_bot_api import ApiError, FakeTelegram
from fake_bot_api.harness import BotHarness
from fake_bot_api.people import FakePerson
from tests.integration.helpers import Words

SECRET = "my husband has a second phone"


@pytest.fixture(autouse=True)
def production_logging(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Log as the running bot does, at DEBUG, and restore library levels afterwards."""
    saved = {name: logging.getLogger(name).level for name in QUIET_LIBRARIES}
    quiet_libraries()
    caplog.set_level(logging.DEBUG)
    yield
    for name, level in saved.items():
        logging.getLogger(name).setLevel(level)


async def test_a_failing_handler_is_logged_without_text_and_the_bot_goes_on(
    settings: Settings, fake: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    application = build_application(settings)

    async def explode(update: object, context: object) -> None:
        raise ValueError(f"could not handle {SECRET}")

    application.add_handler(MessageHandler(filters.Regex("phone"), explode), group=-3)
    async with BotHarness(application, fake) as bot:
        words = Words.of(bot)
        person = bot.person(77)
        update = await person.send(SECRET)
        assert person.texts[0] == words("something_went_wrong")
        await person.send("/help")
        assert person.last_text == words("help")

    assert f"ValueError while handling update {update['update_id']}" in caplog.text
    assert SECRET not in caplog.text
    assert "second phone" not in caplog.text


async def test_no_message_text_reaches_the_logs_at_debug(
    bot: BotHarness, person: FakePerson, caplog: pytest.LogCaptureFixture
) -> None:
    await person.send("/start")
    await person.send(SECRET)
    assert SECRET not in caplog.text


@pytest.mark.parametrize(
    ("error", "raised", "detail"),
    [
        (ApiError.blocked(), Forbidden, "bot was blocked by the user"),
        (ApiError.deactivated(), Forbidden, "user is deactivated"),
        (ApiError.too_many_requests(7), RetryAfter, "7"),
        (ApiError.cant_parse(), BadRequest, "parse entities"),
        (ApiError.too_long(), BadRequest, "message is too long"),
        (ApiError.chat_not_found(), BadRequest, "chat not found"),
    ],
)
async def test_the_fake_returns_telegrams_errors(
    settings: Settings, fake_server: object, fake: FakeTelegram, error, raised, detail
) -> None:
    fake.known_chats[5] = {"id": 5, "type": "private", "first_name": "Sam"}
    fake.fail(error, chat_id=5)
    async with Bot(settings.bot_token, base_url=settings.api_base_url) as raw_bot:
        with pytest.raises(raised) as caught:
            await raw_bot.send_message(5, "hi")
        assert detail.lower() in str(caught.value).lower()
        await raw_bot.send_message(5, "the failure was for one call only")


async def test_the_bots_rate_limiter_waits_out_a_429(
    bot: BotHarness, person: FakePerson, fake: FakeTelegram
) -> None:
    fake.fail(ApiError.too_many_requests(1), chat_id=person.chat_id)
    await bot.application.bot.send_message(person.chat_id, "after waiting")
    attempts = fake.calls_to("sendMessage")
    assert len(attempts) == 2
    assert attempts[1].at - attempts[0].at >= 0.9
    assert person.texts == ["after waiting"]


async def test_the_fake_checks_html_and_length_itself(bot: BotHarness, person: FakePerson) -> None:
    send = bot.application.bot.send_message
    with pytest.raises(BadRequest, match="parse entities"):
        await send(person.chat_id, "<b>unclosed", parse_mode="HTML")
    with pytest.raises(BadRequest, match="parse entities"):
        await send(person.chat_id, "<script>x</script>", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await send(person.chat_id, "é" * 4097)
    await send(person.chat_id, "<b>fine</b> &amp; " + "x" * 4000, parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await send(999_999, "nobody here")


async def test_blocked_person_gets_403(bot: BotHarness, person: FakePerson) -> None:
    await person.block()
    with pytest.raises(Forbidden, match="blocked"):
        await bot.application.bot.send_message(person.chat_id, "hello")


async def test_each_kind_of_error_is_logged_once_then_counted(
    settings: Settings, fake: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    application = build_application(settings)

    async def explode(update: object, context: object) -> None:
        raise ValueError(f"could not handle {SECRET}")

    application.add_handler(MessageHandler(filters.Regex("phone"), explode), group=-3)
    async with BotHarness(application, fake) as bot:
        person = bot.person(77)
        for _ in range(3):
            await person.send(SECRET)
        assert caplog.text.count("ValueError while handling update") == 1
        resources_of(application).errors.every = 0  # as if a minute had passed
        await person.send(SECRET)
        assert "ValueError again: 3 more since last reported" in caplog.text
        gentle = Words.of(bot)("something_went_wrong")
        assert person.texts.count(gentle) == 4  # each time a gentle word all the same
    assert SECRET not in caplog.text
