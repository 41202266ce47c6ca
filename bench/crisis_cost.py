"""What the whole crisis check costs (patterns and model): per message, in memory, at start,
and what the event loop feels while it runs.

`python -m bench.crisis_cost` prints p50 and p95 per message of 1, 3 and 10 sentences, the
memory and time the model adds at start, and the event loop's longest stall while 120 messages
are checked beside a 1 ms ticker: by the bot's worker process, by worker threads in the bot's
own process (as before), and with nothing checked at all (the machine's own noise), in turns.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import statistics
import time

from safety.assess import NOTHING, Assesses, Assessment, crisis_check
from safety.meaning import load_meaning
from safety.patterns import load_detector
from safety.worker import crisis_worker

STALL_TEXTS = 120
STALL_ROUNDS = 3
SENTENCES = (
    "I went for a walk by the canal this morning.",
    "He was quiet at dinner and I could not tell what he was thinking.",
    "Some days I feel like I am losing my grip on what is real.",
    "My sister rang and we talked about the children for a while.",
    "I keep going over the messages I found in my head.",
    "Work was busy, which helped a little.",
    "I am so tired of pretending everything is fine in front of everyone.",
    "The counsellor said it is normal to feel this way after finding out.",
    "I do not know if I can trust my own memory of the last few years.",
    "Tonight I just want to sleep and not think about any of it.",
)


def message(rng: random.Random, count: int) -> str:
    return " ".join(rng.sample(SENTENCES, count))


class Idle:
    """No check at all, as long as one takes: the ticker's delays are then the machine's."""

    async def ready(self) -> None:
        """Be ready at once."""

    async def assess(self, text: str) -> Assessment:
        await asyncio.sleep(0.065)
        return NOTHING


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def stall_while_checking(check: Assesses, texts: list[str]) -> tuple[float, float]:
    """Return the longest gap a 1 ms ticker saw while the texts were checked, and the time."""
    longest = 0.0
    done = asyncio.Event()

    async def ticker() -> None:
        nonlocal longest
        last = time.perf_counter()
        while not done.is_set():
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            longest = max(longest, now - last - 0.001)
            last = now

    ticking = asyncio.create_task(ticker())
    await asyncio.sleep(0.01)
    started = time.perf_counter()
    for text in texts:
        await check.assess(text)
    spent = time.perf_counter() - started
    done.set()
    await ticking
    return longest * 1000, spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=60)
    runs = parser.parse_args().runs
    before = rss_mb()
    started = time.perf_counter()
    detector = load_detector()
    detector.detect("warm up the lemmatiser")
    patterns_mb = rss_mb() - before
    started = time.perf_counter()
    model = load_meaning()
    load_s = time.perf_counter() - started
    model_mb = rss_mb() - before - patterns_mb
    check = crisis_check(detector, model)
    rng = random.Random(7)
    print(
        f"model load {load_s:.2f} s; memory added: "
        f"patterns {patterns_mb:.0f} MB, model {model_mb:.0f} MB"
    )
    print(f"{'sentences':<10} {'p50 ms':>8} {'p95 ms':>8}  (patterns and model, {runs} messages)")
    for count in (1, 3, 10):
        times = []
        for _ in range(runs):
            text = message(rng, count)
            began = time.perf_counter()
            check.assess_now(text)
            times.append((time.perf_counter() - began) * 1000)
        print(f"{count:<10} {statistics.median(times):>8.1f} {percentile(times, 0.95):>8.1f}")
    texts = [message(rng, rng.choice((1, 3, 10))) for _ in range(STALL_TEXTS)]
    worker = crisis_worker()
    worker.warm().result()  # the bot starts the worker at start, before any message comes
    ways: dict[str, Assesses] = {
        "nothing checked (the machine's own noise)": Idle(),
        "the worker process (as the bot runs)": worker,
        "worker threads in the bot's process": check,
    }
    stalls: dict[str, list[float]] = {name: [] for name in ways}
    for _ in range(STALL_ROUNDS):  # taken in turns, so a noisy moment falls on each alike
        for name, way in ways.items():
            stalls[name].append(asyncio.run(stall_while_checking(way, texts))[0])
    print(f"event loop's longest stall while {STALL_TEXTS} messages were checked, per round:")
    for name, found in stalls.items():
        print(f"  {name}: " + ", ".join(f"{stall:.1f} ms" for stall in found))
    worker.close()


if __name__ == "__main__":
    main()
