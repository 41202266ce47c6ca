"""The rules `content check` holds the journey's order, prompts and fidelity to."""

from __future__ import annotations

from dataclasses import replace

import pytest

from reflections.document import load_document
from reflections.fidelity import unnoted
from reflections.library import Reflection
from reflections.order_rules import order_problems
from reflections.prompts import prompt_problems

SOURCES = [
    unit.text
    for unit in load_document().units
    if unit.kind == "paragraph" and not unit.text.endswith(":")
]


def plain(number: int, **fields: str) -> Reflection:
    """Return a reflection with its own theme and its own passage."""
    values = {
        "id": f"r{number}",
        "theme": f"Theme {number}",
        "title": "A title",
        "body": "Words.",
        "source": SOURCES[number % len(SOURCES)][:40],
        "prompt": None,
    }
    return replace(Reflection(**values), **fields)  # type: ignore[arg-type]


def problems(reflections: list[Reflection]) -> list[str]:
    found: list[str] = []
    order_problems(reflections, load_document(), lambda r, m: found.append(f"{r.id}: {m}"))
    return found


def journey(count: int = 20) -> list[Reflection]:
    return [plain(n, source=f"word{n}") for n in range(count)]


def test_a_journey_that_keeps_every_rule_has_no_problems() -> None:
    assert problems(journey()) == []


def test_at_most_two_of_the_first_fortnight_name_the_harm() -> None:
    days = journey()
    for day in (1, 2):
        days[day] = replace(days[day], heavy="names the harm")
    assert problems(days) == []
    days[13] = replace(days[13], heavy="names the harm")
    assert problems(days) == [
        "r13: day 14 is the third in the first 14 that names the harm: "
        "at most 2 may; move it after day 14"
    ]
    days[13], days[14] = days[14], days[13]
    assert problems(days) == []


@pytest.mark.parametrize("heavy", ["the person who caused it", "home not safe"])
def test_the_person_and_home_come_after_the_first_fortnight(heavy: str) -> None:
    days = journey()
    days[5] = replace(days[5], heavy=heavy)
    assert problems(days) == [f"r5: day 6 is about {heavy}: move it after day 14"]
    days[5], days[14] = days[14], days[5]
    assert problems(days) == []


@pytest.mark.parametrize(
    ("body", "heavy"),
    [
        ("Home may be where it happened.", "home not safe"),
        ("The person you relied on was causing the harm.", "the person who caused it"),
    ],
)
def test_what_the_words_name_counts_even_without_a_mark(body: str, heavy: str) -> None:
    days = journey()
    days[3] = replace(days[3], body=body)
    assert problems(days) == [f"r3: day 4 is about {heavy}: move it after day 14"]


def test_words_that_name_the_harm_count_even_without_a_mark() -> None:
    days = journey()
    for day in (1, 2, 6):
        days[day] = replace(days[day], body="Many partners feel this as a trauma.")
    assert problems(days) == [
        "r6: day 7 is the third in the first 14 that names the harm: "
        "at most 2 may; move it after day 14"
    ]


def test_a_passage_is_not_quoted_on_consecutive_days_or_more_than_twice() -> None:
    days = journey()
    days[4] = replace(days[4], source="word3 and more")  # holds day 4's passage
    assert problems(days) == ["r4: day 5 quotes the same passage as the day before it"]
    days[4] = replace(days[4], source="word2")
    days[9] = replace(days[9], source="word2")
    assert problems(days) == [
        "r9: its passage is already quoted by r2, r4: quote a passage at most 2 times"
    ]


def test_an_introduction_comes_before_what_it_introduces() -> None:
    days = journey()
    days[3] = replace(days[3], source="Empathy")
    days[8] = replace(days[8], source="A relationship with a partner requires:")
    found = problems(days)
    assert len(found) == 1 and found[0].startswith("r3: day 4 quotes a bullet introduced by")
    days[3], days[8] = days[8], days[3]
    assert problems(days) == []


def test_no_two_reflections_within_ten_days_share_a_theme() -> None:
    days = journey(30)
    days[12] = replace(days[12], theme="theme 2")  # ten days after day 3, in another case
    assert problems(days) == [
        "r12: day 13 has the theme 'theme 2', like r2 on day 3: keep the "
        "same theme more than 10 days apart"
    ]
    days[12] = replace(days[12], theme="Theme 12")
    days[13] = replace(days[13], theme="Theme 2")  # eleven days after
    assert problems(days) == []


@pytest.mark.parametrize(
    ("prompt", "reason"),
    [
        ("Lately, have you felt more alone, or more lost in someone else?", "two framings"),
        ("Would you rather stay busy or rest?", "two framings"),
        ("Were there words you were called that you'd like to leave behind here?", "insults"),
        ("What insult still stings?", "insults"),
        ("How did that distance feel, and how do you make sense of it now?", "explain the other"),
        ("Why do you think they did it?", "explain the other"),
    ],
)
def test_prompts_are_open_and_safe(prompt: str, reason: str) -> None:
    assert any(reason in problem for problem in prompt_problems(prompt))


@pytest.mark.parametrize(
    "prompt",
    [
        "What does connection feel like at the moment: close, distant, or somewhere in between?",
        "Who, or what, have you been able to lean on lately, even a little?",
        "What do you know about yourself that those words left out?",
        "What was it like to be held at a distance, and what would help you now?",
    ],
)
def test_open_prompts_pass(prompt: str) -> None:
    assert prompt_problems(prompt) == []


def test_a_claim_of_our_own_needs_a_fidelity_note() -> None:
    anger = plain(1, body="Anger is a healthy response to being hurt, misled or let down.")
    assert unnoted(anger, load_document()) == [anger.body]
    noted = replace(anger, fidelity="Says anger is healthy: the document lists the blame.")
    assert unnoted(noted, load_document()) == []
    spoken_to = plain(2, body="You may feel angry. Your anger makes sense to you.")
    from_the_document = plain(3, body="Over time, the partner is left questioning their feelings.")
    assert unnoted(spoken_to, load_document()) == unnoted(from_the_document, load_document()) == []
