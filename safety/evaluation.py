"""Measure the crisis detector on the labelled set, per split, kind and tag; `holdout` judges."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from config.datafiles import misshapen, read_yaml

EVAL_FILE = Path(__file__).with_name("crisis_eval.yaml")
HOLDOUT_FILE = Path(__file__).with_name("crisis_holdout.yaml")  # written later, never tuned on
SPENT_FILE = Path(__file__).with_name("crisis_spent.yaml")  # held out once, then tuned on: dev
WRITERS = Path(__file__).with_name("writers")  # one file per writer outside the team
UNSEEN = Path(__file__).with_name("unseen")  # outside writers kept out of training
SUBJECT = "The labelled crisis texts"
SPLIT_SEED = "within-crisis-eval-2026-11"
TEST_SHARE = 40  # per cent of texts held out for `test`
RECALL_TARGET = {"self": 0.95, "danger": 0.95}
FALSE_ALARM_LIMIT = 0.03
RISK_KINDS = ("self", "danger", "distress")
SPLITS = ("dev", "test", "holdout")
JUDGED = ("test", "holdout")  # the splits the targets are checked on
# Written beside the first patterns, and after tuning on this set began: tuned on, so dev only.
DEV_ONLY = ("earlier", "later")


@dataclass(frozen=True, slots=True)
class Labelled:
    text: str
    kind: str  # self, danger, distress or none
    tag: str  # the C-SSRS rung, DASH factor or family of negative
    split: str  # dev or test


def split_of(text: str) -> str:
    """Return the split a text belongs to: fixed by a seeded hash of its words, never by hand."""
    digest = hashlib.sha256(f"{SPLIT_SEED}:{text}".encode()).digest()
    return "test" if int.from_bytes(digest[:4], "big") % 100 < TEST_SHARE else "dev"


def load_labelled(
    path: Path = EVAL_FILE, holdout: Path | None = HOLDOUT_FILE, spent: Path | None = SPENT_FILE
) -> list[Labelled]:
    """Read every labelled text; those written alongside patterns, or tuned on, are dev only."""
    found = read_labelled(path)
    for extra, split in ((spent, "dev"), (holdout, "holdout")):
        if extra is not None and extra.is_file():
            found += [replace_split(item, split) for item in read_labelled(extra, dev_only=())]
    return found


def load_writers(folder: Path = WRITERS) -> dict[str, list[Labelled]]:
    """Read each outside writer's texts; `split` holds the writer's name (the file's stem)."""
    return {
        path.stem: [replace_split(item, path.stem) for item in read_labelled(path, dev_only=())]
        for path in sorted(folder.glob("*.yaml"))
    }


def replace_split(item: Labelled, split: str) -> Labelled:
    return Labelled(item.text, item.kind, item.tag, split)


def read_labelled(path: Path, dev_only: tuple[str, ...] = DEV_ONLY) -> list[Labelled]:
    data = read_yaml(path, SUBJECT)
    try:
        found = [
            Labelled(str(text), kind, str(tag), split_of(str(text)))
            for kind in (*RISK_KINDS, "none")
            for tag, texts in (data.get(kind) or {}).items()
            for text in texts
        ]
        found += [
            Labelled(str(text), kind, section, "dev")
            for section in dev_only
            for kind, texts in (data.get(section) or {}).items()
            for text in texts
        ]
    except (KeyError, TypeError, AttributeError) as error:
        raise misshapen(path, SUBJECT, error) from None
    return found


@dataclass
class Tally:
    """Hits out of a number of texts."""

    hits: int = 0
    total: int = 0

    @property
    def rate(self) -> float:
        return self.hits / self.total if self.total else 0.0

    def __str__(self) -> str:
        return f"{self.rate:.3f} ({self.hits}/{self.total})"


@dataclass
class SplitResult:
    """What the detector did on one split."""

    recall: dict[str, Tally] = field(default_factory=dict)  # by kind
    by_tag: dict[tuple[str, str], Tally] = field(default_factory=dict)
    false_alarms: Tally = field(default_factory=Tally)
    misses: list[Labelled] = field(default_factory=list)
    alarms: list[Labelled] = field(default_factory=list)

    def meets_targets(self) -> bool:
        recall_ok = all(self.recall.get(k, Tally()).rate >= t for k, t in RECALL_TARGET.items())
        return recall_ok and self.false_alarms.rate <= FALSE_ALARM_LIMIT


Detect = Callable[[str], list[str]]


def evaluate(detect: Detect, labelled: list[Labelled]) -> dict[str, SplitResult]:
    """Run the detector over every text; a risk text counts as caught when its kind is found."""
    results = {split: SplitResult() for split in SPLITS}
    for item in labelled:
        result = results[item.split]
        found = detect(item.text)
        if item.kind == "none":
            result.false_alarms.total += 1
            if found:
                result.false_alarms.hits += 1
                result.alarms.append(item)
            continue
        caught = item.kind in found
        for tally in (
            result.recall.setdefault(item.kind, Tally()),
            result.by_tag.setdefault((item.kind, item.tag), Tally()),
        ):
            tally.total += 1
            tally.hits += caught
        if not caught:
            result.misses.append(item)
    return results


def report(results: dict[str, SplitResult], alone: dict[str, SplitResult] | None = None) -> str:
    """Describe every split, and the patterns alone if given; list only what `dev` missed."""
    lines = []
    for split in SPLITS:
        result = results[split]
        size = sum(t.total for t in result.recall.values()) + result.false_alarms.total
        lines.append(f"{split}: {size} texts")
        for kind in RISK_KINDS:
            target = RECALL_TARGET.get(kind)
            goal = f" (target {target:.2f})" if target and split in JUDGED else ""
            lines.append(f"  recall {kind:<9}{result.recall.get(kind, Tally())}{goal}")
        limit = f" (limit {FALSE_ALARM_LIMIT:.2f})" if split in JUDGED else ""
        lines.append(f"  false alarms    {result.false_alarms}{limit}")
        if alone is not None:
            own = alone[split]
            recall = ", ".join(f"{k} {own.recall.get(k, Tally())}" for k in RECALL_TARGET)
            lines.append(f"  patterns alone: {recall}, false alarms {own.false_alarms}")
        lines += [
            f"    {kind}/{tag}: {tally}"
            for (kind, tag), tally in sorted(result.by_tag.items())
            if kind != "distress"
        ]
    dev = results["dev"]
    lines += [f"  dev missed {item.kind}/{item.tag}: {item.text}" for item in _short(dev.misses)]
    lines += [f"  dev false alarm {item.tag}: {item.text}" for item in _short(dev.alarms)]
    for split in JUDGED:
        verdict = "meets" if results[split].meets_targets() else "does not meet"
        lines.append(f"{split} {verdict} the targets.")
    return "\n".join(lines)


def _short(items: list[Labelled]) -> Iterator[Labelled]:
    for item in items:
        text = item.text if len(item.text) <= 120 else item.text[:117] + "..."
        yield Labelled(text, item.kind, item.tag, item.split)
