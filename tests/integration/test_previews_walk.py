"""A long walk through the bot, as a person on a shared phone would take it: every message sent,
edited, captioned or answered along the way keeps the topic out of a lock screen's preview."""

from __future__ import annotations

from fake_bot_api import FakeTelegram
from fake_bot_api.harness import BotHarness
from fake_bot_api.people import FakePerson
from reflections.render import as_seen
from reflections.rules import (
    PREVIEW_CHARACTERS,
    UNPROMPTED_PREVIEW_CHARACTERS,
    revealing_opening,
)
from scheduler.clock import ManualClock

SENT = ("sendMessage", "editMessageText", "sendPhoto", "sendDocument", "answerCallbackQuery")


async def walk(person: FakePerson, clock: ManualClock) -> None:
    await person.send("/start")
    for label in ("08:00", "London", "Every day", "Yes, keep it discreet"):
        await person.press(label)
    for command in (
        "/today",
        "/help",
        "/about",
        "/privacy",
        "/settings",
        "/sos",
        "/support",
        "/country Wales",
        "/sos",
        "/country",
        "/weeks",
        "/journal",
    ):
        await person.send(command)
    await person.press("Read", message_id=_first_with(person, "Read"))
    await person.send("A few words of mine for today.")
    await person.send("/settings")
    await person.press("Check-ins on/off")
    clock.advance(days=1)
    await person.send("/today")
    await person.press("Read", message_id=_first_with(person, "Read", last=True))
    await person.press("Low")
    await person.send("/weeks")
    await person.send("/plan")
    await person.press("Start")
    for _ in range(3):
        await person.press("Skip this part")
    await person.send("nobody")
    await person.press("That's fine")
    await person.send("somewhere else for a night")
    await person.send("the sea")
    await person.send("/plan")
    for said in (
        "I don't want to be here anymore",
        "He said he'd hurt me if I told anyone",
        "I'm falling apart",
        "I can't stop shaking",
    ):
        await person.send(said)
    for command in ("/pause", "/resume", "/skip", "/export", "/lock"):
        await person.send(command)
    await person.send("tulip 44")
    await person.send("/journal")
    await person.send("tulip 44")
    await person.send("/delete")
    await person.press("Cancel")
    await person.send("/stop")
    await person.press("Keep it")


def _first_with(person: FakePerson, label: str, last: bool = False) -> int:
    """Return the id of the first (or last) message carrying a button with this label."""
    from fake_bot_api.people import buttons

    sent = person.fake.sent[person.chat_id]
    found = [m["message_id"] for m in sent if label in [b["text"] for b in buttons(m)]]
    return found[-1] if last else found[0]


async def test_every_message_on_the_way_keeps_the_topic_out_of_the_preview(
    bot: BotHarness, person: FakePerson, fake: FakeTelegram, clock: ManualClock
) -> None:
    fake.clock = lambda: clock().timestamp()
    await walk(person, clock)
    calls = [call for call in fake.calls if call.method in SENT]
    assert len(calls) > 60
    revealing = []
    for call in calls:
        text = as_seen(str(call.params.get("text") or call.params.get("caption") or ""))
        # A reflection, or what Read and the reworded welcome put in place, as if sent unasked.
        unasked = call.method == "editMessageText" or text.startswith("Today's reflection")
        shown = UNPROMPTED_PREVIEW_CHARACTERS if unasked else PREVIEW_CHARACTERS
        if word := revealing_opening(text, shown):
            revealing.append((call.method, word, text[:shown]))
    assert revealing == []
