"""Random and repeated updates from many people while Telegram fails a share of calls.

`python -m bench.faults [--updates 1500] [--bad-gateway 0.2] [--reset 0] [--too-many 0]` counts
what a person would feel: handler errors, "message is not modified" refusals, button presses
never answered, and replies lost. Not a timing: it counts, so the fake runs in-process.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import tempfile
from collections import Counter
from typing import Any

from cryptography.fernet import Fernet

import metrics
from bot import app as bot_app
from bot.app import build_application
from bot.processor import NO_CHAT_LIMITS
from config.settings import load_settings
from fake_bot_api import FakeBotApiServer, FakeTelegram, Trouble
from fake_bot_api.harness import BotHarness
from fake_bot_api.people import FakePerson, buttons

TOKEN = "123456789:AAHbenchmarkbenchmarkbenchmark0000"
WRITING = ["a note about today", "I can't cope with any of this", "07:30", "Dublin", "x" * 3000]
COMMANDS = ["/start", "/sos", "/today", "/settings", "/help", "/journal", "/pause", "/resume"]


class Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.kinds: Counter[str] = Counter()

    def emit(self, record: logging.LogRecord) -> None:
        self.kinds[record.getMessage().split(" ", 1)[0]] += 1


async def act(person: FakePerson, rng: random.Random, presses: list[str]) -> None:
    """One random thing a person (or a hostile client) does."""
    roll = rng.random()
    sent = [m for m in person.fake.sent[person.chat_id] if buttons(m)]
    if roll < 0.4 and sent:
        message = rng.choice(sent[-5:])
        button = rng.choice(buttons(message))
        for _ in range(2 if rng.random() < 0.3 else 1):  # sometimes pressed twice
            update = await person.press_data(button["callback_data"], message)
            presses.append(update["callback_query"]["id"])
    elif roll < 0.7:
        await person.send(rng.choice(COMMANDS))
    else:
        await person.send(rng.choice(WRITING))


async def measure(updates: int, trouble: Trouble, url: str | None, seed: int) -> dict[str, Any]:
    bot_app.CHAT_LIMITS, bot_app.REPLIES_PER_SECOND = NO_CHAT_LIMITS, 1000  # a pretend Telegram
    fake = FakeTelegram(token=TOKEN)
    rng = random.Random(seed)
    async with FakeBotApiServer(fake) as server:
        environ = {
            "DATA_DIR": tempfile.mkdtemp(),
            "KEY_DIR": tempfile.mkdtemp(),
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": server.root_url,
            "DATABASE_URL": url or f"sqlite+aiosqlite:///{tempfile.mkdtemp()}/within.db",
            "MAX_MESSAGES_PER_SECOND": "1000",
            "PAID_BROADCAST": "true",
            "JOURNAL_KEYS": Fernet.generate_key().decode(),
        }
        settings = load_settings(environ, env_file=None)
        errors = Errors()
        logging.getLogger().addHandler(errors)
        async with BotHarness(build_application(settings, deliver=False), fake) as bot:
            people = [bot.person(10_000 + n, queued=True) for n in range(60)]
            for person in people:
                await person.send("/start")
            await _settled(fake)
            fake.trouble = trouble
            presses: list[str] = []
            blocked = set(rng.sample(range(len(people)), 3))
            for step in range(updates):
                index = rng.randrange(len(people))
                if index in blocked and step > updates // 2:
                    fake.blocked.add(people[index].chat_id)  # blocked; one last message arrives
                    blocked.discard(index)
                    await people[index].send("/help")
                    continue
                if people[index].chat_id not in fake.blocked:
                    await act(people[index], rng, presses)
                await asyncio.sleep(0.01)  # people write over time, not all in one instant
            await _settled(fake)
            fake.trouble = None
        logging.getLogger().removeHandler(errors)
    answered = Counter(
        call.params["callback_query_id"]
        for call in fake.calls_to("answerCallbackQuery")
        if call.fault is None
    )
    return {
        "updates": updates,
        "calls": len(fake.calls),
        "faulted": dict(Counter(call.fault for call in fake.calls if call.fault)),
        "retried": _retried(),
        "handler errors": dict(errors.kinds),
        "not modified": sum("not modified" in (call.refused or "") for call in fake.calls),
        "presses": len(presses),
        "presses unanswered": sum(1 for query in presses if not answered[query]),
        "presses answered twice": sum(1 for query in presses if answered[query] > 1),
    }


async def _settled(fake: FakeTelegram) -> None:
    """Wait until the bot has gone quiet for two seconds."""
    seen = -1
    while seen != len(fake.calls):
        seen = len(fake.calls)
        await asyncio.sleep(2)


def _retried() -> int:
    total = 0.0
    for metric in metrics.REGISTRY.collect():
        if metric.name == "within_telegram_retries":
            total += sum(s.value for s in metric.samples if s.name.endswith("_total"))
    return int(total)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--updates", type=int, default=1500)
    parser.add_argument("--bad-gateway", type=float, default=0.2)
    parser.add_argument("--reset", type=float, default=0.0)
    parser.add_argument("--too-many", type=float, default=0.0)
    parser.add_argument("--database-url")
    parser.add_argument("--seed", type=int, default=27)
    arguments = parser.parse_args()
    trouble = Trouble(arguments.bad_gateway, arguments.reset, arguments.too_many, arguments.seed)
    result = asyncio.run(
        measure(arguments.updates, trouble, arguments.database_url, arguments.seed)
    )
    for name, value in result.items():
        print(f"{name:>24}: {value}")


if __name__ == "__main__":
    main()
