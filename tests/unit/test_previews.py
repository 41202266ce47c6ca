"""Every message the bot can send keeps the topic out of what a lock screen or watch shows.

Anything sent unasked (a reflection with its title, the discreet notice, the welcome reworded
in place) is checked over its first 200 characters; every reply over its first 160: each
wording key, and every message composed from several (/sos, /support, the crisis answers, the
plan and its questions) for every country, nation and anywhere else.
"""

from __future__ import annotations

import string
from functools import cache

import pytest
import yaml

from bot.wording import safety as safety_text
from bot.wording.catalogue import MORE_WORDING, PREVIEW_EXEMPT, WORDING_FILE, Wording, load_wording
from bot.wording.plan import PARTS, question, services_from_directory, whole_plan
from reflections.loader import load_library
from reflections.render import as_seen, render
from reflections.rules import (
    PREVIEW_CHARACTERS,
    UNPROMPTED_PREVIEW_CHARACTERS,
    revealing_opening,
)
from safety.directory import Directory, load_directory
from states.kinds import PlanPart

# Sent without the person asking at that moment: previews of these show on a locked phone.
UNPROMPTED_KEYS = ("discreet_reflection", "welcome_discreet", "private_only", "catching_up")
CRISIS_KEYS = (
    "crisis_self",
    "crisis_danger",
    "crisis_distress_1",
    "crisis_distress_2",
    "crisis_distress_3",
)


@cache
def wording() -> Wording:
    return load_wording()


@cache
def directory() -> Directory:
    return load_directory()


def filled(key: str) -> str:
    """Return a wording key's text with its placeholders filled."""
    templates: dict[str, str] = {}
    for path in (WORDING_FILE, *MORE_WORDING):  # a key lives in one file only
        templates |= yaml.safe_load(path.read_text(encoding="utf-8"))
    template = templates[key]
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    return wording().text(key, **dict.fromkeys(names, "Tue 8 Dec, 07:30"))


def reveals(text: str, characters: int = PREVIEW_CHARACTERS) -> str | None:
    return revealing_opening(as_seen(text), characters)


def every_place() -> list[str | None]:
    return [*directory().countries, None]


def test_the_topic_words_include_every_word_that_names_the_subject() -> None:
    for word in (
        "recovery",
        "recovering",
        "hidden",
        "hiding",
        "secret",
        "secretly",
        "shame",
        "ashamed",
        "abuse",
        "abusive",
        "suicide",
        "suicidal",
        "therapy",
        "therapist",
        "betrayal",
        "betrayed",
        "affair",
        "cheating",
        "porn",
        "sexual",
        "addiction",
        "relapse",
        "disclosure",
        "trauma",
        "traumatic",
    ):
        assert revealing_opening(f"Today: {word}.") == word


def test_every_reflection_with_its_title_keeps_the_first_200_characters_neutral() -> None:
    library = load_library()
    question_below = "\n\n" + wording().text("checkin_question")
    for reflection in library.reflections:
        for new_round in (False, True):
            message = render(reflection, library.messages, new_round=new_round)
            assert reveals(message, UNPROMPTED_PREVIEW_CHARACTERS) is None, reflection.id
            assert reveals(message + question_below, UNPROMPTED_PREVIEW_CHARACTERS) is None


@pytest.mark.parametrize("key", UNPROMPTED_KEYS)
def test_what_is_sent_unasked_keeps_the_first_200_characters_neutral(key: str) -> None:
    assert reveals(filled(key), UNPROMPTED_PREVIEW_CHARACTERS) is None


def test_the_reworded_welcome_names_nothing_at_all() -> None:
    text = as_seen(filled("welcome_discreet"))
    assert revealing_opening(text, len(text)) is None and "partner" not in text


def test_every_wording_key_keeps_its_first_160_characters_neutral() -> None:
    keys = [key for key in wording().message_keys() if not key.startswith(PREVIEW_EXEMPT)]
    assert len(keys) > 150 and set(CRISIS_KEYS) <= set(keys)
    assert [(key, reveals(filled(key))) for key in keys if reveals(filled(key))] == []


@pytest.mark.parametrize("code", every_place())
def test_sos_and_support_keep_their_first_160_characters_neutral(code: str | None) -> None:
    known = code is not None
    country = directory().country(code)
    nations = directory().nations(code or "")
    for text in (
        safety_text.sos(wording(), country, known, nations),
        safety_text.sos(wording(), country, False),
        wording().text("plan_in_sos") + "\n\n" + safety_text.sos(wording(), country, known),
        safety_text.support(wording(), directory(), country),
    ):
        assert reveals(text) is None, as_seen(text)[:PREVIEW_CHARACTERS]


@pytest.mark.parametrize("code", every_place())
def test_the_crisis_answers_keep_their_first_160_characters_neutral(code: str | None) -> None:
    country = directory().country(code)
    for kinds in (("self",), ("danger",), ("distress",), ("self", "danger")):
        for turn in range(3):
            for has_plan in (False, True):
                text = safety_text.crisis_reply(wording(), kinds, country, turn, has_plan)
                assert reveals(text) is None, (kinds, as_seen(text)[:PREVIEW_CHARACTERS])


@pytest.mark.parametrize("code", every_place())
def test_the_plan_keeps_its_first_160_characters_neutral(code: str | None) -> None:
    country = directory().country(code)
    for plan in ({}, {PlanPart.SIGNS: "x"}, {PlanPart.SERVICES: services_from_directory(country)}):
        text = whole_plan(wording(), plan, country)
        assert reveals(text) is None, as_seen(text)[:PREVIEW_CHARACTERS]
    for part in PARTS:
        asked = question(wording(), part, None)
        before = [wording().text("plan_names_note")] if part == PlanPart.PEOPLE else []
        text = "\n\n".join([*before, asked])
        if part == PlanPart.SERVICES:
            text += "\n\n" + wording().text("plan_services_filled", country=country.name)
            text += "\n" + services_from_directory(country)
        assert reveals(text) is None, (part, as_seen(text)[:PREVIEW_CHARACTERS])


def test_a_revealing_word_past_the_preview_is_allowed_but_not_before() -> None:
    early = "Hello. " + "secret " + "word " * 40
    late = "Hello. " + "word " * 40 + "secret"
    assert reveals(early) == "secret" and reveals(late) is None
    assert reveals("word " * 35 + "secret", UNPROMPTED_PREVIEW_CHARACTERS) == "secret"
