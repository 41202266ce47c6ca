"""`python main.py console`: talk to the real bot in a terminal, with no token and no Telegram.

The real handlers and a real database run against the fake Bot API, in this process. Buttons
show as numbers to type. A virtual clock lets an operator preview days in a minute:
:next jumps to the next reflection, :days N runs N days, :help lists the rest.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

from cryptography.fernet import Fernet

from bot.app import build_application
from bot.context import resources_of
from bot.processor import NO_CHAT_LIMITS
from bot.steady_jobs import come_back
from bot.wording.schedule import when
from config.settings import load_settings
from fake_bot_api import FakeBotApiServer, FakeTelegram
from fake_bot_api.harness import BotHarness
from fake_bot_api.people import FakePerson, buttons
from reflections.render import as_seen
from scheduler.clock import ManualClock
from storage.people import get_person

CONSOLE_TOKEN = "1000000001:console-only-token-that-reaches-nothing"
CHAT_ID = 1
HELP = (
    "Type as you would in Telegram: /start, /help, or any text. Type a number to press a button.\n"
    ":next  jump to the next reflection    :days N  run N days\n"
    ":minutes N  let N minutes pass        :time    show the virtual clock\n"
    ":quit  leave (or Ctrl-D)"
)


class Console:
    """One person's chat with the bot, printed as plain text."""

    def __init__(self, harness: BotHarness, clock: ManualClock, out: TextIO) -> None:
        self.harness = harness
        self.clock = clock
        self.out = out
        self.person: FakePerson = harness.person(CHAT_ID, first_name="You")
        self.shown = 0
        self.choices: list[dict[str, Any]] = []
        self.seen: dict[int, tuple[str, list[str]]] = {}  # what each message last showed
        # Slow breathing keeps its rhythm on the virtual clock, each breath printed as it shows.
        resources_of(harness.application).pause = self._breathe

    async def handle(self, line: str) -> bool:
        """Act on one typed line; return False to leave."""
        typed = line.strip()
        if not typed:
            return True
        if typed in (":quit", ":q", ":exit"):
            return False
        if typed.startswith(":"):
            await self._command(typed)
        elif typed.isdecimal() and 1 <= int(typed) <= len(self.choices):  # not ² or ½
            button = self.choices[int(typed) - 1]
            await self.person.press_data(button["callback_data"], button["message"])
        else:
            await self.person.send(typed)
        for running in list(resources_of(self.harness.application).breathing.values()):
            await running
        self.show_new()
        return True

    async def _breathe(self, seconds: float) -> None:
        self.show_new()
        self.out.write(f"  [{seconds:.0f} seconds]\n")
        self.clock.advance(seconds=seconds)

    def show_new(self) -> None:
        """Print what the bot has said since last time (and any message changed in place),
        with numbered buttons."""
        sent = self.harness.fake.sent[CHAT_ID]
        for message in sent[: self.shown]:
            before = self.seen.get(message["message_id"])
            now = _shown_as(message)
            if before is not None and before != now and (before[0] != now[0] or now[1]):
                self._print(message, "[a message above now reads]\n")  # buttons only gone: quiet
            self.seen[message["message_id"]] = now
        messages = sent[self.shown :]
        self.shown += len(messages)
        for message in messages:
            self._print(message)
        self.out.flush()

    def _print(self, message: dict[str, Any], note: str = "") -> None:
        self.seen[message["message_id"]] = _shown_as(message)
        seen = as_seen(message["html"]) if "html" in message else message.get("text", "")
        self.out.write("\n" + note + _indent(seen) + "\n")
        if "document" in message:
            self.out.write(f"  [file: {message['document']['file_name']}]\n")
        options = buttons(message)
        if options:
            self.choices = [{**option, "message": message} for option in options]
            for number, option in enumerate(options, start=1):
                self.out.write(f"  {number}. {option['text']}\n")

    async def _command(self, typed: str) -> None:
        name, _, argument = typed.partition(" ")
        if name == ":help":
            self.out.write(HELP + "\n")
        elif name == ":time":
            self.out.write(f"[{self.clock():%A %d %B %Y, %H:%M} UTC]\n")
        elif name == ":next":
            await self._next_reflection()
        elif name == ":minutes" and argument.strip().isdecimal():
            self.clock.advance(minutes=int(argument))
            await self._tick()
            self.out.write(f"[it is now {self.clock():%A %d %B, %H:%M} UTC]\n")
        elif name == ":days" and argument.strip().isdecimal():
            end = self.clock() + timedelta(days=int(argument))
            while await self._next_reflection(until=end):
                self.show_new()
            self.clock.set(end)
            self.out.write(f"[it is now {self.clock():%A %d %B, %H:%M} UTC]\n")
        else:
            self.out.write("That isn't a console command. :help lists them.\n")

    async def _next_reflection(self, until: datetime | None = None) -> bool:
        """Move the clock to the next delivery and let the engine send it."""
        resources = resources_of(self.harness.application)
        async with resources.database.sessions() as session:
            person = await get_person(session, CHAT_ID)
        due = person.next_delivery_at if person else None
        if person is None or due is None or (until is not None and due > until):
            if until is None:
                self.out.write("[no reflection is planned: /start sets things up]\n")
            return False
        self.clock.set(due + timedelta(seconds=1))
        self.out.write(f"\n[{when(due, person.timezone)}]\n")
        await self._tick()
        return True

    async def _tick(self) -> None:
        """Let the bot do what is due: reflections, and the quiet lines of /steady and /dates."""
        resources = resources_of(self.harness.application)
        assert resources.engine is not None
        await resources.engine.tick()
        await come_back(self.harness.application)


