"""The private journal: kept only as the person chooses, encrypted, and theirs alone."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select, text

from bot.app import build_application
from bot.context import resources_of
from config.settings import ConfigError, Settings
from fake_bot_api import FakeBotApiServer, FakeTelegram
from fake_bot_api.harness import BotHarness
from fake_bot_api.people import FakePerson
from scheduler.clock import ManualClock
from storage.crypto import JournalCipher
from storage.keys import prepare_journal, rotate_keys
from storage.models import Base, JournalEntry
from tests.conftest import make_settings
from tests.integration.helpers import Words
from tests.integration.test_onboarding import onboard

AWKWARD = [
    "é" * 4096,
    "I felt 😶‍🌫️ and then 💔 and then nothing",
    "لم أعد أعرف بمن أثق",  # right-to-left
    "tab\there, bell\x07, escape\x1b, nul-free",
    "<b>not bold</b> &amp; not an entity, <script>alert(1)</script>",
]


async def entries(bot: BotHarness, chat_id: int) -> list[str]:
    resources = resources_of(bot.application)
    assert resources.cipher is not None
    async with resources.database.sessions() as session:
        rows = await session.scalars(
            select(JournalEntry).where(JournalEntry.chat_id == chat_id).order_by(JournalEntry.id)
        )
        return [resources.cipher.decrypt(row.ciphertext, row.owner) for row in rows]


@pytest.fixture
async def reflected(bot: BotHarness, person: FakePerson, clock: ManualClock) -> FakePerson:
    """Someone set up, who has had today's reflection (Saturday 5 December)."""
    await onboard(person)
    await person.send("/today")
    return person


async def test_a_reply_to_a_reflection_is_kept_with_it_and_can_be_undone(
    bot: BotHarness, reflected: FakePerson, words: Words
) -> None:
    reflection = reflected.last
    await reflected.send("I leaned on him for everything", reply_to=reflection["message_id"])
    assert reflected.last_text == words("journal_kept", title="Leaning on someone")
    assert await entries(bot, reflected.chat_id) == ["I leaned on him for everything"]
    await reflected.press("Undo")
    assert reflected.last_text == words("journal_undone")
    assert await entries(bot, reflected.chat_id) == []


async def test_writing_on_the_day_of_a_reflection_keeps_it_with_that_reflection(
    bot: BotHarness, reflected: FakePerson, clock: ManualClock, words: Words
) -> None:
    await reflected.send("Nobody asks me how I am")
    assert reflected.last_text == words("journal_kept", title="Leaning on someone")
    clock.advance(days=1)  # the next day, before its reflection: a plain note, asked about
    await reflected.send("A quieter day")
    assert reflected.last_text == words("journal_ask")
    await reflected.press("Keep it")
    assert reflected.last_text == words("journal_note_kept")
    await reflected.send("Something I'd rather not keep")
    await reflected.press("No, thanks")
    assert reflected.last_text == words("journal_not_kept")
    assert await entries(bot, reflected.chat_id) == ["Nobody asks me how I am", "A quieter day"]


async def test_an_edit_updates_the_entry(bot: BotHarness, reflected: FakePerson) -> None:
    sent = await reflected.send("I feel smal")
    await reflected.edit(sent["message"]["message_id"], "I feel small")
    assert await entries(bot, reflected.chat_id) == ["I feel small"]


async def test_media_is_not_kept(bot: BotHarness, reflected: FakePerson, words: Words) -> None:
    for send in (reflected.send_photo, reflected.send_voice, reflected.send_sticker):
        await send()
        assert reflected.last_text == words("media_not_kept")
    assert await entries(bot, reflected.chat_id) == []


async def test_crisis_words_in_a_reply_are_answered_and_still_kept(
    bot: BotHarness, reflected: FakePerson, words: Words
) -> None:
    sure = "I want to kill myself tonight. I have the pills ready."
    await reflected.send(sure)
    assert reflected.texts[-2].startswith(words("crisis_self"))
    assert reflected.last_text == words("journal_kept_gently")
    assert await entries(bot, reflected.chat_id) == [sure]


