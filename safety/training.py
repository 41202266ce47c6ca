"""Train the meaning-level crisis model and choose its thresholds on writers left out.

`python main.py safety train` (needs the `train` extra, which brings PyTorch):

1. For each outside writer in safety/writers/, a model is fine-tuned on the team's texts and the
   other outside writers, and scores the writer it never saw ("leave one writer out").
2. Thresholds are chosen on those held-out scores (never on the team's texts), and for each
   writer the figures are worked out with thresholds chosen without that writer too.
3. The model that ships is fine-tuned on everything, with the thresholds from step 2.

The held-out scores are written beside the thresholds, so `safety eval` can report the
leave-one-writer-out figures without PyTorch.
"""

from __future__ import annotations

import hashlib
import itertools
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from safety.evaluation import Labelled, load_labelled, load_writers
from safety.meaning import (
    ADAPTER_FILE,
    LONG_TEXT,
    MODEL_FILE,
    MODEL_KINDS,
    Thresholds,
    segments,
)

GRID = (0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98, 0.99)
# Budgets on held-out writers, a little inside the targets so that a new writer has room.
FULL_ON_NEGATIVES = 0.02
ANY_ON_NEGATIVES = 0.13
ANY_ON_ORDINARY = 0.025
FULL_ON_LONG_ORDINARY = 0.04
ORDINARY_TAGS = frozenset({"ordinary", "long-journal", "prompt-answer"})
# Ordinary journal entries by an outside writer: always learnt from, never left out or measured.
TRAIN_ONLY = "journal-entries"
# How much an ordinary reply, and another negative, count in training beside a risk text. Both
# were tried higher (4 and 2): every outside writer's leave-one-writer-out figures got worse.
ORDINARY_WEIGHT = 1.0
NEGATIVE_WEIGHT = 1.0
HEADER = """\
# The meaning-level crisis model (safety/meaning.py): its thresholds, the hash of its weights
# (crisis_adapter.npz) and, per outside writer, the scores a model trained without that writer
# gave each of their texts. Written by `python main.py safety train`; do not edit by hand.
"""


class TrainingUnavailable(Exception):
    """PyTorch is not installed here."""


@dataclass(frozen=True, slots=True)
class Scored:
    """A held-out text: its label, whether the patterns found its kind, and the model's scores."""

    kind: str
    tag: str
    patterns: tuple[str, ...]
    scores: tuple[float, float]


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def examples(items: Sequence[Labelled]) -> tuple[list[str], list[tuple[float, float]]]:
    """Return what the model learns from: short texts whole; long ordinary ones by sentence.

    A long entry with risk in it is not learnt from, since which sentence holds it is not known.
    """
    texts: list[str] = []
    labels: list[tuple[float, float]] = []
    for item in items:
        label = (float(item.kind == "self"), float(item.kind == "danger"))
        if len(item.text.strip()) < LONG_TEXT:
            texts.append(item.text)
            labels.append(label)
        elif not any(label):
            parts = segments(item.text)
            texts += parts
            labels += [(0.0, 0.0)] * len(parts)
    return texts, labels


def allowed(rates: dict[str, float]) -> bool:
    return (
        rates["full_negatives"] <= FULL_ON_NEGATIVES
        and rates["any_negatives"] <= ANY_ON_NEGATIVES
        and rates["any_ordinary"] <= ANY_ON_ORDINARY
        and rates["full_long_ordinary"] <= FULL_ON_LONG_ORDINARY
    )


@dataclass(frozen=True, slots=True)
class Table:
    """Held-out texts as columns, so that many thresholds can be tried quickly."""

    kinds: np.ndarray
    tags: np.ndarray
    found: dict[str, np.ndarray]  # per kind (and distress): did the patterns find it
    scores: dict[str, np.ndarray]  # per model kind

    @classmethod
    def of(cls, items: Sequence[Scored]) -> Table:
        return cls(
            kinds=np.array([item.kind for item in items]),
            tags=np.array([item.tag for item in items]),
            found={
                kind: np.array([kind in item.patterns for item in items], dtype=bool)
                for kind in (*MODEL_KINDS, "distress")
            },
            scores={
                kind: np.array([item.scores[index] for item in items])
                for index, kind in enumerate(MODEL_KINDS)
            },
        )


