"""Which Bot API failures are worth another try, and how long to wait before it.

A request that never left (connecting failed) or that Telegram answered with a 5xx is tried again.
One that may have reached Telegram (the connection dropped, or no answer came in time) is tried
again only where a repeat does no harm or a loss would do more: edits and button answers change
nothing the second time, and a reply to a person is sent again, because a reply seen twice is
better than an answer to /sos never seen. Reflections are the delivery engine's: it decides.
"""

from __future__ import annotations

import enum
import random
from dataclasses import dataclass

from telegram.error import NetworkError


class NotSent(NetworkError):
    """The request never reached Telegram: connecting failed or was refused."""


class Unavailable(NetworkError):
    """Telegram answered with a 5xx: its servers could not take the request just now."""

    def __init__(self, status: int) -> None:
        super().__init__(f"Telegram answered {status}")
        self.status = status


class Fault(enum.Enum):
    """Why a request failed, as far as the bot can tell."""

    NOT_SENT = "not_sent"
    UNAVAILABLE = "5xx"
    MAYBE_SENT = "maybe_sent"  # the connection dropped or timed out after the request left
    TOO_MANY = "429"


def fault_of(error: NetworkError) -> Fault:
    """Name a network failure (never a BadRequest: callers catch that first)."""
    if isinstance(error, NotSent):
        return Fault.NOT_SENT
    if isinstance(error, Unavailable):
        return Fault.UNAVAILABLE
    return Fault.MAYBE_SENT  # a reset or a timeout: the request may have arrived


class Retry(enum.Enum):
    """What a request is, for its retries: passed as `rate_limit_args` (None: a reply)."""

    REPLY = "reply"  # messages, edits and files for a person: every transient fault
    ANSWER = "answer"  # a button's answer: only while Telegram still takes it
    REFLECTION = "reflection"  # the engine's: only what surely never arrived, and 429s


@dataclass(frozen=True, slots=True)
class Plan:
    """How many tries a kind of request gets, how far apart, and for how long in all."""

    faults: frozenset[Fault]
    attempts: int
    within_seconds: float
    first_wait: float = 0.5  # seconds before the first retry; doubled each time, with jitter
    longest_wait: float = 8.0

    def wait(self, attempt: int) -> float:
        """Return how long to wait after failed try `attempt` (from 0): doubling, capped."""
        ceiling = min(self.longest_wait, self.first_wait * 2**attempt) * WAIT_SCALE
        return random.uniform(ceiling / 2, ceiling)  # jitter, not secrecy


# Even with one call in five failing, a reply fails all eight tries about once in 400,000.
PLANS = {
    Retry.REPLY: Plan(frozenset(Fault), attempts=8, within_seconds=60.0),
    # Telegram refuses an answer after about 15 seconds; a late one helps nobody.
    Retry.ANSWER: Plan(
        frozenset(Fault), attempts=8, within_seconds=10.0, first_wait=0.25, longest_wait=2.0
    ),
    Retry.REFLECTION: Plan(
        frozenset({Fault.NOT_SENT, Fault.TOO_MANY}), attempts=4, within_seconds=60.0
    ),
}
WAIT_SCALE = 1.0  # tests shrink every wait; the shape stays