async def test_awkward_text_round_trips_through_journal_and_export(
    bot: BotHarness, reflected: FakePerson, fake: FakeTelegram
) -> None:
    for written in AWKWARD:
        await reflected.send(written)
    assert await entries(bot, reflected.chat_id) == AWKWARD

    shown_from = len(reflected.texts)
    await reflected.send("/journal")
    await _read_every_page(reflected)
    shown = "\n".join(reflected.texts[shown_from:])
    for written in AWKWARD:
        assert written in shown or written in shown.replace("\n", "")

    await reflected.send("/export")
    names = [name for name, _ in fake.documents[reflected.chat_id]]
    assert names == ["notes-2026-12-05.md", "notes-2026-12-05.json"]
    markdown = fake.documents[reflected.chat_id][0][1].decode("utf-8")
    exported = json.loads(fake.documents[reflected.chat_id][1][1])
    assert [item["text"] for item in exported["entries"]] == AWKWARD
    assert {item["reflection"]["id"] for item in exported["entries"]} == {"depending-on-each-other"}
    for written in AWKWARD:
        assert written in markdown


async def _read_every_page(person: FakePerson) -> None:
    while any(b["text"] == "Older" for row in _keyboard(person) for b in row):
        await person.press("Older")


def _keyboard(person: FakePerson) -> list:
    return (person.last.get("reply_markup") or {}).get("inline_keyboard", [])


async def test_journal_is_newest_first_and_paged(
    bot: BotHarness, reflected: FakePerson, clock: ManualClock
) -> None:
    for number in range(12):
        clock.advance(minutes=1)
        await reflected.send(f"entry {number:02d} " + "words " * 100)
    await reflected.send("/journal")
    first_page = reflected.last_text
    assert first_page.index("entry 11") < first_page.index("entry 10")
    assert first_page.startswith("Sat 5 Dec 10:12 · Leaning on someone\nentry 11")
    assert "entry 00" not in first_page
    await _read_every_page(reflected)
    assert "entry 00" in reflected.last_text
    await reflected.press("Newer")
    assert "entry 00" not in reflected.last_text


async def test_an_unknown_entry_action_erases_nothing(
    bot: BotHarness, reflected: FakePerson, fake: FakeTelegram, words: Words
) -> None:
    await reflected.send("still here")
    undo = next(b for row in _keyboard(reflected) for b in row if b["text"] == "Undo")
    number = undo["callback_data"].removeprefix("entry:undo")
    await reflected.press_data(f"entry:zap{number}", reflected.last)
    assert fake.calls_to("answerCallbackQuery")[-1].params["text"] == words("old_button")
    assert await entries(bot, reflected.chat_id) == ["still here"]


async def test_nobody_else_reaches_an_entry(
    bot: BotHarness, reflected: FakePerson, words: Words
) -> None:
    await reflected.send("mine alone")
    undo = next(b for row in _keyboard(reflected) for b in row if b["text"] == "Undo")
    other = bot.person(5151)
    await onboard(other)
    await other.press_data(undo["callback_data"], other.last)
    assert other.last_text == words("journal_gone")
    await other.send("/journal")
    assert "mine alone" not in other.last_text
    assert await entries(bot, reflected.chat_id) == ["mine alone"]


async def test_delete_erases_every_row_and_can_clear_the_chat(
    bot: BotHarness, reflected: FakePerson, fake: FakeTelegram, words: Words
) -> None:
    await reflected.send("keep this")
    await reflected.send("/delete")
    assert reflected.last_text == words("delete_confirm")
    await reflected.press("Erase everything and clear this chat")
    assert reflected.last_text == words("cleared")
    deleted = {int(call.params["message_id"]) for call in fake.calls_to("deleteMessage")}
    reflection_id = next(
        m["message_id"] for m in fake.sent[reflected.chat_id] if m["text"].startswith("Today's")
    )
    assert reflection_id in deleted and len(deleted) >= 5
    database = resources_of(bot.application).database
    async with database.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if "chat_id" in table.c:
                count = await connection.scalar(
                    select(text("count(*)"))
                    .select_from(table)
                    .where(table.c.chat_id == reflected.chat_id)
                )
                assert count == 0, table.name


