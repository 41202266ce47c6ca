"""/sos, /support, /country, answers to crisis language, and discreet first lines."""

from __future__ import annotations

import re

import pytest

from bot.wording import safety as safety_text
from fake_bot_api import FakeTelegram
from fake_bot_api.harness import BotHarness
from fake_bot_api.people import FakePerson
from reflections.loader import load_library
from reflections.render import as_seen, render
from safety.directory import load_directory
from scheduler.clock import ManualClock
from tests.integration.helpers import Words, stored
from tests.integration.test_onboarding import onboard


def opening_of_distress(words: Words) -> tuple[str, ...]:
    """Return how each of the distress answers begins."""
    return tuple(words.opening(key) for key in safety_text.DISTRESS_ANSWERS)


INDISCREET = re.compile(
    r"addict|porn|sex|betray|suicid|abuse|danger|crisis|kill|violen|hurt|unsafe", re.IGNORECASE
)


async def test_sos_before_start_answers_at_once_and_stores_nothing(
    bot: BotHarness, person: FakePerson, words: Words
) -> None:
    await person.send("/sos")
    text = person.last_text
    assert text.startswith(words("sos_intro"))
    assert text.index(words("sos_danger")) < text.index(words("sos_crisis"))
    assert text.index(words("sos_crisis")) < text.index(words("sos_abuse"))
    assert "112" in text and "findahelpline.com" in text  # literal on purpose: the lines are data
    assert words("sos_not_a_person") in text
    assert words("sos_which_country") in text
    await person.press("UK")
    uk = person.last_text
    assert "Call 999" in uk and "116 123" in uk and "0808 2000 247" in uk
    assert await stored(bot, person.chat_id) is None


UK_NATIONS = (
    ("England", "mental health option", "0808 2000 247"),
    ("Scotland", "NHS 24", "0800 027 1234"),
    ("Wales", "press 2", "0808 80 10 800"),
    ("Northern Ireland", "0808 808 8000", "0808 802 1414"),
)


async def test_sos_uses_the_country_from_the_time_zone(
    bot: BotHarness, person: FakePerson, words: Words
) -> None:
    await onboard(person, zone="London")
    the_uk = words("setup_sos_country", country="the UK")
    assert words.pattern("setup_done", sos=the_uk).fullmatch(person.last_text)
    await person.send("/sos")
    text = person.last_text
    # Literal on purpose: the lines and their headings are the directory's, data under test.
    assert (
        text.index("Call 999") < text.index("Samaritans") < text.index("Domestic abuse helplines")
    )
    # Not knowing which nation, each nation's own lines, listed compactly: no England default.
    for nation, crisis, abuse in UK_NATIONS:
        assert f"{nation}: " in text and crisis in text and abuse in text
    assert words("sos_country", country="the UK") in text
    nations = "England, Scotland, Wales or Northern Ireland"
    assert text.endswith(words("sos_which_nation", country="the UK", nations=nations))


@pytest.mark.parametrize(
    ("typed", "emergency", "crisis", "abuse"),
    [
        ("Ireland", "112 or 999", "116 123", "1800 341 900"),
        ("USA", "Call 911", "988", "800-799-7233"),
        ("canada", "Call 911", "988", "sheltersafe.ca"),
        ("Australia", "Call 000", "13 11 14", "1800 737 732"),
        ("New Zealand", "Call 111", "1737", "0800 733 843"),
        ("England", "Call 999", "mental health option", "0808 2000 247"),
        ("Scotland", "Call 999", "Breathing Space", "0800 027 1234"),
        ("Wales", "Call 999", "press 2", "0808 80 10 800"),
        ("Northern Ireland", "Call 999", "0808 808 8000", "0808 802 1414"),
    ],
)
async def test_sos_for_each_country(
    bot: BotHarness,
    person: FakePerson,
    words: Words,
    typed: str,
    emergency: str,
    crisis: str,
    abuse: str,
) -> None:
    await onboard(person)
    await person.send(f"/country {typed}")
    assert person.last_text.startswith(words.opening("country_set"))
    await person.send("/sos")
    text = person.last_text
    assert text.index(emergency) < text.index(crisis) < text.index(abuse)
    assert not words.pattern("sos_which_nation").search(text)  # a nation named: its lines only


