"""The database may go away: PostgreSQL restarted under the bot, SQLite's file locked or full.

The bot keeps running and reconnects; safety answers never wait for the database; what arrives
meanwhile is answered honestly; nothing is kept twice, and nothing is called kept that was not.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select

from bot.app import build_application
from bot.chat import SAFETY_WAIT
from bot.context import resources_of
from bot.wording import safety as safety_text
from fake_bot_api import FakeBotApiServer, FakeTelegram
from fake_bot_api.harness import BotHarness
from fake_bot_api.people import FakePerson
from fake_bot_api.telegram_html import visible_text
from safety.directory import load_directory
from scheduler.clock import ManualClock
from storage.database import Database
from storage.models import JournalEntry
from tests.conftest import make_settings
from tests.integration.delivery_helpers import per_chat
from tests.integration.helpers import Words
from tests.integration.own_postgres import OwnPostgres
from tests.integration.test_onboarding import onboard

DIRECTORY = load_directory()
IRELAND = DIRECTORY.country("IE")


def says_kept(words: Words, text: str) -> bool:
    """Whether this is "Kept", said plainly, or more gently after an answer to anything the
    crisis check noticed."""
    return bool(words.pattern("journal_kept").fullmatch(text)) or text == words(
        "journal_kept_gently"
    )


def shown(html: str) -> str:
    return visible_text(html, "HTML")


async def kept(bot: BotHarness, chat_id: int) -> list[str]:
    resources = resources_of(bot.application)
    assert resources.cipher is not None
    async with resources.database.sessions() as session:
        rows = await session.scalars(
            select(JournalEntry).where(JournalEntry.chat_id == chat_id).order_by(JournalEntry.id)
        )
        return [resources.cipher.decrypt(row.ciphertext, row.owner) for row in rows]


async def while_away(sam: FakePerson, words: Words, reflection_id: int) -> None:
    """What Sam does while the database cannot be reached, and what Sam sees."""
    await sam.send("/sos")  # answered at once, with the lines for the country Sam chose
    assert sam.last_text == shown(safety_text.sos(words.wording, IRELAND, known=True))
    await sam.send("/support")
    assert sam.last_text == shown(safety_text.support(words.wording, DIRECTORY, IRELAND))
    await sam.send("written while it was away", reply_to=reflection_id)
    assert sam.last_text == words("not_kept_for_now")  # honest: not "kept"
    sent = len(sam.texts)
    await sam.send("I don't want to be here anymore", reply_to=reflection_id)
    # The crisis check answers as it always would (the full answer with Ireland's lines, or the
    # question whether Sam is safe), then Sam hears the note was not kept.
    full = shown(safety_text.crisis_reply(words.wording, ("self",), IRELAND))
    asked = words("safety_question")
    assert len(sam.texts[sent:]) == 2 and sam.texts[sent] in (full, asked)
    assert sam.last_text == words("not_kept_for_now")
    await sam.press("Pause for a while")  # asking needs nothing stored
    assert sam.last_text == words("ask_pause")
    press = await sam.press("A week")  # pausing does: nothing changes, and Sam is told so
    assert sam.last_text == words("not_done_for_now")
    answers = sam.fake.calls_to("answerCallbackQuery")
    assert [c.params["callback_query_id"] for c in answers][-1] == press["callback_query"]["id"]


@pytest.fixture
def own_postgres() -> Iterator[OwnPostgres]:
    server = OwnPostgres()
    yield server
    server.remove()


async def test_postgresql_restarted_under_the_bot_loses_and_doubles_nothing(
    own_postgres: OwnPostgres,
    fake: FakeTelegram,
    fake_server: FakeBotApiServer,
    clock: ManualClock,
) -> None:
    settings = make_settings(fake_server.root_url, own_postgres.url)
    application = build_application(settings, clock=clock, deliver=False)
    async with BotHarness(application, fake) as bot:
        words = Words.of(bot)
        sam = bot.person(4242)
        await onboard(sam)
        await sam.send("/country Ireland")
        await sam.send("/today")
        reflection = sam.last["message_id"]
        await sam.send("before the restart", reply_to=reflection)

        own_postgres.stop()  # a fast shutdown: every connection the bot holds is cut
        await while_away(sam, words, reflection)
        engine = resources_of(bot.application).engine
        assert engine is not None
        with pytest.raises(Exception):  # noqa: B017 - whichever error the driver gives
            await engine.tick()
        own_postgres.start()

        await sam.send("after the restart", reply_to=reflection)
        assert says_kept(words, sam.last_text)
        assert await kept(bot, sam.chat_id) == ["before the restart", "after the restart"]
        # Tomorrow's reflection goes once, after the restart, and only once.
        clock.now = datetime.fromisoformat("2026-12-06T08:00:00+00:00")
        before = per_chat(fake)[sam.chat_id]
        await engine.tick()
        await engine.tick()
        assert per_chat(fake)[sam.chat_id] == before + 1


async def test_sqlite_locked_for_a_moment_keeps_the_note_once(
    bot: BotHarness, person: FakePerson, sqlite_url: str, words: Words
) -> None:
    await onboard(person)
    await person.send("/today")
    reflection = person.last["message_id"]
    path = sqlite_url.split("///", 1)[1]
    other = sqlite3.connect(path, isolation_level=None)  # another process's hold on the file
    other.execute("BEGIN EXCLUSIVE")
    release = asyncio.get_running_loop().call_later(1.0, other.execute, "COMMIT")
    await person.send("a quiet day, mostly", reply_to=reflection)
    release.cancel()
    other.close()
    assert says_kept(words, person.last_text)
    assert await kept(bot, person.chat_id) == ["a quiet day, mostly"]


@dataclass
class SmallDisk:
    """A filesystem of a few megabytes for the database (a tmpfs with a size limit), which the
    test fills to the last byte; where mounting is not allowed, SQLite's own max_page_count
    makes the file refuse to grow, with the same SQLITE_FULL a full disk gives."""

    root: Path
    mounted: bool

    def fill(self, database: Database) -> None:
        if not self.mounted:
            event.listen(database.engine.sync_engine, "connect", _no_more_pages)
            return
        with (self.root / "filler").open("wb", buffering=0) as filler:
            for size in (65536, 4096, 1):  # then the last scraps
                with contextlib.suppress(OSError):  # ENOSPC: full
                    while True:
                        filler.write(b"\0" * size)

    def empty(self, database: Database) -> None:
        if not self.mounted:
            event.remove(database.engine.sync_engine, "connect", _no_more_pages)
        with contextlib.suppress(FileNotFoundError):
            (self.root / "filler").unlink()


def _no_more_pages(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA page_count")
    pages = cursor.fetchone()[0]
    cursor.execute(f"PRAGMA max_page_count = {pages}")
    cursor.close()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[SmallDisk]:
    root = tmp_path / "small"
    root.mkdir()
    mount = ["mount", "-t", "tmpfs", "-o", "size=3m,mode=0700", "tmpfs", str(root)]
    mounted = subprocess.run(mount, capture_output=True, check=False).returncode == 0
    yield SmallDisk(root, mounted)
    if mounted:
        subprocess.run(["umount", "-l", str(root)], capture_output=True, check=False)


async def test_a_full_disk_keeps_nothing_it_calls_kept_and_sos_still_answers(
    small_disk: SmallDisk, fake: FakeTelegram, fake_server: FakeBotApiServer, clock: ManualClock
) -> None:
    url = f"sqlite+aiosqlite:///{small_disk.root / 'within.db'}"
    settings = make_settings(fake_server.root_url, url)
    application = build_application(settings, clock=clock, deliver=False)
    async with BotHarness(application, fake) as bot:
        words = Words.of(bot)
        sam = bot.person(4242)
        await onboard(sam)
        await sam.send("/country Ireland")
        await sam.send("/today")
        reflection = sam.last["message_id"]
        await sam.send("kept before the disk filled", reply_to=reflection)
        database = resources_of(bot.application).database
        await database.dispose()  # connections opened from here on see the full disk
        small_disk.fill(database)

        said_kept = ["kept before the disk filled"]
        refused = 0
        for number in range(60):  # whatever space SQLite already holds is used up first
            note = f"note {number}: " + "so much to say " * 150
            await sam.send(note, reply_to=reflection)
            if sam.last_text == words("not_kept_for_now"):
                refused += 1
                if refused == 3:
                    break
            else:
                assert says_kept(words, sam.last_text)
                said_kept.append(note)
        assert refused == 3, "the disk never filled"
        await sam.send("/sos")
        assert sam.last_text == shown(safety_text.sos(words.wording, IRELAND, known=True))

        small_disk.empty(database)
        await database.dispose()
        await sam.send("kept once there was room", reply_to=reflection)
        assert says_kept(words, sam.last_text)
        assert await kept(bot, sam.chat_id) == [*said_kept, "kept once there was room"]
    print(
        f"\nfull disk by {'a 3 MB tmpfs' if small_disk.mounted else 'max_page_count'}: "
        f"{len(said_kept) - 1} notes fitted, then refused"
    )


async def test_sos_answers_while_sqlite_is_locked_and_the_note_after_is_kept(
    bot: BotHarness, person: FakePerson, sqlite_url: str, words: Words
) -> None:
    await onboard(person)
    await person.send("/today")
    reflection = person.last["message_id"]
    other = sqlite3.connect(sqlite_url.split("///", 1)[1], isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # held longer than /sos may wait for anything it notes
    answered_before_release: list[bool] = []
    gb = DIRECTORY.country("GB")
    sos = shown(safety_text.sos(words.wording, gb, True, DIRECTORY.nations("GB")))

    def release() -> None:
        answered_before_release.append(person.last_text == sos)
        other.execute("COMMIT")

    asyncio.get_running_loop().call_later(SAFETY_WAIT + 1.5, release)
    await person.send("/sos")
    assert person.last_text == sos
    await asyncio.sleep(0.5)  # the other process has let go by now
    other.close()
    assert answered_before_release == [True]
    await person.send("kept once the file was free", reply_to=reflection)
    assert says_kept(words, person.last_text)
    assert await kept(bot, person.chat_id) == ["kept once the file was free"]
