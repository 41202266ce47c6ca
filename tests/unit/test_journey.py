"""The journey: in order, no repeats until all are done, a gentle second round, safe edits."""

from __future__ import annotations

from functools import cache
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from reflections.journey import Step, next_step

ORDER = ["a", "b", "c", "d"]


def walk(order: list[str], received: list[str], count: int) -> list[Step]:
    """Receive `count` reflections in a row, returning each step."""
    steps = []
    for _ in range(count):
        step = next_step(order, received)
        steps.append(step)
        received.append(step.reflection_id)
    return steps


def test_first_is_the_first() -> None:
    assert next_step(ORDER, []) == Step("a", round=1, starts_round=False)


def test_goes_in_order_then_starts_a_second_round_gently() -> None:
    steps = walk(ORDER, [], 6)
    assert [s.reflection_id for s in steps] == ["a", "b", "c", "d", "a", "b"]
    assert [s.round for s in steps] == [1, 1, 1, 1, 2, 2]
    assert [s.starts_round for s in steps] == [False, False, False, False, True, False]


def test_a_removed_id_is_skipped() -> None:
    assert next_step(["a", "c", "d"], ["a", "b"]).reflection_id == "c"
    assert next_step(["a", "c", "d"], ["b"]).reflection_id == "a"


def test_a_new_id_ahead_is_picked_up_at_its_place() -> None:
    assert next_step(["a", "b", "new", "c", "d"], ["a", "b"]).reflection_id == "new"


def test_a_new_id_behind_comes_before_the_round_ends() -> None:
    order = ["a", "new", "b", "c", "d"]
    steps = walk(order, ["a", "b", "c"], 3)
    assert [s.reflection_id for s in steps] == ["d", "new", "a"]
    assert [s.round for s in steps] == [1, 1, 2]


def test_a_moved_id_does_not_repeat_in_the_round() -> None:
    assert next_step(["c", "a", "b", "d"], ["a", "b", "c"]).reflection_id == "d"


@given(
    order=st.lists(
        st.text("abcdefgh", min_size=1, max_size=3), min_size=1, max_size=12, unique=True
    ),
    history=st.lists(st.text("abcdefgh", min_size=1, max_size=3), max_size=30),
    count=st.integers(1, 40),
)
def test_no_repeats_until_everything_has_been_had(
    order: list[str], history: list[str], count: int
) -> None:
    steps = walk(order, list(history), count)
    assert all(step.reflection_id in order for step in steps)
    rounds = [step.round for step in steps]
    assert all(0 <= later - earlier <= 1 for earlier, later in pairwise(rounds))
    for number in set(rounds):
        in_round = [step.reflection_id for step in steps if step.round == number]
        assert len(in_round) == len(set(in_round)), f"a repeat within round {number}"


@given(
    order=st.lists(st.text("abcdef", min_size=1, max_size=2), min_size=1, max_size=10, unique=True),
    count=st.integers(1, 30),
)
def test_from_the_start_the_journey_follows_the_file(order: list[str], count: int) -> None:
    ids = [s.reflection_id for s in walk(order, [], count)]
    assert ids == [order[i % len(order)] for i in range(count)]


# The journey before the reorder that steadies first (ids unchanged, five added since).
EARLIER_ORDER = (
    "depending-on-each-other",
    "made-for-connection",
    "belonging",
    "finding-the-balance",
    "interdependence",
    "a-safe-base",
    "what-a-relationship-needs",
    "trust",
    "being-yourself",
    "mattering",
    "shared-responsibility",
    "empathy",
    "feeling-valued",
    "taking-interest",
    "attention-and-energy",
    "numbing-and-distraction",
    "justifying",
    "felt-but-not-known",
    "questioning-yourself",
    "small-hurts",
    "blamed",
    "lack-of-interest",
    "impatience",
    "criticism",
    "withdrawal",
    "keeping-distance",
    "when-it-came-out",
    "heard-and-believed",
    "a-betrayal-of-the-relationship",
    "a-kind-of-trauma",
    "the-person-who-kept-you-safe",
    "nowhere-to-step-away-to",
    "secrecy",
    "your-own-truth",
    "growing-your-sense-of-self",
    "the-open-door",
    "being-listened-to",
    "safety-within",
)


@cache
def shipped_order() -> tuple[str, ...]:
    from reflections.loader import load_library

    return tuple(load_library().order)


@given(st.integers(min_value=0, max_value=len(EARLIER_ORDER)))
def test_people_mid_journey_carry_on_without_repeats_after_a_reorder(had: int) -> None:
    order = list(shipped_order())
    received = list(EARLIER_ORDER[:had])
    still_there = [rid for rid in received if rid in order]  # two were merged into others since
    rest = walk(order, received, len(order) - len(still_there))
    had_this_round = still_there + [step.reflection_id for step in rest]
    assert sorted(had_this_round) == sorted(order)  # every reflection once, none twice
    assert all(step.round == 1 for step in rest)