async def test_country_by_buttons_and_unknown_names(
    bot: BotHarness, person: FakePerson, words: Words
) -> None:
    await person.send("/country Ireland")
    assert person.last_text == words("not_started_yet")
    await onboard(person)
    await person.send("/country Atlantis")
    assert person.last_text.startswith(words("country_not_understood"))
    await person.send("/country")
    await person.press("New Zealand")
    assert person.last_text == words("country_set", country="New Zealand")
    await person.send("/country")
    await person.press("Somewhere else")
    assert person.last_text == words("country_cleared")
    saved = await stored(bot, person.chat_id)
    assert saved is not None and saved.country is None


async def test_setup_asks_the_country_when_the_zone_does_not_say(
    bot: BotHarness, person: FakePerson, words: Words
) -> None:
    await person.send("/start")
    await person.press("08:00")
    await person.send("Europe/Berlin")
    await person.press("Every day")
    assert person.last_text == words("ask_country")
    await person.press("Somewhere else")
    await person.press("No")
    when = "Sunday 6 December at 08:00 (Berlin time)"  # 08:00 has passed in Berlin
    assert words.pattern("setup_done", when=when, sos=words("setup_sos_anywhere")).fullmatch(
        person.last_text
    )


async def test_support_lists_partner_support(bot: BotHarness, person: FakePerson) -> None:
    await onboard(person)
    await person.send("/support")
    text = person.last_text
    for name in ("The Laurel Centre", "S-Anon", "COSA", "APSATS"):
        assert name in text
    assert text.index("The Laurel Centre") < text.index("S-Anon")


async def test_risk_to_self_gets_warmth_hope_and_the_crisis_lines_first(
    bot: BotHarness, person: FakePerson, words: Words
) -> None:
    # Literal on purpose: one crisis answer as a person reads it, so that a rewording of what
    # someone sees at their worst moment is always noticed; other tests find it by wording key.
    await onboard(person)
    await person.send("I don't want to be here anymore")
    answer = person.texts[6]  # six messages from set-up, then the gentle answer first
    assert answer.startswith("I'm really glad you told me.")
    assert "can ease with support" in answer and "someone near you" in answer
    assert answer.index("116 123") < answer.index("999")
    # The numbers just given stay in the chat: no suggestion to delete it, no "I can't reply".
    assert "delete" not in answer.lower() and "can't reply" not in answer
    assert "I'm a bot, not a person" in answer
    assert person.texts[7:] == [words("journal_ask_gently")]  # the normal flow goes on, gently


async def test_danger_gets_the_emergency_line_how_to_call_silently_then_abuse_lines(
    bot: BotHarness, person: FakePerson, words: Words
) -> None:
    await onboard(person)
    await person.send("He said he'd hurt me if I told anyone")
    answer = person.texts[6]
    assert answer.startswith(words("crisis_danger"))
    # Literal on purpose: the numbers and how to call are the directory's, data under test.
    assert answer.index("999") < answer.index("press 55") < answer.index("0808 2000 247")
    assert answer.index("0808 2000 247") < answer.index("/delete")
    assert answer.endswith(words("crisis_danger_outro"))
    assert "emergencySMS" not in answer


@pytest.mark.parametrize("code", ["GB", "IE", "US", "CA", "AU", "NZ", None])
def test_crisis_answers_carry_each_countrys_own_lines(code: str | None) -> None:
    directory = load_directory()
    wording = Words.from_files().wording
    country = directory.country(code)
    for kind in ("self", "danger", "distress"):
        answer = safety_text.crisis_reply(wording, (kind,), country)
        first = as_seen(answer).split("\n")[0]
        assert not INDISCREET.search(first), first
        if kind != "distress":
            assert country.emergency.how in answer
        lines = {"self": country.crisis, "danger": country.abuse, "distress": country.crisis}[kind]
        assert all(line.how in answer for line in lines[:1])


async def test_distress_gets_one_quiet_answer_a_day_taking_turns(
    bot: BotHarness, person: FakePerson, clock: ManualClock, words: Words
) -> None:
    await onboard(person)
    await person.send("I'm having a panic attack")
    first = person.texts[6]
    assert first.startswith(opening_of_distress(words)) and "116 123" in first
    assert words("crisis_distress_outro") in first
    await person.send("I can't stop shaking")
    gently = words("journal_ask_gently")
    assert person.texts[7:] == [gently, gently]  # no second answer today
    clock.advance(days=1)
    await person.send("I'm falling apart")
    second = person.texts[9]
    assert second.split("\n")[0] != first.split("\n")[0]  # a different one of the three


