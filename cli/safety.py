"""`python main.py safety eval`: how crisis language is noticed, on both labelled splits."""

from __future__ import annotations

from safety.evaluation import JUDGED, evaluate, load_labelled, report
from safety.patterns import load_detector


def evaluation() -> tuple[int, str]:
    """Measure the detector; exit 1 when the `test` split misses its targets."""
    results = evaluate(load_detector().detect, load_labelled())
    met = all(results[split].meets_targets() for split in JUDGED)
    return (0 if met else 1), report(results)
