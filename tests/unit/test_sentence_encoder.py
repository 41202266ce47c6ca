"""The sentence encoder in numpy: the pinned base model, its published values, and refusals."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from safety.encoder import BASE_HASHES, EncoderUnavailable, base_directory, load_base
from safety.meaning import ADAPTER_FILE, MODEL_FILE, load_meaning, segments

# Published by sentence-transformers for all-MiniLM-L6-v2 (its quick-start, sbert.net): the
# cosine similarities of these three sentences.
PUBLISHED = ("The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium.")
PUBLISHED_SIMILARITY = {(0, 1): 0.6660, (0, 2): 0.1046, (1, 2): 0.1411}


def test_the_base_model_gives_the_published_similarities() -> None:
    from safety.encoder import Encoder, prepared

    weights, tokenizer = load_base()
    vectors = Encoder(prepared(weights), tokenizer).vectors(list(PUBLISHED))
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    for (first, second), expected in PUBLISHED_SIMILARITY.items():
        assert float(unit[first] @ unit[second]) == pytest.approx(expected, abs=6e-4)


def test_a_base_file_that_is_not_the_pinned_one_is_refused(tmp_path: Path) -> None:
    for name in BASE_HASHES:
        shutil.copy(base_directory() / name, tmp_path / name)
    with (tmp_path / "tokenizer.json").open("a", encoding="utf-8") as file:
        file.write(" ")
    with pytest.raises(EncoderUnavailable, match="not the pinned one"):
        load_base(tmp_path)


def test_weights_that_do_not_match_their_thresholds_are_refused(tmp_path: Path) -> None:
    adapter = tmp_path / ADAPTER_FILE.name
    adapter.write_bytes(ADAPTER_FILE.read_bytes() + b"\0")
    with pytest.raises(EncoderUnavailable, match="do not match"):
        load_meaning.__wrapped__(MODEL_FILE, adapter)
    with pytest.raises(EncoderUnavailable, match="are missing"):
        load_meaning.__wrapped__(MODEL_FILE, tmp_path / "gone.npz")


def test_long_texts_are_scored_by_sentence_and_short_ones_whole() -> None:
    assert segments("  I am fine. Really.  ") == ["I am fine. Really."]
    long = "This is an ordinary sentence about the day. " * 12 + "\nAnd a new line here."
    parts = segments(long)
    assert len(parts) == 13 and parts[-1] == "And a new line here."
    assert segments("") == []
