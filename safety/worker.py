"""The crisis check in a process of its own, so the bot's event loop never waits on it.

Threads were not enough: the check's Python between numpy's products (tokenising, the
patterns) held the interpreter for several milliseconds at a time. One worker process per bot
process loads the patterns and the model once and checks every text; the bot only sends it the
text and awaits the answer. Should the process die, a new one is started, and until it answers
the patterns alone decide, on a thread: a crisis message is never left unanswered.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import cache

from config.settings import ConfigError
from safety.assess import Assessment, decide
from safety.meaning import Thresholds, check_meaning, load_meaning
from safety.patterns import load_detector

log = logging.getLogger(__name__)


class WorkerUnavailable(ConfigError):
    """The worker process could not load the model; the message says what to do."""


def assess_here(text: str) -> Assessment:
    """Assess a text in this process with the patterns and the model (loaded once)."""
    model = load_meaning()
    return decide(load_detector().detect(text), model.scores(text), model.thresholds)


PARENT_CHECK = 1.0  # seconds between checks that the bot is still there
# Seconds a check may take before the patterns answer alone: a wall of text takes well under
# one, so this is only reached when the worker is being replaced or something is wrong.
DEADLINE = 3.0
WORKER_NICENESS = 5  # below the bot's own process, when both want a core


def _follow(parent: int) -> None:
    """Yield the cores to the bot's event loop, and end soon after the bot's process ends.

    On a busy machine the event loop, which answers everyone, goes first; a check waits a few
    milliseconds instead. The worker ends however the bot ended (even killed).
    """
    os.nice(WORKER_NICENESS)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK)
        os._exit(0)

    threading.Thread(target=watch, name="follow-parent", daemon=True).start()


def _ready() -> None:
    load_meaning()
    load_detector().detect("ready")


class CrisisWorker:
    """The crisis check run in one worker process, started when first needed."""

    def __init__(self, thresholds: dict[str, Thresholds], deadline: float = DEADLINE) -> None:
        self._thresholds = thresholds
        self._deadline = deadline
        self._pool: ProcessPoolExecutor | None = None

    def warm(self) -> Future[None]:
        """Start the worker and load the model there, without waiting for it."""
        return self._running().submit(_ready)

    async def ready(self) -> None:
        """Wait until the worker has loaded the model; say plainly if it cannot."""
        try:
            await asyncio.wrap_future(self.warm())
        except Exception as error:
            raise WorkerUnavailable(
                "The crisis check's worker process could not load the model "
                f"({type(error).__name__}): run `python main.py check` to see what is missing."
            ) from None

    async def assess(self, text: str) -> Assessment:
        """Assess a text in the worker process; the patterns alone if it cannot answer in time.

        Whatever goes wrong there (the process died, the model failed, it is slow), a crisis
        message is still answered, by the patterns, and the pending question is still let go.
        """
        loop = asyncio.get_running_loop()
        pool = self._running()
        try:
            checking = loop.run_in_executor(pool, assess_here, text)
            return await asyncio.wait_for(checking, self._deadline)
        except BrokenProcessPool:
            log.warning("the crisis check's worker process stopped; starting another")
            if self._pool is pool:
                self._pool = None
                self.warm()  # so the next message need not wait for it
        except TimeoutError:
            log.warning("the crisis check's worker was slow; the patterns answered alone")
        except Exception as error:  # the text is never logged, only what kind of fault
            log.error("the crisis check failed in its worker (%s)", type(error).__name__)
        found = await asyncio.to_thread(load_detector().detect, text)
        return decide(found, {}, self._thresholds)

    def close(self) -> None:
        """Stop the worker process."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def _running(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # A fresh interpreter, not a fork of one with an event loop and threads running.
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(
                1, mp_context=context, initializer=_follow, initargs=(os.getpid(),)
            )
        return self._pool


@cache
def crisis_worker() -> CrisisWorker:
    """Return this process's crisis worker; the patterns and the model's files are checked here.

    The patterns are loaded here too: a fault in them stops the start, and they stand in
    while a worker process is being replaced. The worker itself starts with `ready`.
    """
    load_detector()
    return CrisisWorker(check_meaning())