def rates(table: Table, chosen: dict[str, Thresholds]) -> dict[str, float]:
    """Return the figures the targets are set on, for these texts and thresholds.

    The same rule as safety.assess.decide, worked out for every text at once.
    """
    full = {}
    asked = {}
    for kind in MODEL_KINDS:
        score = table.scores[kind]
        limits = chosen[kind]
        seen = table.found[kind]
        full[kind] = (score >= limits.full) | (seen & (score >= limits.agree))
        asked[kind] = ~full[kind] & (seen | (score >= limits.ask))
    any_full = full["self"] | full["danger"]
    any_crisis = any_full | asked["self"] | asked["danger"]
    any_answer = any_crisis | table.found["distress"]
    negatives = table.kinds == "none"
    ordinary = negatives & np.isin(table.tags, list(ORDINARY_TAGS))
    hard = negatives & ~ordinary

    def share(values: np.ndarray, mask: np.ndarray) -> float:
        return float(values[mask].mean()) if mask.any() else 0.0

    found = {}
    for kind in MODEL_KINDS:
        mine = table.kinds == kind
        found[f"{kind}_full"] = share(full[kind], mine)
        found[f"{kind}_answered"] = share(any_crisis, mine)
    question = any_crisis & ~any_full
    found["full_negatives"] = share(any_full, hard)
    found["ask_negatives"] = share(question, hard)
    found["any_negatives"] = share(any_answer, hard)
    found["ask_ordinary"] = share(question, ordinary)
    found["any_ordinary"] = share(any_answer, ordinary)
    found["full_long_ordinary"] = share(any_full, negatives & (table.tags == "long-journal"))
    return found


def choose(items: Sequence[Scored]) -> dict[str, Thresholds]:
    """Return the thresholds that answer the most risk within the budgets, on these texts."""
    table = Table.of(items)
    best: tuple[float, dict[str, Thresholds]] | None = None
    pairs = [(ask, full) for ask, full in itertools.product(GRID, GRID) if full > ask]
    for (ask_s, full_s), (ask_d, full_d) in itertools.product(pairs, pairs):
        chosen = {
            "self": Thresholds(full=full_s, agree=ask_s, ask=ask_s),
            "danger": Thresholds(full=full_d, agree=ask_d, ask=ask_d),
        }
        found = rates(table, chosen)
        if not allowed(found):
            continue
        # The least-caught kind first, then both answered fully, then fewer questions asked.
        worth = (
            min(found["self_answered"], found["danger_answered"]) * 4
            + found["self_answered"]
            + found["danger_answered"]
            + 0.5 * (found["self_full"] + found["danger_full"])
            - 0.5 * found["any_negatives"]
        )
        if best is None or worth > best[0]:
            best = (worth, chosen)
    if best is None:  # nothing fits the budget: only the surest answers
        return {kind: Thresholds(full=0.99, agree=0.99, ask=0.99) for kind in MODEL_KINDS}
    return best[1]


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def train(
    detect: Callable[[str], list[str]], say: Callable[[str], None] = _say
) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """Fine-tune per left-out writer, choose thresholds, fine-tune on all; return the results."""
    try:
        import torch  # noqa: F401 - only to say plainly when it is missing
    except ImportError as error:
        raise TrainingUnavailable(str(error)) from None
    from safety import finetune
    from safety.encoder import load_base

    writers = load_writers()
    base, tokenizer = load_base()
    everyone = load_labelled() + [item for items in writers.values() for item in items]
    texts: list[str] = []
    labels: list[tuple[float, float]] = []
    owners: list[str] = []
    importance: list[float] = []
    for item in everyone:
        found, marks = examples([item])
        texts += found
        labels += marks
        owners += [item.split if item.split in writers else "team"] * len(found)
        importance += [_importance(item)] * len(found)
    started = time.monotonic()
    states, masks = finetune.frozen_states(base, tokenizer, texts)
    say(f"{len(texts)} examples prepared in {time.monotonic() - started:.0f} s")
    held_out: dict[str, list[tuple[Labelled, tuple[float, float]]]] = {}
    for name, items in writers.items():
        if name == TRAIN_ONLY:
            continue
        rows = [row for row, owner in enumerate(owners) if owner != name]
        model = _fit(finetune, (base, states, masks, labels, importance), rows, say, name)
        scorer = _scorer(finetune, base, model)
        held_out[name] = [(item, scorer(item.text)) for item in items]
    model = _fit(finetune, (base, states, masks, labels, importance), range(len(texts)), say, "")
    scored = [
        scored_text(item, scores, detect) for pairs in held_out.values() for item, scores in pairs
    ]
    chosen = choose(scored)
    return {
        "thresholds": {
            kind: {"full": t.full, "agree": t.agree, "ask": t.ask} for kind, t in chosen.items()
        },
        "trained_on": len(texts),
        "held_out_scores": {
            name: {text_key(item.text): [round(s, 4) for s in scores] for item, scores in pairs}
            for name, pairs in held_out.items()
        },
    }, finetune.adapter_of(model)


