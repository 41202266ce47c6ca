"""/start and set-up, by buttons and by typing, as a person would go through them."""

from __future__ import annotations

from datetime import UTC, datetime, time

from bot.app import build_application
from bot.wording.catalogue import load_wording
from config.settings import Settings
from fake_bot_api import FakeBotApiServer, FakeTelegram
from fake_bot_api.harness import BotHarness
from fake_bot_api.people import FakePerson
from scheduler.clock import ManualClock
from tests.conftest import make_settings
from tests.integration.helpers import Words, stored
from timing.local import WEEKDAYS


async def test_menu_is_set_at_start(bot: BotHarness, fake: FakeTelegram) -> None:
    assert [c["command"] for c in fake.commands] == list(load_wording().commands)
    assert {"start", "today", "settings", "pause", "stop", "help"} <= {
        c["command"] for c in fake.commands
    }


async def test_onboarding_with_buttons(bot: BotHarness, person: FakePerson) -> None:
    # Literal on purpose: one whole set-up as a person reads it, so a rewording of the first
    # messages anyone sees is noticed here; other tests find the words by wording key.
    await person.send("/start")
    assert person.texts[0].startswith("Hello, and welcome to Within.")
    assert "not a person" in person.texts[0] and "Nobody reads this chat" in person.texts[0]
    assert person.last_text.startswith("What time of day would suit you?")
    saved = await stored(bot, person.chat_id)
    assert saved is not None and not saved.setup_complete and saved.next_delivery_at is None

    await person.press("07:00")
    assert person.last_text.startswith("Which time zone are you in?")
    await person.press("Dublin")
    assert person.last_text == "Which days would you like reflections?"
    await person.press("Weekdays")
    assert person.last_text.startswith("One more thing, if you'd like. Might someone else see")
    await person.press("No")

    # Saturday 5 December: the first weekday is Monday 7 December.
    assert person.last_text.startswith(
        "All set. Your first reflection will arrive on Monday 7 December at 07:00 (Dublin time)."
    )
    saved = await stored(bot, person.chat_id)
    assert saved is not None
    assert (saved.send_time, saved.timezone, saved.days) == (time(7), "Europe/Dublin", WEEKDAYS)
    assert saved.setup_complete
    assert saved.next_delivery_at == datetime(2026, 12, 7, 7, 0, tzinfo=UTC)


async def test_onboarding_by_typing_with_mistakes(
    bot: BotHarness, person: FakePerson, words: Words
) -> None:
    await person.send("/start")
    for wrong in ("soon", "25:00", "🌅", "x" * 5000):
        await person.send(wrong)
        assert person.last_text == words("time_not_understood")
    await person.send("7.30pm")
    assert person.last_text == words("ask_zone")
    await person.send("Atlantis")
    assert person.last_text == words("zone_not_understood")
    await person.send_photo()
    assert person.last_text == words("media_while_asking")
    await person.send("new york")
    await person.press("Every day")
    await person.press("No")
    assert person.last_text.startswith(
        words.opening("setup_done", when="Saturday 5 December at 19:30 (New York time)")
    )


async def test_an_offset_is_explained_and_nearest_zones_offered(
    bot: BotHarness, person: FakePerson, words: Words
) -> None:
    await person.send("/start")
    await person.press("08:00")
    await person.send("UTC+2")
    assert person.last_text == words("zone_is_offset")
    labels = [b["text"] for row in person.last["reply_markup"]["inline_keyboard"] for b in row]
    assert "Athens" in labels and "Johannesburg" in labels
    await person.press("Athens")
    assert person.last_text == words("ask_days")
    saved = await stored(bot, person.chat_id)
    assert saved is not None and saved.timezone == "Europe/Athens"


async def test_a_country_with_several_zones_offers_them(
    bot: BotHarness, person: FakePerson, words: Words
) -> None:
    await person.send("/start")
    await person.press("09:00")
    await person.send("USA")
    assert person.last_text == words("zone_choose")
    await person.press("Chicago")
    saved = await stored(bot, person.chat_id)
    assert saved is not None and saved.timezone == "America/Chicago"


async def test_choosing_single_days(bot: BotHarness, person: FakePerson, words: Words) -> None:
    await person.send("/start")
    await person.press("08:00")
    await person.press("London")
    await person.press("Choose days")
    assert person.last_text == words("ask_choose_days")
    for day in ("Tue", "Wed", "Thu", "Fri", "Sat", "Sun"):
        await person.press(day)  # untick all but Monday
    await person.press("Mon")  # the last day cannot be unticked
    saved = await stored(bot, person.chat_id)
    assert saved is not None and saved.days == 0b0000001
    await person.press("Done")
    await person.press("No")
    assert person.last_text.startswith(
        words.opening("setup_done", when="Monday 7 December at 08:00 (London time)")
    )


async def test_start_again_shows_settings_and_resets_nothing(
    bot: BotHarness, person: FakePerson, words: Words
) -> None:
    await onboard(person)
    first = await stored(bot, person.chat_id)
    await person.send("/start")
    settings = words.opening("settings_summary", time="08:00", zone="London time")
    assert person.last_text.startswith(f"{words('already_started')}\n\n{settings}")
    # Today's 08:00 has passed: the next is tomorrow's.
    assert person.last_text.endswith(
        words("next_at", when="Sunday 6 December at 08:00 (London time)")
    )
    again = await stored(bot, person.chat_id)
    assert first is not None and again is not None
    assert (again.created_at, again.send_time, again.setup_complete) == (
        first.created_at,
        first.send_time,
        True,
    )


async def test_abandoned_setup_resumes_on_start(
    bot: BotHarness, person: FakePerson, words: Words
) -> None:
    await person.send("/start")
    await person.press("07:00")
    await person.send("/start")
    assert person.texts[-2:] == [words("setup_again"), words("ask_time")]


async def test_what_we_wait_for_lives_in_the_database(
    fake_server: FakeBotApiServer, fake: FakeTelegram, sqlite_url: str, clock: ManualClock
) -> None:
    """A second process (or a restart) understands a typed answer the first one asked for."""
    settings: Settings = make_settings(fake_server.root_url, sqlite_url)
    async with BotHarness(build_application(settings, clock=clock), fake) as first:
        person = first.person(55)
        await person.send("/start")
    async with BotHarness(build_application(settings, clock=clock), fake) as second:
        person = second.person(55)
        await person.send("6:45am")
        assert person.last_text == Words.of(second)("ask_zone")
        saved = await stored(second, 55)
    assert saved is not None and saved.send_time == time(6, 45)


async def onboard(person: FakePerson, at: str = "08:00", zone: str = "London") -> None:
    await person.send("/start")
    await person.press(at)
    await person.press(zone)
    await person.press("Every day")
    await person.press("No")  # nobody else sees this phone
