"""The model beside the crisis patterns: trained on `dev` only, reproducible, and only ever adds."""

from __future__ import annotations

import builtins
from pathlib import Path
from typing import Any

import pytest
import yaml

from cli import safety as safety_cli
from config.datafiles import ContentError
from safety.evaluation import load_labelled
from safety.model import MODEL_FILE, WHOLE_TEXT_LIMIT, features, load_model
from safety.patterns import load_detector
from safety.training import train, training_texts

LABELLED = load_labelled()


def write_model(path: Path, weights: dict[str, list[float]], threshold: float = 0.9) -> Path:
    data = {"threshold": threshold, "bias": {"self": -3.0, "danger": -3.0}, "weights": weights}
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_the_shipped_model_is_what_training_on_dev_gives() -> None:
    shipped = yaml.safe_load(MODEL_FILE.read_text(encoding="utf-8"))
    fresh = train(LABELLED, load_detector(model=None).prepare)
    assert fresh["threshold"] == shipped["threshold"]
    assert fresh["trained_on"] == shipped["trained_on"]
    assert fresh["bias"] == pytest.approx(shipped["bias"], abs=2e-3)
    assert fresh["weights"].keys() == shipped["weights"].keys(), "run `python main.py safety train`"
    for feature, values in fresh["weights"].items():
        assert values == pytest.approx(shipped["weights"][feature], abs=2e-3), feature


def test_it_learns_from_dev_only() -> None:
    taught = {item.text for item in training_texts(LABELLED)}
    judged = {item.text for item in LABELLED if item.split != "dev"}
    assert taught and not taught & judged
    assert all(len(text) < WHOLE_TEXT_LIMIT for text in taught)


def test_features_are_words_and_neighbouring_pairs() -> None:
    assert features("i want , to go") == {"i", "want", "to", "go", "i want", "want to", "to go"}


def test_a_text_the_patterns_miss_is_found_by_the_model(tmp_path: Path) -> None:
    model = write_model(tmp_path / "model.yaml", {"lighter": [6.0, 0.0], "shove": [0.0, 6.0]})
    detector = load_detector(model=model)
    assert load_detector(model=None).detect("The world would be lighter") == []
    assert detector.detect("The world would be lighter") == ["self"]
    assert detector.detect("He gave me a shove") == ["danger"]
    assert detector.detect("The bags are lighter now") == ["self"]  # why the threshold is high
    assert detector.detect("Thank you for today") == []


def test_a_long_text_is_weighed_a_sentence_at_a_time(tmp_path: Path) -> None:
    # Each ordinary sentence adds a little; summed over a long journal it would cross the line.
    weights = {str(row): [0.5, 0.0] for row in range(20)} | {"lighter": [6.0, 0.0]}
    detector = load_detector(model=write_model(tmp_path / "model.yaml", weights))
    long_ordinary = "".join(f"I planted row {row} of beans today. " for row in range(20))
    assert len(long_ordinary) >= WHOLE_TEXT_LIMIT
    assert detector.detect(long_ordinary) == []
    assert detector.detect(long_ordinary + "The world would be lighter.") == ["self"]
    short = "".join(f"row {row}, " for row in range(20))
    assert len(short) < WHOLE_TEXT_LIMIT and detector.detect(short) == ["self"]  # scored whole


def test_a_missing_model_stops_with_a_sentence_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match=r"absent\.yaml: cannot be read"):
        load_model(tmp_path / "absent.yaml")


@pytest.mark.parametrize(
    "content",
    [
        "threshold: 0.9\n",
        "threshold: high\nbias: {self: 0, danger: 0}\nweights: {}\n",
        "threshold: 0.9\nbias: {self: 0, danger: 0}\nweights: {word: [1.0]}\n",
    ],
)
def test_a_misshapen_model_stops_with_a_sentence_naming_the_file(
    tmp_path: Path, content: str
) -> None:
    path = tmp_path / "model.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ContentError, match=r"model\.yaml"):
        load_model(path)


def test_training_without_scikit_learn_says_what_to_install(monkeypatch: Any) -> None:
    real_import = builtins.__import__

    def refuse(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("sklearn"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", refuse)
    code, output = safety_cli.training()
    assert code == 2
    assert "scikit-learn" in output and "dev" in output
