"""Bounded work per request: a page of /journal decrypts one page; one person's keeping has caps."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from bot.context import resources_of
from bot.handlers import journal as journal_handlers
from fake_bot_api import FakeTelegram
from fake_bot_api.harness import BotHarness
from fake_bot_api.people import FakePerson
from scheduler.clock import ManualClock
from states.kinds import EntryStatus
from storage.crypto import JournalCipher, Owner, Tally, entry_owner
from storage.journal import add_entry
from tests.integration.test_journal import entries
from tests.integration.test_onboarding import onboard
from usecases import journal as journal_rules

MANY = 300


async def keep_many(bot: BotHarness, chat_id: int, clock: ManualClock, count: int) -> None:
    """Store `count` kept entries straight into the database, oldest first."""
    resources = resources_of(bot.application)
    assert resources.cipher is not None
    start = clock() - timedelta(days=count)
    async with resources.database.sessions.begin() as session:
        for number in range(count):
            token = resources.cipher.encrypt(f"entry {number:03d}", entry_owner(chat_id, number))
            at = start + timedelta(days=number)
            await add_entry(session, chat_id, number, token, None, EntryStatus.KEPT, at)


@pytest.fixture
async def writer(bot: BotHarness, person: FakePerson, clock: ManualClock) -> FakePerson:
    await onboard(person)
    await keep_many(bot, person.chat_id, clock, MANY)
    return person


def shown_numbers(text: str) -> list[int]:
    return [int(line.split()[1]) for line in text.splitlines() if line.startswith("entry ")]


async def test_a_page_of_a_long_journal_decrypts_only_that_page(
    bot: BotHarness, writer: FakePerson, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[int] = []
    read = JournalCipher.read

    def counting(
        self: JournalCipher, token: bytes, owner: Owner, tally: Tally | None = None
    ) -> str | None:
        opened.append(1)
        return read(self, token, owner, tally)

    monkeypatch.setattr(JournalCipher, "read", counting)
    await writer.send("/journal")
    assert shown_numbers(writer.last_text) == list(range(299, 289, -1))  # newest ten
    assert len(opened) <= journal_handlers.PAGE_ENTRIES + 1

    seen = shown_numbers(writer.last_text)
    for _ in range(3):
        opened.clear()
        await writer.press("Older")
        seen += shown_numbers(writer.last_text)
        assert len(opened) <= journal_handlers.PAGE_ENTRIES + 1
    assert seen == list(range(299, 259, -1))  # forty, newest first, none twice, none missed
    await writer.press("Newer")
    assert shown_numbers(writer.last_text) == list(range(279, 269, -1))


async def test_a_page_button_from_an_older_version_shows_the_newest_page(
    bot: BotHarness, writer: FakePerson
) -> None:
    await writer.send("/journal")
    await writer.press_data("journal:3", writer.last)
    assert shown_numbers(writer.last_text)[0] == 299


async def test_export_of_a_long_journal_holds_every_entry_oldest_first(
    bot: BotHarness, writer: FakePerson, fake: FakeTelegram
) -> None:
    await writer.send("/export")
    exported = json.loads(fake.documents[writer.chat_id][1][1])
    assert [item["text"] for item in exported["entries"]] == [f"entry {n:03d}" for n in range(MANY)]


async def test_past_the_days_cap_a_note_is_not_kept_and_the_person_is_told(
    bot: BotHarness, person: FakePerson, monkeypatch: pytest.MonkeyPatch, clock: ManualClock
) -> None:
    monkeypatch.setattr(journal_rules, "DAY_ENTRIES", 3)
    await onboard(person)
    await person.send("/today")
    for number in range(4):
        await person.send(f"note {number}")
    assert person.last_text.startswith("That's more than I can keep in one day")
    assert await entries(bot, person.chat_id) == ["note 0", "note 1", "note 2"]
    clock.advance(hours=25)
    await person.send("note 4")
    assert await entries(bot, person.chat_id) == ["note 0", "note 1", "note 2", "note 4"]


async def test_past_the_cap_on_everything_kept_a_note_is_not_kept(
    bot: BotHarness, writer: FakePerson, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(journal_rules, "ALL_ENTRIES", MANY)
    await writer.send("one more")
    assert writer.last_text.startswith("Your journal is full, so this one isn't saved.")
    assert len(await entries(bot, writer.chat_id)) == MANY
