"""People who talk to the bot through the fake: they send, press and block as a person would."""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
from typing import Any

from fake_bot_api.state import FakeTelegram

Deliver = Callable[[dict[str, Any]], Awaitable[None]]
_callback_ids = itertools.count(1)


class FakePerson:
    """One person in their private chat (or a group, for testing the bot's refusal)."""

    def __init__(
        self,
        fake: FakeTelegram,
        deliver: Deliver,
        chat_id: int,
        *,
        first_name: str = "Sam",
        chat_type: str = "private",
    ) -> None:
        self.fake = fake
        self.chat_id = chat_id
        self._deliver = deliver
        self.user = {
            "id": abs(chat_id),
            "is_bot": False,
            "first_name": first_name,
            "language_code": "en",
        }
        if chat_type == "private":
            self.chat: dict[str, Any] = {"id": chat_id, "type": "private", "first_name": first_name}
        else:
            self.chat = {"id": chat_id, "type": chat_type, "title": "A group"}
        fake.known_chats[chat_id] = self.chat
        self._message_ids = itertools.count(1_000_000)

    async def send(self, text: str, *, reply_to: int | None = None) -> dict[str, Any]:
        """Send a text (a command if it starts with /), optionally as a reply to a bot message."""
        message = self._message(text=text)
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        if reply_to is not None:
            message["reply_to_message"] = self._bot_message(reply_to)
        return await self._send_update(message=message)

    async def edit(self, message_id: int, text: str) -> dict[str, Any]:
        """Edit one of this person's own earlier messages."""
        edited = self._message(text=text, message_id=message_id)
        edited["edit_date"] = int(self.fake.clock())
        return await self._send_update(edited_message=edited)

    async def send_photo(self) -> dict[str, Any]:
        photo = [{"file_id": "p1", "file_unique_id": "p1", "width": 90, "height": 90}]
        return await self._send_update(message=self._message(photo=photo))

    async def send_sticker(self) -> dict[str, Any]:
        sticker = {
            "file_id": "s1",
            "file_unique_id": "s1",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
        return await self._send_update(message=self._message(sticker=sticker))

    async def send_voice(self) -> dict[str, Any]:
        voice = {"file_id": "v1", "file_unique_id": "v1", "duration": 3}
        return await self._send_update(message=self._message(voice=voice))

    async def press(self, label: str, *, message_id: int | None = None) -> dict[str, Any]:
        """Press the inline button whose text contains label, on the newest message that has it."""
        for message in reversed(self.fake.sent[self.chat_id]):
            if message_id is not None and message["message_id"] != message_id:
                continue
            for button in buttons(message):
                if label.lower() in button["text"].lower():
                    return await self.press_data(button["callback_data"], message)
        raise AssertionError(f"no button {label!r} in chat {self.chat_id}")

    async def press_data(self, data: str, message: dict[str, Any]) -> dict[str, Any]:
        """Press a button with exactly this callback data on a message (old or new)."""
        query = {
            "id": str(next(_callback_ids)),
            "from": self.user,
            "chat_instance": "1",
            "data": data,
            "message": self._bot_message(message["message_id"]),
        }
        return await self._send_update(callback_query=query)

    async def block(self) -> dict[str, Any]:
        """Block the bot: later sends fail with 403, and the bot is told."""
        self.fake.blocked.add(self.chat_id)
        return await self._member_change("member", "kicked")

    async def unblock(self) -> None:
        self.fake.blocked.discard(self.chat_id)

    async def add_bot_to_group(self) -> dict[str, Any]:
        """Add the bot to this (group) chat."""
        return await self._member_change("left", "member")

    # --- what the bot said ------------------------------------------------------------------

    @property
    def texts(self) -> list[str]:
        return self.fake.texts(self.chat_id)

    @property
    def last(self) -> dict[str, Any]:
        sent = self.fake.sent[self.chat_id]
        if not sent:
            raise AssertionError(f"the bot has sent nothing to chat {self.chat_id}")
        return sent[-1]

    @property
    def last_text(self) -> str:
        return self.last.get("text", "")

    # --- building updates -------------------------------------------------------------------

    def _message(self, *, message_id: int | None = None, **content: Any) -> dict[str, Any]:
        return {
            "message_id": message_id or next(self._message_ids),
            "date": int(self.fake.clock()),
            "chat": self.chat,
            "from": self.user,
            **content,
        }

    def _bot_message(self, message_id: int) -> dict[str, Any]:
        for message in self.fake.sent[self.chat_id]:
            if message["message_id"] == message_id:
                return {k: v for k, v in message.items() if k not in ("html", "silent", "edited")}
        raise AssertionError(f"the bot sent no message {message_id} to chat {self.chat_id}")

    async def _member_change(self, old: str, new: str) -> dict[str, Any]:
        new_member: dict[str, Any] = {"user": self.fake.bot_user, "status": new}
        if new == "kicked":
            new_member["until_date"] = 0
        change = {
            "chat": self.chat,
            "from": self.user,
            "date": int(self.fake.clock()),
            "old_chat_member": {"user": self.fake.bot_user, "status": old},
            "new_chat_member": new_member,
        }
        return await self._send_update(my_chat_member=change)

    async def _send_update(self, **content: Any) -> dict[str, Any]:
        if "message" in content:
            self.fake.received[self.chat_id].append(content["message"])
        update = self.fake.make_update(**content)
        await self._deliver(update)
        return update


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the inline buttons on a message, row by row."""
    markup = message.get("reply_markup") or {}
    return [button for row in markup.get("inline_keyboard", []) for button in row]
