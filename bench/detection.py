"""How long crisis detection takes on the worst inputs we know of (4,096 characters each)."""

from __future__ import annotations

import argparse
import random
import string
import time
from collections.abc import Callable
from functools import partial

from safety.patterns import load_detector

LIMIT = 4096  # Telegram's longest text message


def made_up_words(rng: random.Random) -> str:
    """Return 4,096 characters of words never seen before, so no dictionary form is cached."""
    words = (
        "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(2, 9)))
        for _ in range(800)
    )
    return " ".join(words)[:LIMIT]


def inputs() -> dict[str, str]:
    """Return hostile and ordinary texts of Telegram's longest length."""
    journal = (
        "I went for a walk and he said he will not hurt me but I am scared of what he might "
        "do and some days I want to die. "
    )
    return {
        "U+FDFA repeated (grows 18x under NFKC)": "\ufdfa" * LIMIT,
        "negators only": ("not never no " * 400)[:LIMIT],
        "a long journal entry": (journal * 40)[:LIMIT],
        "'he' repeated, no punctuation": ("he " * 1400)[:LIMIT],
        "'i want to' repeated": ("i want to " * 500)[:LIMIT],
        "risk words without punctuation": ("he he hit hit me me my my " * 200)[:LIMIT],
        "commas only": ", " * (LIMIT // 2),
        "pill words repeated": ("pills tablets and " * 300)[:LIMIT],
        "kill repeated": ("kill " * 900)[:LIMIT],
    }


def best_of(runs: int, action: Callable[[], object]) -> float:
    """Return the fastest of several runs, in milliseconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    detector = load_detector()
    detector.detect("warm up the lemmatiser")
    print(f"{'input (4,096 characters)':<45} {'fastest of ' + str(runs):>14}")
    for name, text in inputs().items():
        print(f"{name:<45} {best_of(runs, partial(detector.detect, text)):>11.2f} ms")
    rng = random.Random(7)
    fresh = best_of(runs, lambda: detector.detect(made_up_words(rng)))  # a new text every run
    print(f"{'made-up words, none seen before':<45} {fresh:>11.2f} ms")


if __name__ == "__main__":
    main()
