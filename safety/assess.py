"""What a text calls for: the full answer, a gentle question whether the person is safe, or neither.

The patterns and the meaning-level model each have a say. A full answer needs the model to be
sure, or the patterns and the model to agree; either one alone, less sure, asks the question.
Thresholds are chosen on outside writers left out of training (safety/training.py).
"""

from __future__ import annotations

import asyncio
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from safety.meaning import MODEL_KINDS, MeaningModel, Thresholds

SWITCH_INTERVAL = 0.001  # seconds


class Finds(Protocol):
    """What the patterns offer: the kinds a text's words match."""

    def detect(self, text: str) -> list[str]: ...


class Assesses(Protocol):
    """What the bot asks of the crisis check: an assessment, without the event loop waiting."""

    async def ready(self) -> None: ...

    async def assess(self, text: str) -> Assessment: ...


class Answer(StrEnum):
    FULL = "full"  # the full answer for the kind, with its lines
    ASK = "ask"  # a short question whether the person is safe right now
    DISTRESS = "distress"  # one short, kind line


@dataclass(frozen=True, slots=True)
class Assessment:
    """What to answer (None: nothing) and the kinds it is for, most urgent first."""

    answer: Answer | None
    kinds: tuple[str, ...] = ()

    @property
    def crisis(self) -> bool:
        """Tell whether the text carried risk to self or danger (a full answer or a question)."""
        return self.answer in (Answer.FULL, Answer.ASK)


NOTHING = Assessment(None)


def decide(
    found: list[str], scores: dict[str, float], thresholds: dict[str, Thresholds]
) -> Assessment:
    """Combine what the patterns found with the model's scores."""
    full = []
    ask = []
    for kind in MODEL_KINDS:
        score = scores.get(kind, 0.0)
        limits = thresholds[kind]
        seen = kind in found
        if score >= limits.full or (seen and score >= limits.agree):
            full.append(kind)
        elif seen or score >= limits.ask:
            ask.append(kind)
    if full:
        return Assessment(Answer.FULL, tuple(full))
    if ask:
        return Assessment(Answer.ASK, tuple(ask))
    if "distress" in found:
        return Assessment(Answer.DISTRESS, ("distress",))
    return NOTHING


@dataclass(frozen=True, slots=True)
class CrisisCheck:
    """The patterns and the model together, run on a worker thread so the event loop never waits."""

    detector: Finds
    model: MeaningModel
    worker: ThreadPoolExecutor

    def assess_now(self, text: str) -> Assessment:
        """Assess a text on the calling thread (the evaluation and the benchmark use this)."""
        return decide(self.detector.detect(text), self.model.scores(text), self.model.thresholds)

    async def ready(self) -> None:
        """Be ready at once: the model is loaded in this process."""

    async def assess(self, text: str) -> Assessment:
        """Assess a text on the worker thread."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.worker, self.assess_now, text)


def crisis_check(detector: Finds, model: MeaningModel) -> CrisisCheck:
    """Return the check with its own two worker threads (numpy then uses both cores)."""
    # The worker threads run Python between numpy's products; hand the interpreter back to the
    # event loop after at most a millisecond, not the default five.
    sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL))
    return CrisisCheck(detector, model, ThreadPoolExecutor(2, thread_name_prefix="crisis"))
