"""Run a real python-telegram-bot Application against the fake, as run_polling would."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application

from fake_bot_api.people import FakePerson
from fake_bot_api.state import FakeTelegram


class BotHarness:
    """Start an Application's whole lifecycle and hand it updates one at a time.

    Each update is processed to the end before `send`, `press` and the rest return, so a test
    can check what the bot said and stored straight away.
    """

    def __init__(self, application: Application[Any, Any, Any, Any, Any, Any], fake: FakeTelegram):
        self.application = application
        self.fake = fake

    async def __aenter__(self) -> BotHarness:
        app = self.application
        await app.initialize()
        if app.post_init:
            await app.post_init(app)
        await app.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        app = self.application
        if app.running:
            await app.stop()
            if app.post_stop:
                await app.post_stop(app)
        await app.shutdown()
        if app.post_shutdown:
            await app.post_shutdown(app)

    async def deliver(self, update: dict[str, Any]) -> None:
        """Process one update to the end, as if it had come from getUpdates."""
        await self.application.process_update(Update.de_json(update, self.application.bot))

    async def enqueue(self, update: dict[str, Any]) -> None:
        """Hand an update over as polling or the webhook does, and return at once."""
        await self.application.update_queue.put(Update.de_json(update, self.application.bot))

    def person(self, chat_id: int, *, queued: bool = False, **options: Any) -> FakePerson:
        """Return a person who talks to the bot from this chat.

        Queued: their updates go through the application's update queue and processor, side by
        side with everyone else's, and sending returns before the bot has handled them.
        """
        return FakePerson(self.fake, self.enqueue if queued else self.deliver, chat_id, **options)
