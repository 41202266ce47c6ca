"""Reading what the bot stored, for integration tests."""

from __future__ import annotations

from sqlalchemy import select

from bot.context import resources_of
from fake_bot_api.harness import BotHarness
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
