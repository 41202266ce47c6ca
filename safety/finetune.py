"""Fine-tune the sentence encoder for crisis language (PyTorch; only `safety train` imports this).

The lower layers stay as published, so their output for each text is worked out once and kept;
the top layers learn low-rank changes and a two-output head (risk to self, danger). The forward
pass here mirrors safety/encoder.py step for step, so numpy gives the same scores in use.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any

import numpy as np

from safety.encoder import ADAPTED, HEADS, HIDDEN, LAYERS, Array

RANK = 8
ALPHA = 16.0
TRAINED_LAYERS = 2  # the top two of six learn; the bottom four are kept as published
EPOCHS = 2
BATCH = 32
LEARNING_RATE = 1e-3
TRAIN_TOKENS = 64
SEED = 2026


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    labels: tuple[float, float]  # risk to self, danger


def _torch() -> Any:
    import torch

    return torch


def frozen_states(weights: dict[str, Array], tokenizer: Any, texts: list[str]) -> tuple[Any, Any]:
    """Return every text's token states after the frozen layers, and its mask (padded to 64).

    Texts of like length are worked out together, so little time goes on padding.
    """
    torch = _torch()
    from safety.encoder import prepared, token_states

    ready = prepared(weights)
    tokenizer.enable_truncation(TRAIN_TOKENS)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    states = np.zeros((len(texts), TRAIN_TOKENS, HIDDEN), dtype=np.float32)
    masks = np.zeros((len(texts), TRAIN_TOKENS), dtype=np.int64)
    order = sorted(range(len(texts)), key=lambda row: len(texts[row]))
    for start in range(0, len(order), 64):
        rows = order[start : start + 64]
        encoded = tokenizer.encode_batch([texts[row] for row in rows])
        ids = np.array([item.ids for item in encoded], dtype=np.int64)
        mask = np.array([item.attention_mask for item in encoded], dtype=np.int64)
        length = ids.shape[1]
        states[rows, :length] = token_states(ready, ids, mask, LAYERS - TRAINED_LAYERS)
        masks[rows, :length] = mask
    tokenizer.enable_truncation(512)
    return torch.from_numpy(states), torch.from_numpy(masks)


def build_model(weights: dict[str, Array]) -> Any:
    """Return the trainable top of the encoder: frozen base weights, low-rank changes, a head."""
    torch = _torch()
    nn = torch.nn
    functional = torch.nn.functional

    module: Any = nn.Module

    class Top(module):
        def __init__(self) -> None:
            super().__init__()
            self.base: dict[str, Any] = {
                name: torch.from_numpy(np.array(value))
                for name, value in weights.items()
                if name.startswith("encoder.layer.")
            }
            self.down = nn.ParameterDict()
            self.up = nn.ParameterDict()
            for layer in range(LAYERS - TRAINED_LAYERS, LAYERS):
                for name in ADAPTED:
                    key = f"encoder.layer.{layer}.{name}".replace(".", "_")
                    out_size, in_size = weights[f"encoder.layer.{layer}.{name}.weight"].shape
                    down = torch.empty(RANK, in_size)
                    nn.init.kaiming_uniform_(down, a=math.sqrt(5))
                    self.down[key] = nn.Parameter(down)
                    self.up[key] = nn.Parameter(torch.zeros(out_size, RANK))
            self.head = nn.Linear(HIDDEN, 2)
            self.drop = nn.Dropout(0.1)

        def dense(self, x: Any, layer: int, name: str) -> Any:
            key = f"encoder.layer.{layer}.{name}"
            weight = self.base[f"{key}.weight"]
            if name in ADAPTED:
                param = key.replace(".", "_")
                weight = weight + (ALPHA / RANK) * (self.up[param] @ self.down[param])
            return x @ weight.T + self.base[f"{key}.bias"]

        def norm(self, x: Any, key: str) -> Any:
            return functional.layer_norm(
                x, (HIDDEN,), self.base[f"{key}.weight"], self.base[f"{key}.bias"], 1e-12
            )

        def forward(self, x: Any, mask: Any) -> Any:
            batch, length, _ = x.shape
            size = HIDDEN // HEADS
            blocked = (1.0 - mask[:, None, None, :].float()) * -1e9
            for layer in range(LAYERS - TRAINED_LAYERS, LAYERS):
                key = f"encoder.layer.{layer}"

                def heads(y: Any) -> Any:
                    return y.view(batch, length, HEADS, size).transpose(1, 2)

                q = heads(self.dense(x, layer, "attention.self.query"))
                k = heads(self.dense(x, layer, "attention.self.key"))
                v = heads(self.dense(x, layer, "attention.self.value"))
                scores = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(size) + blocked, -1)
                context = (scores @ v).transpose(1, 2).reshape(batch, length, HIDDEN)
                attended = self.dense(context, layer, "attention.output.dense")
                x = self.norm(attended + x, f"{key}.attention.output.LayerNorm")
                inner = functional.gelu(self.dense(x, layer, "intermediate.dense"))
                x = self.norm(
                    self.dense(inner, layer, "output.dense") + x, f"{key}.output.LayerNorm"
                )
            present = mask[:, :, None].float()
            pooled = (x * present).sum(1) / present.sum(1).clamp(min=1e-9)
            return self.head(self.drop(pooled))

    return Top()


def fit(
    weights: dict[str, Array],
    states: Any,
    masks: Any,
    labels: list[tuple[float, float]],
    importance: list[float],
) -> Any:
    """Train the top on the given examples (rows of `states`); return the trained module.

    `importance` weighs each example's loss: ordinary writing counts for more, since a false
    alarm on it is what a person would meet most often.
    """
    torch = _torch()
    torch.manual_seed(SEED)
    random.seed(SEED)
    model = build_model(weights)
    target = torch.tensor(labels, dtype=torch.float32)
    weight = torch.tensor(importance, dtype=torch.float32)[:, None]
    loss_of = torch.nn.BCEWithLogitsLoss(reduction="none")
    optimiser = torch.optim.AdamW(model.parameters(), lr=LEARNING_RATE, weight_decay=0.01)
    rows = list(range(len(labels)))
    steps = EPOCHS * math.ceil(len(rows) / BATCH)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, LEARNING_RATE, total_steps=steps)
    model.train()
    for _ in range(EPOCHS):
        random.shuffle(rows)
        for start in range(0, len(rows), BATCH):
            batch = torch.tensor(rows[start : start + BATCH])
            mask = masks[batch]
            used = int(mask.sum(1).max())
            logits = model(states[batch][:, :used], mask[:, :used])
            loss = (loss_of(logits, target[batch]) * weight[batch]).mean()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
    model.eval()
    return model


def adapter_of(model: Any) -> dict[str, Array]:
    """Return what crisis_adapter.npz holds: the low-rank changes (float16), the head, the scale."""
    found: dict[str, Array] = {"scale": np.array(ALPHA / RANK, dtype=np.float32)}
    for layer in range(LAYERS):
        for name in ADAPTED:
            key = f"encoder.layer.{layer}.{name}"
            param = key.replace(".", "_")
            if param in model.down:
                found[f"{key}.down"] = model.down[param].detach().numpy().astype(np.float16)
                found[f"{key}.up"] = model.up[param].detach().numpy().astype(np.float16)
    found["head.weight"] = model.head.weight.detach().numpy().astype(np.float32)
    found["head.bias"] = model.head.bias.detach().numpy().astype(np.float32)
    return found
