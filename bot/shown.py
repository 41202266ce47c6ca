"""What the bot's recent messages show, so that an edit that would change nothing is not sent.

A button pressed twice in quick succession asks twice for the same edit; Telegram refuses the
second ("message is not modified"). Remembering what each message was last set to lets the bot
skip it. Only a short while is remembered: another process may edit the same message, so an
old memory is not trusted, and a refusal that still comes is taken as success by the caller.
"""

from __future__ import annotations

import json
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Clock = Callable[[], float]
UNKNOWN = object()  # a message whose text this process never set
SENT, EDIT_TEXT, EDIT_MARKUP, DELETE = (
    "sendmessage",
    "editmessagetext",
    "editmessagereplymarkup",
    "deletemessage",
)


@dataclass(slots=True)
class _Shown:
    text: object
    markup: str | None
    at: float


def _markup(data: dict[str, Any]) -> str | None:
    markup = data.get("reply_markup")
    if markup is None:
        return None
    plain = markup.to_dict() if hasattr(markup, "to_dict") else markup
    return json.dumps(plain, sort_keys=True, default=str)


def _text(data: dict[str, Any]) -> object:
    return (data.get("text"), data.get("parse_mode"))


def _key(data: dict[str, Any]) -> tuple[str, str] | None:
    chat_id = data.get("chat_id")
    message_id = data.get("message_id")
    if chat_id is None or message_id is None:
        return None
    return str(chat_id), str(message_id)


class ShownMessages:
    """Remember, for a short while, the text and buttons each recent message was given."""

    def __init__(
        self, size: int = 20_000, seconds: float = 120.0, clock: Clock = time.monotonic
    ) -> None:
        self._shown: OrderedDict[tuple[str, str], _Shown] = OrderedDict()
        self._size = size
        self._seconds = seconds
        self._clock = clock

    def unchanged(self, endpoint: str, data: dict[str, Any]) -> bool:
        """Tell whether this edit would leave the message exactly as it is."""
        method = endpoint.lower()
        if method not in (EDIT_TEXT, EDIT_MARKUP):
            return False
        shown = self._recent(_key(data))
        if shown is None or shown.markup != _markup(data):
            return False
        return method == EDIT_MARKUP or shown.text == _text(data)

    def note(self, endpoint: str, data: dict[str, Any], result: object) -> None:
        """Remember what a message shows after a request that succeeded."""
        method = endpoint.lower()
        if method == SENT and isinstance(result, dict) and "message_id" in result:
            data = {**data, "message_id": result["message_id"]}
        key = _key(data)
        if key is None:
            return
        if method == DELETE:
            self._shown.pop(key, None)
        elif method in (SENT, EDIT_TEXT):
            self._keep(key, _text(data), _markup(data))
        elif method == EDIT_MARKUP:
            before = self._recent(key)
            self._keep(key, before.text if before else UNKNOWN, _markup(data))

    def _recent(self, key: tuple[str, str] | None) -> _Shown | None:
        shown = self._shown.get(key) if key else None
        if shown is None or self._clock() - shown.at > self._seconds:
            return None
        return shown

    def _keep(self, key: tuple[str, str], text: object, markup: str | None) -> None:
        self._shown[key] = _Shown(text, markup, self._clock())
        self._shown.move_to_end(key)
        while len(self._shown) > self._size:
            self._shown.popitem(last=False)
