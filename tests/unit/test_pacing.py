"""The pacer: never more than the rate in any second, and a 429 pauses everyone."""

from __future__ import annotations

import asyncio
from itertools import pairwise

from bot.pacing import CATCH_UP_SECONDS, ChatBuckets, Pacer

# How late a sleep wakes on a real machine (about half a millisecond): the pacer must allow for it.
WAKES_LATE = 0.0005


class TestTime:
    """A monotonic clock that moves only when a sender sleeps or the test moves it."""

    __test__ = False  # not a test class, whatever its name

    def __init__(self, wakes_late: float = WAKES_LATE) -> None:
        self.now = 0.0
        self.wakes_late = wakes_late

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        """Wake when asked, and a little late, as a real sleep does; let others run meanwhile."""
        self.now += seconds + self.wakes_late
        await asyncio.sleep(0)

    def pacer(self, rate: float) -> Pacer:
        return Pacer(rate, clock=self, sleep=self.sleep)


async def test_slots_are_spaced_and_in_order() -> None:
    clock = TestTime()
    pacer = clock.pacer(rate=50)
    stamps: list[float] = []
    order: list[int] = []

    async def send(index: int) -> None:
        await pacer.wait()
        stamps.append(clock())
        order.append(index)

    await asyncio.gather(*(send(i) for i in range(30)))
    assert order == list(range(30))
    gaps = [b - a for a, b in pairwise(stamps)]
    # A slot may come early only by what a late wake-up lost before it, and by no more.
    assert min(gaps) >= 1 / 50 - CATCH_UP_SECONDS - 0.001
    assert stamps[-1] - stamps[0] >= 29 / 50 - CATCH_UP_SECONDS


async def test_late_wake_ups_are_caught_up_so_the_rate_holds() -> None:
    clock = TestTime(wakes_late=CATCH_UP_SECONDS / 2)
    pacer = clock.pacer(rate=100)
    stamps: list[float] = []
    for _ in range(101):
        await pacer.wait()
        stamps.append(clock())
    # Each wake-up is late, but the next slot is counted from when this one was due.
    assert stamps[-1] - stamps[0] < 1.0 + CATCH_UP_SECONDS


async def test_never_more_than_the_rate_within_a_second_and_a_little() -> None:
    clock = TestTime()
    pacer = clock.pacer(rate=20)
    stamps: list[float] = []
    for _ in range(45):
        await pacer.wait()
        stamps.append(clock())
    for index in range(len(stamps) - 20):
        assert stamps[index + 20] - stamps[index] >= 1.0  # any 21 sends span over a second


async def test_hold_pauses_every_sender() -> None:
    clock = TestTime(wakes_late=0)
    pacer = clock.pacer(rate=100)
    await pacer.wait()
    pacer.hold(0.3)
    started = clock()
    await asyncio.gather(pacer.wait(), pacer.wait())
    assert clock() - started >= 0.3


async def test_a_send_slow_to_arrive_holds_back_the_one_a_window_later() -> None:
    """Counted from its answer, a slow request cannot bunch up at Telegram with later ones."""
    clock = TestTime()
    pacer = clock.pacer(rate=5)
    slow = await pacer.wait(tracked=True)
    for _ in range(4):
        pacer.settle(await pacer.wait(tracked=True))
    sixth = asyncio.create_task(pacer.wait())
    for _ in range(20):  # as long as it likes: a pacer that did not wait would be done by now
        await asyncio.sleep(0)
    assert not sixth.done()  # waiting for the slow one to arrive, however long that takes
    clock.now += 0.4  # its answer comes late, after a second counted from its start has passed
    pacer.settle(slow)
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