def _importance(item: Labelled) -> float:
    """Return how much an example counts: ordinary writing most, other negatives more than risk."""
    if item.kind in MODEL_KINDS:
        return 1.0
    return (
        ORDINARY_WEIGHT
        if item.tag in ORDINARY_TAGS or item.split == TRAIN_ONLY
        else NEGATIVE_WEIGHT
    )


def _fit(
    finetune: Any,
    data: tuple[dict[str, Any], Any, Any, list[tuple[float, float]], list[float]],
    rows: Sequence[int],
    say: Callable[[str], None],
    left_out: str,
) -> Any:
    base, states, masks, labels, importance = data
    chosen = list(rows)
    started = time.monotonic()
    model = finetune.fit(
        base,
        states[chosen],
        masks[chosen],
        [labels[row] for row in chosen],
        [importance[row] for row in chosen],
    )
    what = f"without {left_out}" if left_out else "on all"
    say(f"trained {what} ({len(chosen)} examples) in {time.monotonic() - started:.0f} s")
    return model


def _scorer(
    finetune: Any, base: dict[str, Any], model: Any
) -> Callable[[str], tuple[float, float]]:
    from safety.encoder import Encoder, load_base, merge, prepared
    from safety.meaning import MeaningModel

    adapter = finetune.adapter_of(model)
    _, tokenizer = load_base()
    meaning = MeaningModel(
        encoder=Encoder(prepared(merge(base, adapter)), tokenizer),
        head_weight=adapter["head.weight"],
        head_bias=adapter["head.bias"],
        thresholds={},
    )

    def score(text: str) -> tuple[float, float]:
        found = meaning.scores(text)
        return found["self"], found["danger"]

    return score


def scored_text(
    item: Labelled, scores: tuple[float, float], detect: Callable[[str], list[str]]
) -> Scored:
    return Scored(
        kind=item.kind,
        tag=item.tag,
        patterns=tuple(detect(item.text)),
        scores=scores,
    )


def write_model(data: dict[str, Any], adapter: dict[str, np.ndarray]) -> None:
    """Write the weights and, with their hash, the thresholds and held-out scores."""
    save: Any = np.savez  # its typing takes keyword arrays for options
    with ADAPTER_FILE.open("wb") as file:
        save(file, **adapter)
    data = {"adapter_sha256": hashlib.sha256(ADAPTER_FILE.read_bytes()).hexdigest(), **data}
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=None)
    Path(MODEL_FILE).write_text(HEADER + text, encoding="utf-8")