async def test_export_then_clear_leaves_one_neutral_message_and_nothing_else(
    database_url: str, fake_server: FakeBotApiServer, fake: FakeTelegram, clock: ManualClock
) -> None:
    settings = make_settings(fake_server.root_url, database_url)
    async with BotHarness(build_application(settings, clock=clock, deliver=False), fake) as bot:
        reflected = bot.person(4343)
        await onboard(reflected)
        await reflected.send("/today")
        await reflected.send("keep this")
        await reflected.send("/journal")
        await reflected.send("/export")
        await reflected.send("/sos")
        await reflected.send("/today")  # the repeat of today's reflection
        await reflected.send("/delete")
        await reflected.press("Erase everything and clear this chat")
        assert await entries(bot, reflected.chat_id) == []
    left = [m for m in fake.sent[reflected.chat_id] if not m.get("deleted")]
    assert [m["text"] for m in left] == [Words.of(bot)("cleared")]
    assert all(m.get("deleted") for m in fake.received[reflected.chat_id])
    for call in fake.calls_to("sendDocument"):  # exports, protected from forwarding
        assert str(call.params["protect_content"]).lower() == "true"


async def test_clearing_says_plainly_what_is_older_than_48_hours(
    bot: BotHarness, reflected: FakePerson, fake: FakeTelegram, clock: ManualClock, words: Words
) -> None:
    clock.advance(days=3)
    fake.clock = lambda: clock().timestamp()
    await reflected.send("/delete")
    await reflected.press("Erase everything and clear this chat")
    assert reflected.last_text == words("cleared_but_older")  # and nothing of the welcome


async def test_erased_entries_leave_no_ciphertext_in_the_database_files(
    sqlite_url: str, fake_server: FakeBotApiServer, fake: FakeTelegram, clock: ManualClock
) -> None:
    settings = make_settings(fake_server.root_url, sqlite_url)
    async with BotHarness(build_application(settings, clock=clock, deliver=False), fake) as bot:
        person = bot.person(78)
        await onboard(person)
        await person.send("/today")
        for number in range(20):
            await person.send(f"entry {number} " + "words " * 40)
        database = resources_of(bot.application).database
        async with database.sessions() as session:
            tokens = list(await session.scalars(select(JournalEntry.ciphertext)))
        assert len(tokens) == 20
        await person.send("/delete")
        await person.press("Erase everything")
        # A copy of the data folder taken while the bot runs: database, WAL and shared memory.
        folder = Path(sqlite_url.split("///", 1)[1]).parent
        files = [path.read_bytes() for path in folder.iterdir() if path.is_file()]
    assert any(files)
    for token in tokens:
        assert not any(token in content for content in files)


async def test_delete_can_be_cancelled(
    bot: BotHarness, reflected: FakePerson, words: Words
) -> None:
    await reflected.send("still here")
    await reflected.send("/delete")
    await reflected.press("Cancel")
    assert reflected.last_text == words("delete_cancelled")
    assert await entries(bot, reflected.chat_id) == ["still here"]


async def test_privacy_is_honest_about_keys(
    bot: BotHarness, person: FakePerson, words: Words
) -> None:
    await person.send("/privacy")
    retention = f"{words('privacy_retention_none')} {words('privacy_backups_unknown')}"
    assert person.last_text == words("privacy", retention=retention)
    # Literal on purpose: what the notice must admit, whatever else it says.
    assert "whoever runs the bot holds the keys" in person.last_text
    assert "/export" in person.last_text and "/delete" in person.last_text


