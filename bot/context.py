"""The typed context handlers receive, giving them the resources built at start."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.wording.catalogue import Wording
from config.settings import Settings
from reflections.library import Library
from safety.assess import Assessment, CrisisCheck
from safety.directory import Directory
from scheduler.clock import Clock, system_clock
from scheduler.engine import DeliveryEngine
from scheduler.places import Places
from storage.crypto import JournalCipher
from storage.database import Database

RESOURCES_KEY = "within.resources"


@dataclass(slots=True)
class Resources:
    """What every handler may use; created in post_init, closed in post_shutdown."""

    settings: Settings
    database: Database
    wording: Wording
    library: Library
    places: Places
    directory: Directory
    crisis: CrisisCheck
    clock: Clock = field(default=system_clock)
    engine: DeliveryEngine | None = None
    cipher: JournalCipher | None = None  # set at start, once the keys are known to work
    # Building an export holds a whole journal in memory: only a few are built at once.
    exports: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(2))


class WithinContext(CallbackContext[ExtBot[int], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
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
        self.button_answered = False  # a button press is answered once, early

    @property
    def resources(self) -> Resources:
        return resources_of(self.application)

    @property
    def wording(self) -> Wording:
        return self.resources.wording

    @property
    def database(self) -> Database:
        return self.resources.database


def resources_of(application: Application[Any, Any, Any, Any, Any, Any]) -> Resources:
    """Return the resources attached to an application."""
    return application.bot_data[RESOURCES_KEY]
