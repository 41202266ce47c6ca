"""/sos, /support, /country, answers to crisis language, and discreet first lines."""

from __future__ import annotations

import re

import pytest

from bot.wording import safety as safety_text
from bot.wording.catalogue import load_wording
from fake_bot_api import FakeTelegram
from fake_bot_api.harness import BotHarness
from fake_bot_api.people import FakePerson
from reflections.loader import load_library
from reflections.render import as_seen, render
from safety.directory import load_directory
from tests.integration.helpers import stored
from tests.integration.test_onboarding import onboard

THANKS = "Thank you for telling me.\n\n"
ASK_TO_KEEP = "Would you like me to keep this as a private note? Only you can see it."
INDISCREET = re.compile(
    r"addict|porn|sex|betray|suicid|abuse|danger|crisis|kill|violen|hurt|unsafe", re.IGNORECASE
)


async def test_sos_before_start_answers_at_once_and_stores_nothing(
    bot: BotHarness, person: FakePerson
) -> None:
    await person.send("/sos")
    text = person.last_text
    assert text.startswith("Here are people you can talk to.")
    assert text.index("If you're in danger now") < text.index("To talk to someone now")
    assert text.index("To talk to someone now") < text.index("If you're not safe at home")
    assert "112" in text and "findahelpline.com" in text
    assert "I'm a bot, not a person, and nobody reads this chat." in text
    assert "If you tell me your country" in text
    await person.press("UK")
    uk = person.last_text
    assert "Call 999" in uk and "116 123" in uk and "0808 2000 247" in uk
    assert await stored(bot, person.chat_id) is None


async def test_sos_uses_the_country_from_the_time_zone(bot: BotHarness, person: FakePerson) -> None:
    await onboard(person, zone="London")
    assert "/sos shows lines for the UK" in person.last_text
    await person.send("/sos")
    text = person.last_text
    assert text.index("Call 999") < text.index("Samaritans") < text.index("National Domestic")
    assert text.endswith("These are for the UK. /country changes it.")


@pytest.mark.parametrize(
    ("typed", "emergency", "crisis", "abuse"),
    [
        ("Ireland", "112 or 999", "116 123", "1800 341 900"),
        ("USA", "Call 911", "988", "800-799-7233"),
        ("canada", "Call 911", "988", "sheltersafe.ca"),
        ("Australia", "Call 000", "13 11 14", "1800 737 732"),
        ("New Zealand", "Call 111", "1737", "0800 733 843"),
        ("Scotland", "Call 999", "85258", "0808 2000 247"),
    ],
)
async def test_sos_for_each_country(
    bot: BotHarness, person: FakePerson, typed: str, emergency: str, crisis: str, abuse: str
) -> None:
    await onboard(person)
    await person.send(f"/country {typed}")
    assert person.last_text.startswith("Done. /sos will show lines for")
    await person.send("/sos")
    text = person.last_text
    assert text.index(emergency) < text.index(crisis) < text.index(abuse)


async def test_country_by_buttons_and_unknown_names(bot: BotHarness, person: FakePerson) -> None:
    await person.send("/country Ireland")
    assert person.last_text.startswith("It looks like we haven't met yet.")
    await onboard(person)
    await person.send("/country Atlantis")
    assert person.last_text.startswith("Sorry, I don't have lines for that country yet.")
    await person.send("/country")
    await person.press("New Zealand")
    assert person.last_text == "Done. /sos will show lines for New Zealand."
    await person.send("/country")
    await person.press("Somewhere else")
    assert person.last_text.startswith("Done. /sos will show lines that work anywhere.")
    saved = await stored(bot, person.chat_id)
    assert saved is not None and saved.country is None


async def test_setup_asks_the_country_when_the_zone_does_not_say(
    bot: BotHarness, person: FakePerson
) -> None:
    await person.send("/start")
    await person.press("08:00")
    await person.send("Europe/Berlin")
    await person.press("Every day")
    assert person.last_text.startswith("One last thing, if you'd like. Which country are you in?")
    await person.press("Somewhere else")
    assert person.last_text.startswith("All set. Your first reflection will arrive on")
    assert "/sos shows lines that work anywhere" in person.last_text