async def test_no_plaintext_anywhere_in_the_database_or_logs(
    database_url: str,
    fake_server: FakeBotApiServer,
    fake: FakeTelegram,
    clock: ManualClock,
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    url = database_url
    database = "sqlite" if url.startswith("sqlite") else "postgresql"
    settings = make_settings(fake_server.root_url, url, DATA_DIR=str(tmp_path / "keys"))
    secrets = ["the name of the other woman is Clara", "He promised 𝓯𝓸𝓻𝓮𝓿𝓮𝓻", "ЖЖЖ secret"]
    async with BotHarness(build_application(settings, clock=clock, deliver=False), fake) as bot:
        person = bot.person(77)
        await onboard(person)
        await person.send("/today")
        for secret in secrets:
            await person.send(secret)
        assert await entries(bot, 77) == secrets
        db = resources_of(bot.application).database
        async with db.engine.connect() as connection:
            if database == "postgresql":
                await connection.execute(text("CHECKPOINT"))
            dumped = []
            for table in Base.metadata.sorted_tables:
                for row in (await connection.execute(select(table))).all():
                    dumped.append(repr(tuple(row)))
    haystacks = ["\n".join(dumped).encode("utf-8"), caplog.text.encode("utf-8")]
    if database == "sqlite":
        data = Path(url.split("///", 1)[1]).parent
        haystacks += [path.read_bytes() for path in data.iterdir() if path.is_file()]
    for secret in secrets:
        for encoding in ("utf-8", "utf-16-le"):
            needle = secret.encode(encoding)
            assert not any(needle in haystack for haystack in haystacks)


async def test_a_wrong_or_missing_key_stops_the_start_and_changes_nothing(
    settings: Settings, bot: BotHarness, reflected: FakePerson, tmp_path: Path
) -> None:
    await reflected.send("written with the first key")
    database = resources_of(bot.application).database
    async with database.sessions() as session:
        before = await session.scalar(select(JournalEntry.ciphertext))
    other = JournalCipher.from_keys(["Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE="])
    wrong = ("Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE=",)
    with pytest.raises(ConfigError, match="cannot read the journal"):
        await prepare_journal(database, replace(settings, journal_keys=wrong))
    empty = replace(settings, key_dir=tmp_path / "empty", data_dir=tmp_path / "empty")
    with pytest.raises(ConfigError, match="has entries but no key"):
        await prepare_journal(database, empty)
    assert not (tmp_path / "empty" / "journal.key").exists()
    async with database.sessions() as session:
        assert await session.scalar(select(JournalEntry.ciphertext)) == before
    assert before is not None and not other.can_read(before)


async def test_keys_rotate_to_a_new_first_key(
    settings: Settings, bot: BotHarness, reflected: FakePerson
) -> None:
    await reflected.send("rotate me")
    database = resources_of(bot.application).database
    old_key = (settings.key_dir / "journal.key").read_text().strip()
    new_key = "Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE="
    assert await rotate_keys(database, replace(settings, journal_keys=(new_key, old_key))) == (1, 0)
    cipher = await prepare_journal(database, replace(settings, journal_keys=(new_key,)))
    async with database.sessions() as session:
        entry = await session.scalar(select(JournalEntry))
    assert entry is not None and cipher.decrypt(entry.ciphertext, entry.owner) == "rotate me"


async def test_retention_erases_old_entries_daily(
    fake_server: FakeBotApiServer, fake: FakeTelegram, sqlite_url: str, clock: ManualClock
) -> None:
    from bot.jobs import forget_old_entries

    settings = make_settings(fake_server.root_url, sqlite_url, JOURNAL_RETENTION_DAYS="30")
    async with BotHarness(build_application(settings, clock=clock, deliver=False), fake) as bot:
        person = bot.person(88)
        await onboard(person)
        await person.send("/today")
        await person.send("an old thought")
        clock.advance(days=31)
        await person.send("/today")
        await person.send("a new thought")
        context = type("Context", (), {"resources": resources_of(bot.application)})()
        await forget_old_entries(context)
        assert await entries(bot, 88) == ["a new thought"]
        await person.send("/privacy")
        words = Words.of(bot)
        retention = f"{words('privacy_retention_days', days=30)} {words('privacy_backups_unknown')}"
        assert person.last_text == words("privacy", retention=retention)
