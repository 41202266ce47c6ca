"""The typed context handlers receive, giving them the resources built at start."""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from telegram.ext import Application, CallbackContext, ExtBot

from bot.retries import Retry
from bot.tally import Tally
from bot.wording.catalogue import Wording
from config.settings import Settings
from reflections.library import Library
from reflections.steadying import SteadyingSet, load_steadying
from safety.assess import Assesses, Assessment
from safety.directory import Directory
from scheduler.clock import Clock, system_clock
from scheduler.engine import DeliveryEngine
from timing.places import Places
from usecases.store import Database, JournalCipher
from usecases.work import Work, current

RESOURCES_KEY = "within.resources"
K = TypeVar("K")
V = TypeVar("V")


class Remembered(OrderedDict[K, V]):
    """A dict that forgets its oldest keys past `size`: short-lived facts of this process only."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def __setitem__(self, key: K, value: V) -> None:
        super().__setitem__(key, value)
        self.move_to_end(key)
        while len(self) > self.size:
            self.popitem(last=False)


@dataclass(slots=True)
class Resources:
    """What every handler may use; created in post_init, closed in post_shutdown."""

    settings: Settings
    database: Database
    wording: Wording
    library: Library
    places: Places
    directory: Directory
    crisis: Assesses
    clock: Clock = field(default=system_clock)
    engine: DeliveryEngine | None = None
    cipher: JournalCipher | None = None  # set at start, once the keys are known to work
    # Building an export holds a whole journal in memory: only a few are built at once.
    exports: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(2))
    steadying: SteadyingSet = field(default_factory=load_steadying)
    # Slow breathing's rhythm waits on this (tests hand in their own), and its running
    # exercises live here, one per chat, so Stop can end one and shutdown ends them all.
    pause: Callable[[float], Awaitable[None]] = asyncio.sleep
    breathing: dict[int, asyncio.Task[None]] = field(default_factory=dict)
    # Button presses answered, and updates whose failure was answered for (an apology, or a
    # block noted), by id: each once, even when the error handler (which gets a context of its
    # own) steps in after a handler failed.
    answered: Remembered[str, bool] = field(default_factory=lambda: Remembered(10_000))
    failed_updates: Remembered[int, bool] = field(default_factory=lambda: Remembered(10_000))
    # Each recent person's country, so /sos and crisis answers name the right lines even while
    # the database cannot be reached.
    countries: Remembered[int, str | None] = field(default_factory=lambda: Remembered(100_000))
    # Database work a handler stopped waiting for, left to finish by itself.
    late: set[asyncio.Future[Any]] = field(default_factory=set)
    # Handler errors, and the database's faults answered without it: each kind logged once,
    # then counted.
    errors: Tally = field(
        default_factory=lambda: Tally(logging.getLogger("bot.errors"), logging.ERROR)
    )
    database_away: Tally = field(
        default_factory=lambda: Tally(logging.getLogger("bot.chat"), logging.WARNING)
    )


class WithinContext(CallbackContext[ExtBot[Retry], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """CallbackContext with typed access to the shared resources.

    python-telegram-bot builds one context per update and hands it to every handler, so what
    the crisis check found is kept here and not worked out again by later handlers.
    """

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application, chat_id, user_id)
        self.assessment: Assessment | None = None  # None: this update's text was not checked

    @property
    def resources(self) -> Resources:
        return resources_of(self.application)

    @property
    def wording(self) -> Wording:
        return self.resources.wording

    @property
    def database(self) -> Database:
        return self.resources.database

    @property
    def work(self) -> Work:
        """Return this update's unit of work (see usecases.work)."""
        return current(self.resources.database, self.resources.cipher)


def resources_of(application: Application[Any, Any, Any, Any, Any, Any]) -> Resources:
    """Return the resources attached to an application."""
    return application.bot_data[RESOURCES_KEY]
