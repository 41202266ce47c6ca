"""`python main.py safety eval|train`: how crisis language is noticed, and the model beside it."""

from __future__ import annotations

from safety.evaluation import JUDGED, evaluate, load_labelled, report
from safety.model import MODEL_FILE
from safety.patterns import load_detector
from safety.training import TrainingUnavailable, train, write_model


def evaluation() -> tuple[int, str]:
    """Measure the detector; exit 1 when a judged split misses its targets."""
    labelled = load_labelled()
    results = evaluate(load_detector().detect, labelled)
    alone = evaluate(load_detector(model=None).detect, labelled)
    met = all(results[split].meets_targets() for split in JUDGED)
    return (0 if met else 1), report(results, alone)


def training() -> tuple[int, str]:
    """Fit the model on the `dev` texts and write its weights; exit 2 without scikit-learn."""
    try:
        data = train(load_labelled(), load_detector(model=None).prepare)
    except TrainingUnavailable:
        return 2, "Training needs scikit-learn: install the dev extra (pip install -e '.[dev]')."
    write_model(data)
    return 0, (
        f"Trained on {data['trained_on']} dev texts; wrote {len(data['weights'])} weights to "
        f"{MODEL_FILE.name}. Measure with `python main.py safety eval`."
    )