async def test_an_edit_that_changes_nothing_is_not_answered_again(
    bot: BotHarness, person: FakePerson, words: Words
) -> None:
    await onboard(person)
    await person.send("/today")  # so that what follows is kept with today's reflection
    reflected = person
    crisis = words("crisis_self")
    sent = await reflected.send("I don't want to be here anymore")
    answers = len([t for t in reflected.texts if t.startswith(crisis)])
    assert answers == 1
    await reflected.edit(sent["message"]["message_id"], "I don't want to be here anymore")
    assert len([t for t in reflected.texts if t.startswith(crisis)]) == answers
    changed = "I don't want to be here any more, honestly"
    await reflected.edit(sent["message"]["message_id"], changed)
    assert len([t for t in reflected.texts if t.startswith(crisis)]) == answers + 1


async def test_anger_is_not_a_plan(bot: BotHarness, person: FakePerson, words: Words) -> None:
    await onboard(person)
    await person.send("I could kill him for this")
    assert person.texts[6:] == [words("journal_ask")]


async def test_crisis_language_does_not_interrupt_the_normal_flow(
    bot: BotHarness, person: FakePerson, words: Words
) -> None:
    await person.send("/start")
    await person.send("I can't cope with any of this")
    assert person.texts[-2].startswith(opening_of_distress(words))
    assert person.last_text == words("time_not_understood")
    await person.send("8am")
    assert person.last_text == words("ask_zone")


async def test_profile_and_menu_are_discreet(
    bot: BotHarness, fake: FakeTelegram, words: Words
) -> None:
    assert fake.descriptions["description"] == words("description")
    assert fake.descriptions["short_description"] == words("short_description")
    texts = [fake.descriptions["description"], fake.descriptions["short_description"]]
    texts += [command["description"] for command in fake.commands]
    assert not [text for text in texts if INDISCREET.search(text)]


# Pieces of messages, never their opening line.
FRAGMENTS = ("button_", "days_", "next_", "sos_", "crisis_", "setup_sos_", "support_")
# Never the first line of a message: the leaving note follows a plan question, the offers
# follow a crisis answer's lines.
NOT_OPENINGS = {
    "on",
    "off",
    "paused_until",
    "description",
    "short_description",
    "plan_leaving_note",
    "plan_offer_later",
    "plan_offer_yours",
}


def test_every_first_line_is_discreet() -> None:
    words = Words.from_files()
    wording = words.wording
    directory = load_directory()
    shown = []
    for key in wording.message_keys():
        if key.startswith(FRAGMENTS) or key in NOT_OPENINGS:
            continue
        shown.append((key, words(key, **{name: "x" for name in _placeholders(key)})))
    composed = []
    for code in [*directory.countries, None]:
        country = directory.country(code)
        composed.append((f"sos {code}", safety_text.sos(wording, country, code is not None)))
        composed.append((f"support {code}", safety_text.support(wording, directory, country)))
        for kind in ("self", "danger", "distress"):
            composed.append((f"{kind} {code}", safety_text.crisis_reply(wording, (kind,), country)))
    library = load_library()
    for reflection in library.reflections:
        composed.append((reflection.id, render(reflection, library.messages, new_round=True)))
    shown += [(key, as_seen(text)) for key, text in composed]
    openings = [(key, text.split("\n")[0]) for key, text in shown]
    assert [(key, first) for key, first in openings if INDISCREET.search(first)] == []


def test_no_wording_says_committed_suicide() -> None:
    words = Words.from_files()
    for key in words.wording.message_keys():
        said = words(key, **{name: "x" for name in _placeholders(key)}).lower()
        assert "committed suicide" not in said and "commit suicide" not in said


def _placeholders(key: str) -> set[str]:
    import string

    import yaml

    from bot.wording.catalogue import MORE_WORDING, WORDING_FILE

    templates = {}
    for path in (WORDING_FILE, *MORE_WORDING):
        templates.update(yaml.safe_load(path.read_text(encoding="utf-8")))
    template = templates[key]
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_nothing_the_bot_composes_reveals_the_topic_where_a_lock_screen_shows_it() -> None:
    from bot.wording.plan import whole_plan
    from reflections.rules import revealing_opening
    from states.kinds import PlanPart

    wording = Words.from_files().wording
    directory = load_directory()
    texts = []
    for code in [*directory.countries, None]:
        country = directory.country(code)
        texts += [safety_text.sos(wording, country, code is not None)]
        texts += [safety_text.support(wording, directory, country)]
        texts += [
            safety_text.crisis_reply(wording, kinds, country)
            for kinds in (("self",), ("danger",), ("self", "danger"))
        ]
        texts += [whole_plan(wording, {PlanPart.SIGNS: "x"}, country)]
    for text in texts:
        assert revealing_opening(as_seen(text)) is None, as_seen(text)[:160]
