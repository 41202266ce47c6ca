"""A second opinion beside the crisis patterns: a linear model over the words a text uses."""

# The patterns catch the ways of saying things that were written beside them; the model weighs
# every word and pair of words (in dictionary form) by how much it told risk from hard negatives
# in the `dev` texts, and catches some of the rest. It only adds to what the patterns find.
# safety/crisis_model.yaml holds its weights; `python main.py safety train` writes them.

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from config.datafiles import misshapen, read_yaml

MODEL_FILE = Path(__file__).with_name("crisis_model.yaml")
SUBJECT = "The crisis model"
MODEL_KINDS = ("self", "danger")
# Texts shorter than this (in characters) are scored whole as well as a sentence at a time;
# longer ones only a sentence at a time: the model was trained on shorter texts, and the sum over
# a long journal's many words would drift.
WHOLE_TEXT_LIMIT = 400
TOKEN = re.compile(r"[a-z0-9]+")


def features(prepared: str) -> set[str]:
    """Return the words and the pairs of neighbouring words of a prepared text."""
    words = TOKEN.findall(prepared)
    return set(words) | {f"{first} {second}" for first, second in pairwise(words)}


@dataclass(frozen=True, slots=True)
class WordModel:
    """Weights per kind; a text is that kind when its score reaches the threshold."""

    threshold: float  # a probability, chosen on `dev` alone (safety/training.py)
    bias: dict[str, float]
    weights: dict[str, dict[str, float]]

    def score(self, kind: str, found: set[str]) -> float:
        """Return the probability the model gives that a text with these features is this kind."""
        weights = self.weights[kind]
        total = self.bias[kind] + sum(weights.get(feature, 0.0) for feature in found)
        return 1 / (1 + math.exp(-max(-50.0, min(50.0, total))))

    def finds(self, kinds: list[str], sentences: list[str], whole: bool) -> set[str]:
        """Return the kinds that any sentence (or the whole text, when short) reaches."""
        reached: set[str] = set()
        if not kinds:
            return reached
        for text in ([" , ".join(sentences)] if whole else []) + sentences:
            found = features(text)
            reached.update(k for k in kinds if self.score(k, found) >= self.threshold)
            if len(reached) == len(kinds):
                break
        return reached


def load_model(path: Path = MODEL_FILE) -> WordModel:
    """Read the model's weights; a missing or misshapen file stops the start with a sentence."""
    data = read_yaml(path, SUBJECT)
    try:
        weights: dict[str, dict[str, float]] = {kind: {} for kind in MODEL_KINDS}
        for feature, values in data["weights"].items():
            for kind, value in zip(MODEL_KINDS, values, strict=True):
                if value:
                    weights[kind][str(feature)] = float(value)
        return WordModel(
            threshold=float(data["threshold"]),
            bias={kind: float(data["bias"][kind]) for kind in MODEL_KINDS},
            weights=weights,
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise misshapen(path, SUBJECT, error) from None
