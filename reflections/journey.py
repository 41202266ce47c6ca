"""What comes next for a person: a pure function of the library order and what they received."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Step:
    """The next reflection, which round of the journey it belongs to, and whether it starts one."""

    reflection_id: str
    round: int
    starts_round: bool


def next_step(order: Sequence[str], received: Sequence[str]) -> Step:
    """Return what comes next, given the journey order and the ids received, oldest first.

    Positions are by id, so edits are safe: a removed id is ignored, and a new id is picked up
    at its place, before the round ends. Nothing repeats until every reflection has been had.
    """
    if not order:
        raise ValueError("the journey has no reflections")
    position = {reflection_id: index for index, reflection_id in enumerate(order)}
    round_number = 1
    seen = set[str]()
    last = -1
    for reflection_id in received:
        if reflection_id not in position:
            continue  # removed from the library since
        if reflection_id in seen:  # a repeat means a new round had begun
            round_number, seen = round_number + 1, set()
        seen.add(reflection_id)
        last = position[reflection_id]
        if len(seen) == len(position):
            round_number, seen, last = round_number + 1, set(), -1
    ahead = [rid for rid in order[last + 1 :] if rid not in seen]
    behind = [rid for rid in order[: last + 1] if rid not in seen]
    chosen = (ahead or behind)[0]
    return Step(chosen, round_number, starts_round=round_number > 1 and not seen)
