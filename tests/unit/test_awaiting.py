"""What the bot waits for is a typed question, stored as a short string and read back the same."""

from __future__ import annotations

import pytest

from states.awaiting import (
    DATE_LABEL,
    NEW_PASSCODE,
    Awaiting,
    Question,
    Unlocks,
    every_question,
    passcode_question,
    plan_question,
    time_question,
    zone_question,
)
from states.kinds import PlanPart


@pytest.mark.parametrize("question", list(every_question()), ids=Awaiting.stored)
def test_every_question_reads_back_as_itself(question: Awaiting) -> None:
    assert Awaiting.read(question.stored()) == question


def test_the_questions_are_all_different() -> None:
    questions = list(every_question())
    assert len({q.stored() for q in questions}) == len(questions) == 28


@pytest.mark.parametrize(
    ("earlier", "now"),
    [
        ("time", time_question(setup=False)),
        ("time+", time_question(setup=True)),
        ("tz", zone_question(setup=False)),
        ("tz+", zone_question(setup=True)),
        ("plan:signs", plan_question(PlanPart.SIGNS, step=False)),
        ("plan:matters+", plan_question(PlanPart.MATTERS, step=True)),
        ("lock:new", NEW_PASSCODE),
        ("lock:journal", passcode_question(Unlocks.JOURNAL)),
        ("lock:remove", passcode_question(Unlocks.REMOVE)),
        ("date:label", DATE_LABEL),
    ],
)
def test_rows_written_before_are_read_the_same(earlier: str, now: Awaiting) -> None:
    assert Awaiting.read(earlier) == now


@pytest.mark.parametrize(
    "unknown",
    [None, "", "a-later-version", "plan:nowhere", "plan/signs/x/step", "passcode", "time/journal"],
)
def test_anything_unknown_means_no_question(unknown: str | None) -> None:
    assert Awaiting.read(unknown) is None


def test_the_fields_belong_to_their_kind() -> None:
    with pytest.raises(ValueError, match="names its part"):
        Awaiting(Question.PLAN)
    with pytest.raises(ValueError, match="names what it opens"):
        Awaiting(Question.TIME, unlocks=Unlocks.JOURNAL)
    with pytest.raises(ValueError, match="never a step"):
        Awaiting(Question.NEW_PASSCODE, step=True)
    assert passcode_question(Unlocks.PLAN).passcode and NEW_PASSCODE.passcode
    assert not plan_question(PlanPart.ALONE, step=True).passcode
