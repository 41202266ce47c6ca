"""Measure the crisis detector on the labelled set: recall per kind and the false-alarm rate."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from safety.detector import KINDS, Detector

EVAL_FILE = Path(__file__).with_name("crisis_eval.yaml")
RECALL_TARGET = {"self": 0.95, "danger": 0.95}
FALSE_ALARM_LIMIT = 0.05


@dataclass(frozen=True, slots=True)
class Evaluation:
    recall: dict[str, float]
    false_alarm_rate: float
    missed: dict[str, list[str]]
    false_alarms: list[str]
    size: int

    @property
    def meets_targets(self) -> bool:
        good_recall = all(self.recall[k] >= target for k, target in RECALL_TARGET.items())
        return good_recall and self.false_alarm_rate <= FALSE_ALARM_LIMIT

    def report(self) -> str:
        lines = [f"{self.size} labelled texts"]
        for kind in KINDS:
            target = RECALL_TARGET.get(kind)
            goal = f" (target {target:.2f})" if target else ""
            lines.append(f"recall {kind:<8} {self.recall[kind]:.3f}{goal}")
        lines.append(f"false alarms    {self.false_alarm_rate:.3f} (limit {FALSE_ALARM_LIMIT:.2f})")
        for kind, texts in self.missed.items():
            lines += [f"  missed {kind}: {text}" for text in texts]
        lines += [f"  false alarm: {text}" for text in self.false_alarms]
        return "\n".join(lines)


def evaluate(detector: Detector, path: Path = EVAL_FILE) -> Evaluation:
    """Run the detector over every labelled text."""
    labelled = yaml.safe_load(path.read_text(encoding="utf-8"))
    recall, missed = {}, {}
    for kind in KINDS:
        texts = labelled[kind]
        misses = [text for text in texts if kind not in detector.detect(text)]
        recall[kind] = 1 - len(misses) / len(texts)
        if misses:
            missed[kind] = misses
    ordinary = labelled["none"]
    alarms = [text for text in ordinary if detector.detect(text)]
    size = sum(len(labelled[key]) for key in (*KINDS, "none"))
    return Evaluation(recall, len(alarms) / len(ordinary), missed, alarms, size)
