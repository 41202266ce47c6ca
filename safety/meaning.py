"""The meaning-level model beside the crisis patterns: the fine-tuned encoder and its thresholds.

A short text is scored whole; a long one (a journal entry) a sentence at a time, so one risky
sentence in a long entry still counts and an ordinary long entry is not summed into an alarm.
safety/crisis_adapter.npz holds the fine-tuning and safety/crisis_model.yaml the thresholds;
`python main.py safety train` writes both.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from config.datafiles import misshapen, read_yaml
from safety.encoder import (
    Array,
    Encoder,
    EncoderUnavailable,
    check_base,
    load_base,
    merge,
    prepared,
)

ADAPTER_FILE = Path(__file__).with_name("crisis_adapter.npz")
MODEL_FILE = Path(__file__).with_name("crisis_model.yaml")
SUBJECT = "The crisis model"
MODEL_KINDS = ("self", "danger")
LONG_TEXT = 400  # characters: from here on, a text is scored a sentence at a time
MAX_SENTENCES = (
    40  # a wall of text is scored on its first forty sentences (and the patterns see all)
)
SENTENCE = re.compile(r"(?<=[.!?…])\s+|\n+")


def sentences(text: str) -> list[str]:
    """Return a text's sentences, as the model scores a long text."""
    found = [part.strip() for part in SENTENCE.split(text)]
    return [part for part in found if len(part) > 2][:MAX_SENTENCES]


def segments(text: str) -> list[str]:
    """Return what is scored: a short text whole, a long one by sentence."""
    text = text.strip()
    if len(text) < LONG_TEXT:
        return [text] if text else []
    return sentences(text) or [text[:LONG_TEXT]]


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Per kind: model alone for a full answer; with the patterns; model alone for a question."""

    full: float
    agree: float
    ask: float


@dataclass(frozen=True, slots=True)
class MeaningModel:
    encoder: Encoder
    head_weight: Array
    head_bias: Array
    thresholds: dict[str, Thresholds]

    def scores(self, text: str) -> dict[str, float]:
        """Return the probability per kind: the highest over the text's segments."""
        parts = segments(text)
        if not parts:
            return dict.fromkeys(MODEL_KINDS, 0.0)
        parts.sort(key=len)  # neighbours of like length pad less
        logits = self.encoder.vectors(parts) @ self.head_weight.T + self.head_bias
        highest = 1.0 / (1.0 + np.exp(-logits.max(0)))
        return {kind: float(highest[index]) for index, kind in enumerate(MODEL_KINDS)}


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_meaning(
    model_file: Path = MODEL_FILE, adapter_file: Path = ADAPTER_FILE
) -> dict[str, Thresholds]:
    """Return the thresholds once every file is found; stop the start with a sentence if not."""
    thresholds = _checked_thresholds(model_file, adapter_file)
    check_base()
    return thresholds


def _checked_thresholds(model_file: Path, adapter_file: Path) -> dict[str, Thresholds]:
    """Return the thresholds once the fine-tuning's file matches them (the base is not read)."""
    data = read_yaml(model_file, SUBJECT)
    if not adapter_file.is_file():
        raise EncoderUnavailable(
            f"{SUBJECT}'s weights ({adapter_file}) are missing: restore the file from the "
            "repository, or run `python main.py safety train`."
        )
    try:
        expected = str(data["adapter_sha256"])
        thresholds = {
            kind: Thresholds(**{k: float(v) for k, v in data["thresholds"][kind].items()})
            for kind in MODEL_KINDS
        }
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise misshapen(model_file, SUBJECT, error) from None
    if file_hash(adapter_file) != expected:
        raise EncoderUnavailable(
            f"{SUBJECT}'s weights ({adapter_file}) do not match {model_file.name}: restore both "
            "from the repository, or run `python main.py safety train` to write them together."
        )
    return thresholds


@cache
def load_meaning(model_file: Path = MODEL_FILE, adapter_file: Path = ADAPTER_FILE) -> MeaningModel:
    """Load the model; anything missing or altered stops the start with a sentence naming it."""
    thresholds = _checked_thresholds(model_file, adapter_file)
    with np.load(adapter_file) as stored:
        adapter = {name: stored[name] for name in stored.files}
    base, tokenizer = load_base()
    # One BLAS thread per product: a message is a few dozen tokens, so more threads only fight
    # over the cores; the worker threads (safety/assess.py) use both cores between messages.
    threadpool_limits(1, user_api="blas")
    return MeaningModel(
        encoder=Encoder(prepared(merge(base, adapter)), tokenizer),
        head_weight=adapter["head.weight"].astype(np.float32),
        head_bias=adapter["head.bias"].astype(np.float32),
        thresholds=thresholds,
    )
