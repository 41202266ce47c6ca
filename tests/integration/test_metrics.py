"""Prometheus metrics, scraped from /metrics after a delivery, a 429 and a handler error."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta

import httpx
import pytest
import tornado.netutil
from prometheus_client.parser import text_string_to_metric_families

from bot.app import build_application
from bot.context import resources_of
from bot.webhook import webhook_server
from cli.service import serve_metrics
from config.settings import ConfigError, Settings
from fake_bot_api import FakeTelegram
from fake_bot_api.errors import ApiError
from fake_bot_api.harness import BotHarness
from scheduler.clock import ManualClock
from tests.integration.delivery_helpers import seed_people
from tests.integration.test_delivery import SATURDAY_8
from tests.integration.test_running import free_port

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


@pytest.fixture
async def scraped(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> AsyncIterator[tuple[BotHarness, str]]:
    """The bot, and the address of /metrics on its own loopback port."""
    clock.set(SATURDAY_8 + timedelta(seconds=42))  # 42 s after everyone's chosen 08:00
    application = build_application(settings, clock=clock, deliver=False)
    port = free_port()
    stop = serve_metrics(replace(settings, metrics_port=port))
    assert stop is not None
    try:
        async with BotHarness(application, fake) as bot:
            yield bot, f"http://127.0.0.1:{port}/metrics"
    finally:
        stop()


async def test_the_webhook_listener_does_not_serve_metrics(settings: Settings) -> None:
    application = build_application(settings, deliver=False)
    server = webhook_server(application, "hook", "s3cret-for-tests")
    sockets = tornado.netutil.bind_sockets(0, "127.0.0.1")
    server.add_sockets(sockets)
    try:
        async with httpx.AsyncClient() as client:
            answer = await client.get(f"http://127.0.0.1:{sockets[0].getsockname()[1]}/metrics")
        assert answer.status_code == 404
        assert "within_" not in answer.text
    finally:
        server.stop()


async def scrape(url: str) -> Samples:
    async with httpx.AsyncClient() as client:
        answer = await client.get(url)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(answer.text)
        for sample in family.samples
    }


def grew(before: Samples, after: Samples, name: str, **labels: str) -> float:
    key = (name, tuple(sorted(labels.items())))
    return after.get(key, 0.0) - before.get(key, 0.0)


async def test_a_delivery_a_429_and_an_error_show_in_the_metrics(
    scraped: tuple[BotHarness, str], fake: FakeTelegram
) -> None:
    bot, url = scraped
    engine = resources_of(bot.application).engine
    assert engine is not None
    engine.settings.retry_delays = (0.01, 0.01, 0.01)
    await seed_people(resources_of(bot.application).database, fake, range(1, 4), SATURDAY_8)
    fake.fail(ApiError.too_many_requests(1), method="sendMessage", chat_id=2)
    before = await scrape(url)

    report = await engine.tick()
    assert report.sent == 3
    person = bot.person(77)
    fake.fail(ApiError.cant_parse(), method="sendMessage", chat_id=77)
    await person.send("/help")
    after = await scrape(url)

    assert grew(before, after, "within_reflections_total", outcome="sent") == 3
    assert grew(before, after, "within_telegram_429_total") == 1
    assert grew(before, after, "within_telegram_held_seconds_total") >= 1
    assert grew(before, after, "within_handler_errors_total", kind="BadRequest") == 1
    assert grew(before, after, "within_updates_total", kind="command") == 0  # not via the queue
    # Lateness is measured on the bot's clock (here standing still 42 s after 08:00).
    assert grew(before, after, "within_lateness_seconds_count") == 3
    assert grew(before, after, "within_lateness_seconds_sum") == pytest.approx(3 * 42)
    assert grew(before, after, "within_lateness_seconds_bucket", le="30.0") == 0
    assert grew(before, after, "within_lateness_seconds_bucket", le="60.0") == 3
    assert grew(before, after, "within_tick_seconds_count") == 1
    assert after[("within_due_last_tick", ())] == 3


async def test_no_label_carries_a_chat_id_or_text(scraped: tuple[BotHarness, str]) -> None:
    bot, url = scraped
    person = bot.person(9876543, queued=True)
    await person.send("the secret I wrote")
    await bot.fake.wait_for(lambda: bool(bot.fake.sent[9876543]))
    async with httpx.AsyncClient() as client:
        text = (await client.get(url)).text
    assert "9876543" not in text
    assert "secret" not in text
    samples = await scrape(url)
    assert samples[("within_updates_total", (("kind", "message"),))] >= 1


def test_polling_mode_serves_metrics_on_the_loopback_port(settings: Settings) -> None:
    port = free_port()
    stop = serve_metrics(replace(settings, metrics_port=port))
    assert stop is not None
    try:
        answer = httpx.get(f"http://127.0.0.1:{port}/metrics")
        assert answer.status_code == 200 and "within_reflections_total" in answer.text
        with pytest.raises(ConfigError, match=f"METRICS_PORT {port} could not be used"):
            serve_metrics(replace(settings, metrics_port=port))  # taken: one clear sentence
    finally:
        stop()
    assert serve_metrics(settings) is None  # not set: nothing served
