"""The pacer: never more than the rate in any second, and a 429 pauses everyone."""

from __future__ import annotations

import asyncio
import time
from itertools import pairwise

from scheduler.pacing import CATCH_UP_SECONDS, ChatBuckets, Pacer


async def test_slots_are_spaced_and_in_order() -> None:
    pacer = Pacer(rate=50)
    stamps: list[float] = []

    async def send(index: int) -> None:
        await pacer.wait()
        stamps.append(time.monotonic())

    await asyncio.gather(*(send(i) for i in range(30)))
    gaps = [b - a for a, b in pairwise(stamps)]
    # A slot may come early only by what a late wake-up lost before it, and by no more.
    assert min(gaps) >= 1 / 50 - CATCH_UP_SECONDS - 0.001
    assert stamps[-1] - stamps[0] >= 29 / 50 - CATCH_UP_SECONDS


async def test_never_more_than_the_rate_within_a_second_and_a_little() -> None:
    pacer = Pacer(rate=20)
    stamps: list[float] = []
    for _ in range(45):
        await pacer.wait()
        stamps.append(time.monotonic())
    for index in range(len(stamps) - 20):
        assert stamps[index + 20] - stamps[index] >= 1.0  # any 21 sends span over a second


async def test_hold_pauses_every_sender() -> None:
    pacer = Pacer(rate=100)
    await pacer.wait()
    pacer.hold(0.3)
    started = time.monotonic()
    await asyncio.gather(pacer.wait(), pacer.wait())
    assert time.monotonic() - started >= 0.29


async def test_a_send_slow_to_arrive_holds_back_the_one_a_window_later() -> None:
    """Counted from its answer, a slow request cannot bunch up at Telegram with later ones."""
    pacer = Pacer(rate=5)
    slow = await pacer.wait(tracked=True)
    for _ in range(4):
        pacer.settle(await pacer.wait(tracked=True))
    asyncio.get_running_loop().call_later(0.4, pacer.settle, slow)  # its answer comes late
    sixth = asyncio.create_task(pacer.wait())
    await asyncio.sleep(0.2)
    assert not sixth.done()  # waiting for the slow one to arrive, however long that takes
    await sixth
    assert slow.reached is not None
    assert (await sixth).start - slow.reached >= 1.0


def test_a_chat_gets_its_burst_at_once_then_waits_its_turn_in_order() -> None:
    now = [100.0]
    buckets = ChatBuckets(burst=4, per_second=1.0, clock=lambda: now[0])
    assert [buckets.reserve(1) for _ in range(7)] == [0, 0, 0, 0, 1, 2, 3]
    assert buckets.reserve(2) == 0  # another chat has its own bucket
    now[0] += 10  # the first chat's bucket has filled again, and no more than full
    assert [buckets.reserve(1) for _ in range(5)] == [0, 0, 0, 0, 1]


def test_chats_whose_bucket_has_filled_again_are_forgotten() -> None:
    now = [0.0]
    buckets = ChatBuckets(burst=2, per_second=1.0, clock=lambda: now[0])
    for chat_id in range(ChatBuckets.PRUNE_EVERY - 1):
        buckets.reserve(chat_id)
    now[0] += 5
    buckets.reserve(-1)  # the 1024th new chat: the others are full again by now
    assert len(buckets) == 1
