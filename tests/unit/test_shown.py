"""Remembering what recent messages show, so an edit that would change nothing is not sent."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.shown import ShownMessages

BUTTONS = InlineKeyboardMarkup([[InlineKeyboardButton("Keep it", callback_data="k")]])


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_buttons_taken_off_once_are_not_taken_off_again() -> None:
    shown = ShownMessages(clock=Clock())
    shown.note(
        "sendMessage", {"chat_id": 5, "text": "a", "reply_markup": BUTTONS}, {"message_id": 9}
    )
    retire = {"chat_id": 5, "message_id": 9}
    assert not shown.unchanged("editMessageReplyMarkup", retire)
    shown.note("editMessageReplyMarkup", retire, True)
    assert shown.unchanged("editMessageReplyMarkup", retire)
    assert not shown.unchanged("editMessageReplyMarkup", {**retire, "reply_markup": BUTTONS})
    assert not shown.unchanged("editMessageText", {**retire, "text": "b"})


def test_the_same_text_and_buttons_again_change_nothing_and_other_chats_are_apart() -> None:
    shown = ShownMessages(clock=Clock())
    page = {
        "chat_id": 5,
        "message_id": 9,
        "text": "page 2",
        "parse_mode": "HTML",
        "reply_markup": BUTTONS,
    }
    shown.note("editMessageText", page, True)
    assert shown.unchanged("editMessageText", page)
    assert not shown.unchanged("editMessageText", {**page, "text": "page 3"})
    assert not shown.unchanged("editMessageText", {**page, "chat_id": 6})
    assert not shown.unchanged("sendMessage", page)  # only edits are ever skipped


def test_what_a_message_showed_is_forgotten_after_a_while_or_once_deleted() -> None:
    clock = Clock()
    shown = ShownMessages(seconds=120, clock=clock)
    retire = {"chat_id": 5, "message_id": 9}
    shown.note("editMessageReplyMarkup", retire, True)
    clock.now = 121  # another process may have changed it since
    assert not shown.unchanged("editMessageReplyMarkup", retire)
    shown.note("editMessageReplyMarkup", retire, True)
    shown.note("deleteMessage", retire, True)
    assert not shown.unchanged("editMessageReplyMarkup", retire)


def test_only_so_many_messages_are_remembered() -> None:
    shown = ShownMessages(size=2, clock=Clock())
    for message_id in (1, 2, 3):
        shown.note("editMessageReplyMarkup", {"chat_id": 5, "message_id": message_id}, True)
    assert not shown.unchanged("editMessageReplyMarkup", {"chat_id": 5, "message_id": 1})
    assert shown.unchanged("editMessageReplyMarkup", {"chat_id": 5, "message_id": 3})
