"""`safety eval`: the figures per writer group, leave-one-writer-out for the outside writers.

For each outside writer the model's scores come from a model trained without them (kept by
`safety train` in crisis_model.yaml), and the thresholds are chosen again here without them, so
neither the model nor its thresholds have seen the writer they are measured on. The patterns
run live. The team's own texts were trained on: their figures are shown, not to be believed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from safety.evaluation import UNSEEN, Labelled, load_labelled, load_writers
from safety.meaning import MODEL_KINDS, MeaningModel, Thresholds
from safety.training import Scored, Table, choose, rates, scored_text, text_key

TARGETS = {
    "self_answered": (">=", 0.90),
    "danger_answered": (">=", 0.90),
    "full_negatives": ("<=", 0.03),
    "any_negatives": ("<=", 0.15),
    "any_ordinary": ("<=", 0.03),
    "full_long_ordinary": ("<=", 0.05),
}
COLUMNS = (
    ("self_full", "self full"),
    ("self_answered", "self answered"),
    ("danger_full", "danger full"),
    ("danger_answered", "danger answered"),
    ("full_negatives", "full on hard negatives"),
    ("ask_negatives", "question on hard negatives"),
    ("any_negatives", "any on hard negatives"),
    ("ask_ordinary", "question on ordinary replies"),
    ("any_ordinary", "any on ordinary replies"),
    ("full_long_ordinary", "full on long ordinary"),
)


@dataclass(frozen=True, slots=True)
class GroupFigures:
    name: str
    size: int
    figures: dict[str, float]
    by_tag: dict[str, float]  # answered recall per rung or factor
    kinds: frozenset[str]  # the kinds of text the group holds

    def meets(self) -> bool:
        """Tell whether every target that applies to this group's texts is met."""
        for key, (sense, limit) in TARGETS.items():
            if sense == ">=" and key.split("_")[0] not in self.kinds:
                continue  # no texts of that kind here
            value = self.figures[key]
            if (sense == ">=" and value < limit) or (sense == "<=" and value > limit):
                return False
        return True


def scored_items(
    items: Sequence[Labelled],
    scores: Callable[[Labelled], tuple[float, float] | None],
    detect: Callable[[str], list[str]],
) -> list[Scored]:
    """Return the texts with what the patterns found and the model's scores (where known)."""
    found = []
    for item in items:
        score = scores(item)
        if score is None:
            continue
        found.append(scored_text(item, score, detect))
    return found


def group(name: str, items: Sequence[Scored], chosen: dict[str, Thresholds]) -> GroupFigures:
    """Return one group's figures, with answered recall per rung and factor."""
    by_tag = {}
    for kind in MODEL_KINDS:
        for tag in sorted({item.tag for item in items if item.kind == kind}):
            part = [item for item in items if item.kind == kind and item.tag == tag]
            by_tag[f"{kind}/{tag}"] = rates(Table.of(part), chosen)[f"{kind}_answered"]
    kinds = frozenset(item.kind for item in items)
    return GroupFigures(name, len(items), rates(Table.of(items), chosen), by_tag, kinds)


def held_out_groups(
    stored: dict[str, dict[str, list[float]]], detect: Callable[[str], list[str]]
) -> list[GroupFigures]:
    """Return each outside writer's figures, the model and thresholds chosen without them."""
    scored = {
        name: scored_items(items, _lookup(stored.get(name, {})), detect)
        for name, items in load_writers().items()
    }
    found = []
    for name, items in scored.items():
        if not items:
            continue  # a writer only ever learnt from, never left out
        others = [item for other, their in scored.items() if other != name for item in their]
        found.append(group(name, items, choose(others)))
    return found


def team_group(model: MeaningModel, detect: Callable[[str], list[str]]) -> GroupFigures:
    """Return the team's own texts scored by the shipped model (trained on them)."""
    labelled = load_labelled()
    items = scored_items(labelled, _scored_live(model, labelled), detect)
    return group("team (trained on)", items, model.thresholds)


def unseen_groups(model: MeaningModel, detect: Callable[[str], list[str]]) -> list[GroupFigures]:
    """Return each never-trained-on writer scored live by the shipped model and thresholds."""
    writers = load_writers(UNSEEN)
    score = _scored_live(model, [item for items in writers.values() for item in items])
    return [
        group(name, scored_items(items, score, detect), model.thresholds)
        for name, items in writers.items()
    ]


def _scored_live(
    model: MeaningModel, items: Sequence[Labelled]
) -> Callable[[Labelled], tuple[float, float]]:
    """Score the texts now with the shipped model, on both cores; return their lookup."""
    texts = [item.text for item in items]
    with ThreadPoolExecutor(2) as pool:  # numpy lets go of the interpreter: both cores work
        found = dict(zip(texts, pool.map(model.scores, texts), strict=True))

    def score(item: Labelled) -> tuple[float, float]:
        return found[item.text]["self"], found[item.text]["danger"]

    return score


def _lookup(stored: dict[str, list[float]]) -> Callable[[Labelled], tuple[float, float] | None]:
    def score(item: Labelled) -> tuple[float, float] | None:
        found = stored.get(text_key(item.text))
        return (found[0], found[1]) if found else None

    return score


def table(groups: Sequence[GroupFigures]) -> str:
    """Describe the groups in a Markdown table, then answered recall by rung and factor."""
    head = "| group | texts | " + " | ".join(label for _, label in COLUMNS) + " | targets |"
    lines = [head, "|" + "---|" * (len(COLUMNS) + 3)]
    for found in groups:
        cells = " | ".join(f"{found.figures[key]:.3f}" for key, _ in COLUMNS)
        verdict = "met" if found.meets() else "not met"
        lines.append(f"| {found.name} | {found.size} | {cells} | {verdict} |")
    for found in groups:
        if found.by_tag:
            detail = ", ".join(f"{tag} {rate:.2f}" for tag, rate in found.by_tag.items())
            lines.append(f"\n{found.name}, answered by rung and factor: {detail}")
    return "\n".join(lines)
