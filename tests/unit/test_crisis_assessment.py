"""What a text calls for: the full answer, the safety question, a distress line, or nothing."""

from __future__ import annotations

import asyncio
import threading

import pytest

from config.datafiles import read_yaml
from safety.assess import NOTHING, Answer, Assessment, crisis_check, decide
from safety.evaluation import UNSEEN, load_labelled, load_writers
from safety.figures import held_out_groups, unseen_groups
from safety.meaning import MODEL_FILE, SUBJECT, Thresholds, load_meaning
from safety.patterns import load_detector
from safety.training import TRAIN_ONLY

LIMITS = {kind: Thresholds(full=0.9, agree=0.4, ask=0.6) for kind in ("self", "danger")}


@pytest.mark.parametrize(
    ("found", "scores", "expected"),
    [
        ([], {"self": 0.95, "danger": 0.0}, Assessment(Answer.FULL, ("self",))),
        (["danger"], {"self": 0.0, "danger": 0.5}, Assessment(Answer.FULL, ("danger",))),
        (["danger"], {"self": 0.0, "danger": 0.1}, Assessment(Answer.ASK, ("danger",))),
        ([], {"self": 0.7, "danger": 0.65}, Assessment(Answer.ASK, ("self", "danger"))),
        (["self"], {"self": 0.95, "danger": 0.7}, Assessment(Answer.FULL, ("self",))),
        (["distress"], {"self": 0.1, "danger": 0.1}, Assessment(Answer.DISTRESS, ("distress",))),
        (["distress"], {"self": 0.7, "danger": 0.1}, Assessment(Answer.ASK, ("self",))),
        ([], {"self": 0.59, "danger": 0.59}, NOTHING),
    ],
)
def test_the_patterns_and_the_model_each_have_a_say(
    found: list[str], scores: dict[str, float], expected: Assessment
) -> None:
    assert decide(found, scores, LIMITS) == expected


# Leave-one-writer-out on each outside writer, as `safety eval` measures it with the model in
# the repository (docs/safety.md): a change may raise these, never lower them. They are below
# the targets (safety/figures.py TARGETS), which are not met yet.
FLOORS = {"self_answered": 0.62, "danger_answered": 0.73}
CEILINGS = {"full_negatives": 0.02, "any_negatives": 0.15}


def test_no_outside_writer_falls_back_left_out() -> None:
    stored = read_yaml(MODEL_FILE, SUBJECT)["held_out_scores"]
    writers = load_writers()
    measured = {name: items for name, items in writers.items() if name != TRAIN_ONLY}
    for name, items in measured.items():
        assert len(stored[name]) == len(items), f"{name}: run `python main.py safety train`"
    groups = held_out_groups(stored, load_detector().detect)
    assert len(groups) == len(measured)
    for found in groups:
        for key, floor in FLOORS.items():
            if key.split("_")[0] in found.kinds:
                assert found.figures[key] >= floor, (found.name, key, found.figures[key])
        for key, ceiling in CEILINGS.items():
            assert found.figures[key] <= ceiling, (found.name, key, found.figures[key])


# The writers kept out of training (safety/unseen/), scored live: what they gave when measured
# once, before anyone read them. A change may raise these, never lower them.
UNSEEN_FLOORS = {"self_answered": 0.68, "danger_answered": 0.84}
UNSEEN_CEILINGS = {"full_negatives": 0.12, "any_negatives": 0.25, "any_ordinary": 0.06}


def test_writers_never_trained_on_stay_out_of_training_and_hold_their_figures() -> None:
    unseen = {item.text for items in load_writers(UNSEEN).values() for item in items}
    trained = load_labelled() + [item for items in load_writers().values() for item in items]
    assert len(unseen) >= 850 and not unseen & {item.text for item in trained}
    groups = unseen_groups(load_meaning(), load_detector().detect)
    assert sorted(found.name for found in groups) == [
        "recovery-literate",
        "regional-colloquial",
        "second-language",
    ]
    for found in groups:
        for key, floor in UNSEEN_FLOORS.items():
            assert found.figures[key] >= floor, (found.name, key, found.figures[key])
        for key, ceiling in UNSEEN_CEILINGS.items():
            assert found.figures[key] <= ceiling, (found.name, key, found.figures[key])


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("I want to kill myself tonight. I have the pills ready.", Answer.FULL),
        (
            "He put his hands round my neck last night and said next time he won't stop.",
            Answer.FULL,
        ),
        ("Thank you for today's reflection, it was a gentle one.", None),
        ("I slept badly again and cried at a film, but I'm okay.", None),
    ],
)
def test_the_shipped_model_on_plain_texts(text: str, answer: Answer | None) -> None:
    check = crisis_check(load_detector(), load_meaning())
    assert check.assess_now(text).answer is answer


class Recording:
    """The real patterns, noting which thread each text was checked on."""

    def __init__(self) -> None:
        self.threads: list[str] = []
        self.detector = load_detector()

    def detect(self, text: str) -> list[str]:
        self.threads.append(threading.current_thread().name)
        return self.detector.detect(text)


async def test_the_check_runs_off_the_event_loop() -> None:
    recording = Recording()
    check = crisis_check(recording, load_meaning())
    found = await asyncio.gather(*(check.assess(f"an ordinary note, number {n}") for n in range(3)))
    assert all(result.answer is None for result in found)
    assert len(recording.threads) == 3
    assert threading.current_thread().name not in recording.threads
    assert all(name.startswith("crisis") for name in recording.threads)
