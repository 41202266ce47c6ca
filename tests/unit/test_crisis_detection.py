"""Crisis detection: the held-out split, every rung and risk factor, and the hard negatives."""

from __future__ import annotations

import pytest

from safety.evaluation import (
    DEV_ONLY,
    FALSE_ALARM_LIMIT,
    RECALL_TARGET,
    evaluate,
    load_labelled,
    split_of,
)
from safety.patterns import load_detector

DETECT = load_detector().detect
LABELLED = load_labelled()
RESULTS = evaluate(DETECT, LABELLED)
C_SSRS = ("wish-dead", "non-specific", "method", "intent", "plan", "preparation", "self-harm")
DASH = (
    "strangulation",
    "threat-to-kill",
    "children",
    "weapon",
    "stalking",
    "following",
    "tracking",
    "escalation",
    "sexual-coercion",
    "isolation",
    "fear",
    "hiding",
    "objects-thrown",
    "violence",
)
# What the patterns alone measure on the `test` split now (see docs/safety.md): a change to the
# patterns may raise these, never lower them. The model beside the patterns is measured on
# outside writers (tests/unit/test_crisis_assessment.py).
HELD_OUT_FLOOR = {"self": 0.98, "danger": 0.97}
HELD_OUT_FALSE_ALARMS = 0.02
# The held-out set, read once by the detector after it was committed (docs/safety.md): below
# the targets, which is the honest measure of how far detection generalises.
HOLDOUT_FLOOR = {"self": 0.67, "danger": 0.85}
HOLDOUT_FALSE_ALARMS = 0.025


def test_the_set_is_large_and_split_before_tuning() -> None:
    assert len(LABELLED) >= 600
    test = [item for item in LABELLED if item.split == "test"]
    hashed = [i for i in load_labelled(holdout=None, spent=None) if i.tag not in DEV_ONLY]
    assert 0.25 < len(test) / len(hashed) < 0.5
    assert all(item.split == split_of(item.text) for item in test)
    assert all(item.split == "dev" for item in LABELLED if item.tag in DEV_ONLY)
    texts = [item.text.strip().lower() for item in LABELLED]
    assert len(texts) == len(set(texts)), "a text is in the set twice"
    long_ones = [item for item in LABELLED if len(item.text) >= 1000 and item.kind != "none"]
    assert len(long_ones) >= 15


def test_dev_meets_the_targets() -> None:
    dev = RESULTS["dev"]
    assert all(dev.recall[kind].rate >= target for kind, target in RECALL_TARGET.items())
    assert dev.false_alarms.rate <= FALSE_ALARM_LIMIT


def test_the_held_out_split_does_not_fall_back() -> None:
    test = RESULTS["test"]
    for kind, floor in HELD_OUT_FLOOR.items():
        assert test.recall[kind].rate >= floor, (kind, str(test.recall[kind]))
    assert test.false_alarms.rate <= HELD_OUT_FALSE_ALARMS


def test_the_held_out_set_does_not_fall_back() -> None:
    holdout = RESULTS["holdout"]
    assert sum(t.total for t in holdout.recall.values()) >= 150
    for kind, floor in HOLDOUT_FLOOR.items():
        assert holdout.recall[kind].rate >= floor, (kind, str(holdout.recall[kind]))
    assert holdout.false_alarms.rate <= HOLDOUT_FALSE_ALARMS


@pytest.mark.parametrize(
    ("kind", "tag"), [("self", t) for t in C_SSRS] + [("danger", t) for t in DASH]
)
def test_every_rung_and_risk_factor_is_in_both_splits_and_noticed(kind: str, tag: str) -> None:
    dev = RESULTS["dev"].by_tag.get((kind, tag))
    test = RESULTS["test"].by_tag.get((kind, tag))
    assert dev is not None and test is not None, "each rung and factor is represented in both"
    assert dev.total >= 3 and dev.rate >= 0.9, str(dev)


@pytest.mark.parametrize(
    "text",
    [
        "I don't want to be here in this house any more",
        "I don't want to live in this town anymore",
        "I don't want to be at this party",
        "I don't want to wake up next to him any more",
        "I want to end things with him",
        "I could kill him for this",
        "This job is killing me",
        "I'm dying to know what the therapist will say",
        "My aunt died by suicide when I was young",
        "He has never hit me",
        "He has never hit me or threatened me",
        "I'm sad but I'm safe",
        "Don't worry, I'd never hurt myself",
        "then it hits me all over again",
        "He hurt me so badly with what he did",
    ],
)
def test_hard_negatives_are_left_alone(text: str) -> None:
    assert DETECT(text) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I just want to disappear", "self"),
        ("I don't want to be here any more", "self"),
        ("I can't stop thinking about suicide", "self"),
        ("He has never been violent but last night he hit me", "danger"),
        ("This job is killing me and he hit me last night", "danger"),
        ("i dont want to die. but i want to hurt myself", "self"),
        ("I don't want to wake up in this life any more", "self"),
        ("I'm not going to lie, he hit me or pushed me most nights", "danger"),
    ],
)
def test_negation_and_idioms_end_at_their_clause(text: str, kind: str) -> None:
    assert kind in DETECT(text)