async def test_support_lists_partner_support(bot: BotHarness, person: FakePerson) -> None:
    await onboard(person)
    await person.send("/support")
    text = person.last_text
    for name in ("The Laurel Centre", "S-Anon", "COSA", "APSATS"):
        assert name in text
    assert text.index("The Laurel Centre") < text.index("S-Anon")


@pytest.mark.parametrize(
    ("written", "opening", "line"),
    [
        ("I don't want to be here anymore", f"{THANKS}What you're feeling", "116 123"),
        ("He said he'd hurt me if I told anyone", f"{THANKS}What you've described", "2000 247"),
        ("I'm having a panic attack", "That sounds really hard.", "116 123"),
    ],
)  # fmt: skip
async def test_crisis_language_gets_a_gentle_answer_with_the_right_lines(
    bot: BotHarness, person: FakePerson, written: str, opening: str, line: str
) -> None:
    await onboard(person)
    await person.send(written)
    answer = person.texts[5]  # five messages from set-up, then the gentle answer first
    assert answer.startswith(opening)
    assert line in answer
    assert "/sos shows more." in answer
    # The normal flow goes on: the words may still be kept, as the person chooses.
    assert person.texts[6:] == [ASK_TO_KEEP]


async def test_anger_is_not_a_plan(bot: BotHarness, person: FakePerson) -> None:
    await onboard(person)
    await person.send("I could kill him for this")
    assert person.texts[5:] == [ASK_TO_KEEP]


async def test_crisis_language_does_not_interrupt_the_normal_flow(
    bot: BotHarness, person: FakePerson
) -> None:
    await person.send("/start")
    await person.send("I can't cope with any of this")
    assert person.texts[-2].startswith("That sounds really hard.")
    assert person.last_text.startswith("Sorry, I couldn't read that as a time.")
    await person.send("8am")
    assert person.last_text.startswith("Which time zone are you in?")


async def test_profile_and_menu_are_discreet(bot: BotHarness, fake: FakeTelegram) -> None:
    assert fake.descriptions["description"].startswith("Within sends one short, gentle reflection")
    assert fake.descriptions["short_description"] == "A gentle reflection, once a day."
    texts = [fake.descriptions["description"], fake.descriptions["short_description"]]
    texts += [command["description"] for command in fake.commands]
    assert not [text for text in texts if INDISCREET.search(text)]


# Pieces of messages, never their opening line.
FRAGMENTS = ("button_", "days_", "next_", "sos_", "crisis_", "setup_sos_", "support_")
NOT_OPENINGS = {"on", "off", "paused_until", "description", "short_description"}


def test_every_first_line_is_discreet() -> None:
    wording, directory = load_wording(), load_directory()
    firsts = []
    for key in wording.message_keys():
        if key.startswith(FRAGMENTS) or key in NOT_OPENINGS:
            continue
        filled = wording.text(key, **{name: "x" for name in _placeholders(key)})
        firsts.append((key, filled))
    for code in [*directory.countries, None]:
        country = directory.country(code)
        firsts.append((f"sos {code}", safety_text.sos(wording, country, code is not None)))
        firsts.append((f"support {code}", safety_text.support(wording, directory, country)))
        for kind in ("self", "danger", "distress"):
            firsts.append((f"{kind} {code}", safety_text.crisis_reply(wording, kind, country)))
    library = load_library()
    for reflection in library.reflections:
        firsts.append((reflection.id, render(reflection, library.messages, new_round=True)))
    openings = [(key, as_seen(text).split("\n")[0]) for key, text in firsts]
    assert [(key, first) for key, first in openings if INDISCREET.search(first)] == []


def test_no_wording_says_committed_suicide() -> None:
    wording = load_wording()
    for key in wording.message_keys():
        raw = wording.text(key, **{name: "x" for name in _placeholders(key)})
        assert "committed suicide" not in raw.lower() and "commit suicide" not in raw.lower()


def _placeholders(key: str) -> set[str]:
    import string

    import yaml

    from bot.wording.catalogue import WORDING_FILE

    template = yaml.safe_load(WORDING_FILE.read_text(encoding="utf-8"))[key]
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