def _shown_as(message: dict[str, Any]) -> tuple[str, list[str]]:
    return message.get("text", ""), [option["text"] for option in buttons(message)]


def _indent(text: str) -> str:
    return "\n".join(f"  {line}" if line else "" for line in text.split("\n"))


async def run_console(
    database_url: str | None,
    read_line: Callable[[], str | None],
    out: TextIO = sys.stdout,
) -> None:
    """Start the bot against an in-process fake Telegram and chat until the input ends."""
    workspace = Path(tempfile.mkdtemp(prefix="within-console-"))
    postgres = (database_url or "").startswith("postgresql")  # which needs its key given
    environ = {
        "TELEGRAM_BOT_TOKEN": CONSOLE_TOKEN,
        "DATABASE_URL": database_url or f"sqlite+aiosqlite:///{workspace / 'within.db'}",
        "DATA_DIR": str(workspace),
        "KEY_DIR": str(workspace / "keys"),
        "JOURNAL_KEYS": Fernet.generate_key().decode() if postgres else "",
        "MAX_MESSAGES_PER_SECOND": "1000",
        "PAID_BROADCAST": "true",  # a pretend Telegram: nothing is paid for
        "LOG_LEVEL": "WARNING",
    }
    fake = FakeTelegram(token=CONSOLE_TOKEN)
    clock = ManualClock(datetime.now(UTC).replace(second=0, microsecond=0))
    async with FakeBotApiServer(fake) as server:
        environ["TELEGRAM_API_BASE_URL"] = server.root_url
        settings = load_settings(environ, env_file=None)
        application = build_application(
            settings, clock=clock, deliver=False, chat_limits=NO_CHAT_LIMITS
        )
        async with BotHarness(application, fake) as harness:
            console = Console(harness, clock, out)
            out.write("Within, in your terminal. Nothing here reaches Telegram.\n" + HELP + "\n")
            out.flush()
            while True:
                out.write("\nyou> ")
                out.flush()
                line = await asyncio.get_running_loop().run_in_executor(None, read_line)
                if line is None or not await console.handle(line):
                    break
    out.write("\nGoodbye.\n")
