"""Train the model beside the crisis patterns (safety/model.py) on the labelled `dev` texts only."""

# scikit-learn fits a logistic regression per kind over the words and pairs of words present; it
# is needed only here, where the model is trained, never where the bot uses it.

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from safety.evaluation import Labelled
from safety.model import MODEL_FILE, MODEL_KINDS, WHOLE_TEXT_LIMIT, features

REGULARISATION = 1.0  # scikit-learn's C: smaller keeps the weights smaller
# The threshold is the lowest of these at which the model alone alarms on at most 1% of the `dev`
# negatives of each length: short ones scored by a model fitted on the other four fifths (five
# times over), and long journal entries (never trained on) a sentence at a time, as in use.
THRESHOLDS = (0.9, 0.92, 0.94, 0.95, 0.96, 0.97, 0.98, 0.99, 0.995, 0.998, 0.999)
FALSE_ALARM_BUDGET = 0.01
FOLDS = 5
SEED = 2026
DIGITS = 4
HEADER = """\
# The model beside the crisis patterns (safety/model.py): a weight per word or pair of words in
# dictionary form, for risk to self and for danger. Written by `python main.py safety train` from
# the `dev` texts only; do not edit by hand. A text (or any sentence of it) whose probability
# reaches the threshold is taken as that kind.
"""


class TrainingUnavailable(Exception):
    """scikit-learn is not installed here."""


def training_texts(labelled: list[Labelled]) -> list[Labelled]:
    """Return the texts the model learns from: `dev` only, and not the long journal entries."""
    return [item for item in labelled if item.split == "dev" and len(item.text) < WHOLE_TEXT_LIMIT]


def train(labelled: list[Labelled], prepare: Callable[[str], list[str]]) -> dict[str, Any]:
    """Fit the model; return what crisis_model.yaml holds."""
    try:
        from sklearn.feature_extraction.text import CountVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError as error:
        raise TrainingUnavailable(str(error)) from None
    texts = training_texts(labelled)
    prepared = [" , ".join(prepare(item.text)) for item in texts]
    kinds = [item.kind for item in texts]

    def fit(rows: list[int]) -> tuple[Any, dict[str, Any]]:
        vectoriser = CountVectorizer(analyzer=features, binary=True)
        matrix = vectoriser.fit_transform([prepared[row] for row in rows])
        fitted = {}
        for kind in MODEL_KINDS:
            model = LogisticRegression(C=REGULARISATION, class_weight="balanced", max_iter=5000)
            fitted[kind] = model.fit(matrix, [kinds[row] == kind for row in rows])
        return vectoriser, fitted

    vectoriser, fitted = fit(list(range(len(texts))))
    long_negatives = [
        _highest(vectoriser, fitted, prepare(item.text))
        for item in labelled
        if item.split == "dev" and item.kind == "none" and len(item.text) >= WHOLE_TEXT_LIMIT
    ]
    threshold = _threshold(fit, prepared, kinds, long_negatives)
    names = [str(name) for name in vectoriser.get_feature_names_out()]
    columns = {
        kind: [round(float(value), DIGITS) for value in fitted[kind].coef_[0]]
        for kind in MODEL_KINDS
    }
    weights = {
        name: [columns[kind][index] for kind in MODEL_KINDS] for index, name in enumerate(names)
    }
    return {
        "threshold": threshold,
        "trained_on": len(texts),
        "bias": {kind: round(float(fitted[kind].intercept_[0]), DIGITS) for kind in MODEL_KINDS},
        "weights": {name: values for name, values in weights.items() if any(values)},
    }


def _highest(vectoriser: Any, fitted: dict[str, Any], sentences: list[str]) -> float:
    """Return the highest probability of either kind over a long text's sentences."""
    matrix = vectoriser.transform(sentences)
    return max(float(fitted[kind].predict_proba(matrix)[:, 1].max()) for kind in MODEL_KINDS)


def _threshold(
    fit: Callable[[list[int]], tuple[Any, dict[str, Any]]],
    prepared: list[str],
    kinds: list[str],
    long_negatives: list[float],
) -> float:
    """Return the lowest threshold whose false alarms on `dev` stay in budget at each length."""
    from sklearn.model_selection import StratifiedKFold

    highest = [0.0] * len(prepared)  # per text, the larger of its two out-of-fold probabilities
    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=SEED)
    for train_rows, test_rows in folds.split(prepared, kinds):
        vectoriser, fitted = fit(list(train_rows))
        matrix = vectoriser.transform([prepared[row] for row in test_rows])
        for kind in MODEL_KINDS:
            for row, probability in zip(
                test_rows, fitted[kind].predict_proba(matrix)[:, 1], strict=True
            ):
                highest[row] = max(highest[row], float(probability))
    short_negatives = [highest[row] for row, kind in enumerate(kinds) if kind == "none"]
    for threshold in THRESHOLDS:
        if all(
            sum(p >= threshold for p in negatives) <= FALSE_ALARM_BUDGET * len(negatives)
            for negatives in (short_negatives, long_negatives)
        ):
            return threshold
    return THRESHOLDS[-1]


def write_model(data: dict[str, Any], path: Path = MODEL_FILE) -> None:
    """Write the model's weights, one word or pair a line."""
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=None)
    path.write_text(HEADER + text, encoding="utf-8")
