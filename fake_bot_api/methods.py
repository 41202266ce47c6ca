"""The Bot API methods the fake answers, each checked as Telegram checks it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from fake_bot_api.errors import ApiError
from fake_bot_api.telegram_html import MAX_CAPTION_LENGTH, visible_text

if TYPE_CHECKING:
    from fake_bot_api.state import FakeTelegram

Params = dict[str, Any]
EDIT_WINDOW_SECONDS = 48 * 3600


def _chat_id(params: Params) -> int:
    try:
        return int(params["chat_id"])
    except (KeyError, ValueError):
        raise ApiError(400, "Bad Request: chat_id is empty") from None


def _find_message(fake: FakeTelegram, params: Params, not_found: str) -> dict[str, Any]:
    chat_id = _chat_id(params)
    message_id = int(params.get("message_id", 0))
    for message in [*fake.sent[chat_id], *fake.received[chat_id]]:
        if message["message_id"] == message_id and not message.get("deleted"):
            return message
    raise ApiError(400, f"Bad Request: {not_found}")


def get_me(fake: FakeTelegram, params: Params) -> dict[str, Any]:
    return fake.bot_user


def send_message(fake: FakeTelegram, params: Params) -> dict[str, Any]:
    chat_id = _chat_id(params)
    fake.check_reachable(chat_id)
    text = str(params.get("text", ""))
    plain = visible_text(text, params.get("parse_mode"))
    message = {
        "message_id": fake.next_message_id(chat_id),
        "date": int(fake.clock()),
        "chat": fake.known_chats[chat_id],
        "from": fake.bot_user,
        "text": plain,
        "html": text,
        "silent": str(params.get("disable_notification", "")).lower() == "true",
    }
    if params.get("reply_markup"):
        message["reply_markup"] = params["reply_markup"]
    fake.sent[chat_id].append(message)
    return {k: v for k, v in message.items() if k not in ("html", "silent")}


def edit_message_text(fake: FakeTelegram, params: Params) -> dict[str, Any]:
    message = _find_message(fake, params, "message to edit not found")
    text = str(params.get("text", ""))
    plain = visible_text(text, params.get("parse_mode"))
    markup = params.get("reply_markup")
    if plain == message["text"] and markup == message.get("reply_markup"):
        raise ApiError(400, NOT_MODIFIED)
    message.update(text=plain, html=text, edited=True)
    message.pop("reply_markup", None)
    if markup:
        message["reply_markup"] = markup
    return {k: v for k, v in message.items() if k not in ("html", "silent", "edited")}


NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)


def edit_message_reply_markup(fake: FakeTelegram, params: Params) -> dict[str, Any]:
    message = _find_message(fake, params, "message to edit not found")
    markup = params.get("reply_markup")
    if (markup or None) == (message.get("reply_markup") or None):
        raise ApiError(400, NOT_MODIFIED)
    message.pop("reply_markup", None)
    if markup:
        message["reply_markup"] = markup
    return {k: v for k, v in message.items() if k not in ("html", "silent", "edited")}


def delete_message(fake: FakeTelegram, params: Params) -> bool:
    message = _find_message(fake, params, "message to delete not found")
    if fake.clock() - message["date"] > EDIT_WINDOW_SECONDS:
        raise ApiError(400, "Bad Request: message can't be deleted for everyone")
    message["deleted"] = True
    return True


def send_document(fake: FakeTelegram, params: Params) -> dict[str, Any]:
    chat_id = _chat_id(params)
    fake.check_reachable(chat_id)
    document = params.get("document")
    if not isinstance(document, tuple):
        raise ApiError(400, "Bad Request: there is no document in the request")
    caption = str(params.get("caption", ""))
    if caption:
        visible_text(caption, params.get("parse_mode"), MAX_CAPTION_LENGTH)
    fake.documents[chat_id].append(document)
    message = {
        "message_id": fake.next_message_id(chat_id),
        "date": int(fake.clock()),
        "chat": fake.known_chats[chat_id],
        "from": fake.bot_user,
        "document": {
            "file_id": f"doc{len(fake.documents[chat_id])}",
            "file_unique_id": "d",
            "file_name": document[0],
        },
    }
    fake.sent[chat_id].append({**message, "text": caption})
    return message


def leave_chat(fake: FakeTelegram, params: Params) -> bool:
    fake.left_chats.add(_chat_id(params))
    return True


def set_my_commands(fake: FakeTelegram, params: Params) -> bool:
    commands = params.get("commands")
    if not isinstance(commands, list) or not commands:
        raise ApiError(400, "Bad Request: commands must be a non-empty list")
    for command in commands:
        name = command.get("command", "")
        description = command.get("description", "")
        if not (1 <= len(name) <= 32 and name.islower() and 1 <= len(description) <= 256):
            raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
    fake.commands = commands
    return True


def set_description(key: str, limit: int) -> Callable[[FakeTelegram, Params], bool]:
    def handler(fake: FakeTelegram, params: Params) -> bool:
        value = str(params.get(key, ""))
        if len(value) > limit:
            raise ApiError(400, f"Bad Request: {key} is too long")
        fake.descriptions[key] = value
        return True

    return handler


def set_webhook(fake: FakeTelegram, params: Params) -> bool:
    fake.webhook = {"url": params.get("url", ""), "secret_token": params.get("secret_token")}
    return True


def delete_webhook(fake: FakeTelegram, params: Params) -> bool:
    fake.webhook = {}
    return True


def send_photo(fake: FakeTelegram, params: Params) -> dict[str, Any]:
    chat_id = _chat_id(params)
    fake.check_reachable(chat_id)
    photo = params.get("photo")
    if not isinstance(photo, tuple):
        raise ApiError(400, "Bad Request: there is no photo in the request")
    fake.photos[chat_id].append(photo[1])
    message = {
        "message_id": fake.next_message_id(chat_id),
        "date": int(fake.clock()),
        "chat": fake.known_chats[chat_id],
        "from": fake.bot_user,
        "photo": [
            {
                "file_id": f"photo{len(fake.photos[chat_id])}",
                "file_unique_id": "p",
                "width": 800,
                "height": 320,
            }
        ],
    }
    fake.sent[chat_id].append({**message, "text": str(params.get("caption", ""))})
    return message


def always_true(fake: FakeTelegram, params: Params) -> bool:
    return True


METHODS: dict[str, Callable[[FakeTelegram, Params], Any]] = {
    "getme": get_me,
    "sendmessage": send_message,
    "editmessagetext": edit_message_text,
    "editmessagereplymarkup": edit_message_reply_markup,
    "deletemessage": delete_message,
    "senddocument": send_document,
    "sendphoto": send_photo,
    "leavechat": leave_chat,
    "setmycommands": set_my_commands,
    "getmycommands": lambda fake, params: fake.commands,
    "setmydescription": set_description("description", 512),
    "setmyshortdescription": set_description("short_description", 120),
    "setwebhook": set_webhook,
    "deletewebhook": delete_webhook,
    "getwebhookinfo": lambda fake, params: {"pending_update_count": 0, **fake.webhook},
    "answercallbackquery": always_true,
    "sendchataction": always_true,
    "close": always_true,
    "logout": always_true,
}
