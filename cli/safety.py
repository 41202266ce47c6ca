"""`python main.py safety eval|train`: how crisis language is noticed, and the model beside it."""

from __future__ import annotations

from config.datafiles import read_yaml
from safety.evaluation import evaluate, load_labelled, report
from safety.figures import held_out_groups, table, team_group, unseen_groups
from safety.meaning import ADAPTER_FILE, MODEL_FILE, SUBJECT, load_meaning
from safety.patterns import load_detector
from safety.training import TrainingUnavailable, train, write_model

BEFORE = """\
The patterns (and the word model of the time) on each outside writer, measured once before the
team read them (safety/writers/README.md): self 0.506-0.644, danger 0.547-0.753, false alarms
0.014-0.085."""


def evaluation() -> tuple[int, str]:
    """Measure detection per writer group; exit 1 when an outside writer misses a target."""
    detect = load_detector().detect
    stored = read_yaml(MODEL_FILE, SUBJECT).get("held_out_scores") or {}
    outside = held_out_groups(stored, detect)
    model = load_meaning()
    unseen = unseen_groups(model, detect)
    team = team_group(model, detect)
    labelled = load_labelled()
    patterns = report(evaluate(detect, labelled))
    met = all(found.meets() for found in (*outside, *unseen))
    parts = [
        "Leave-one-writer-out, on writers outside the team (the figures to believe):",
        table(outside),
        "Writers never trained on (safety/unseen/), scored live with the shipped model and "
        "thresholds (the figures to believe most):",
        table(unseen),
        "The team's own texts, trained on (not to be believed):",
        table([team]),
        BEFORE,
        "The patterns alone, on the team's splits (the patterns were written beside them):",
        patterns,
        "Every outside writer meets the targets." if met else "Some targets are not met.",
    ]
    return (0 if met else 1), "\n\n".join(parts)


def training() -> tuple[int, str]:
    """Fine-tune and write the model; exit 2 without PyTorch (the `train` extra)."""
    try:
        data, adapter = train(load_detector().detect)
    except TrainingUnavailable:
        return 2, "Training needs PyTorch: install the train extra (pip install -e '.[train]')."
    write_model(data, adapter)
    return 0, (
        f"Trained on {data['trained_on']} examples; wrote {ADAPTER_FILE.name} and "
        f"{MODEL_FILE.name}. Measure with `python main.py safety eval`."
    )
