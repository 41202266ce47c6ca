"""Reading what the bot stored and said, for integration tests."""

from __future__ import annotations

import re

from sqlalchemy import select

from bot.context import resources_of
from bot.wording.catalogue import Wording, load_wording
from fake_bot_api.harness import BotHarness
from fake_bot_api.telegram_html import parse_html
from storage.models import Delivery, Person


async def stored(bot: BotHarness, chat_id: int) -> Person | None:
    async with resources_of(bot.application).database.sessions() as session:
        return await session.get(Person, chat_id)


async def deliveries(bot: BotHarness, chat_id: int) -> list[Delivery]:
    async with resources_of(bot.application).database.sessions() as session:
        rows = await session.scalars(
            select(Delivery).where(Delivery.chat_id == chat_id).order_by(Delivery.local_date)
        )
        return list(rows)


class Words:
    """The bot's messages by wording key, as a person sees them: a rewording changes the YAML,
    not the tests that look for it."""

    def __init__(self, wording: Wording) -> None:
        self.wording = wording

    @classmethod
    def of(cls, bot: BotHarness) -> Words:
        """Return the words of a running bot, from the wording its Application loaded."""
        return cls(resources_of(bot.application).wording)

    @classmethod
    def from_files(cls) -> Words:
        """Return the words from the wording files, for a bot running in another process."""
        return cls(load_wording())

    def __call__(self, key: str, **values: object) -> str:
        """Return the message `key` with these values filled in, tags gone, entities read."""
        return parse_html(self.wording.text(key, **values))

    def opening(self, key: str, **values: object) -> str:
        """Return the message `key` as shown up to the first placeholder not given a value."""
        return self._shown(key, values).split(UNFILLED, 1)[0]

    def pattern(self, key: str, **values: object) -> re.Pattern[str]:
        """Return the message `key` as a pattern: each placeholder not given matches any text."""
        pieces = self._shown(key, values).split(UNFILLED)
        return re.compile("(?s:.+?)".join(re.escape(piece) for piece in pieces))

    def _shown(self, key: str, values: dict[str, object]) -> str:
        """Return the message as shown, with UNFILLED wherever a placeholder has no value."""
        if key not in self.wording.message_keys():
            raise KeyError(f"no message has the wording key {key!r}")
        unfilled: dict[str, object] = {}
        while True:
            try:
                return parse_html(self.wording.text(key, **{**unfilled, **values}))
            except KeyError as missing:
                name = missing.args[0]
                if name in unfilled:
                    raise
                unfilled[name] = UNFILLED


# Stands for a placeholder left unfilled; no message can contain it.
UNFILLED = "\x00"
