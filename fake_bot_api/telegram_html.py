"""Parse Telegram HTML as strictly as the Bot API does, or more so."""

from __future__ import annotations

import html
import re

from fake_bot_api.errors import ApiError

MAX_MESSAGE_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
ALLOWED_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "span",
    "tg-spoiler",
    "a",
    "tg-emoji",
    "code",
    "pre",
    "blockquote",
}
TAG = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:=\"[^\"<>]*\"|='[^'<>]*')?)*)\s*>"
)
ENTITY = re.compile(r"&(lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});")


def parse_html(text: str) -> str:
    """Return the visible text of a Telegram HTML message, or raise ApiError.cant_parse."""
    visible: list[str] = []
    open_tags: list[str] = []
    position = 0
    while position < len(text):
        char = text[position]
        if char == "<":
            match = TAG.match(text, position)
            if match is None:
                raise ApiError.cant_parse(f"unexpected '<' at byte offset {position}")
            closing = match[1] == "/"
            name = match[2].lower()
            if name not in ALLOWED_TAGS:
                raise ApiError.cant_parse(f'unsupported start tag "{name}" at offset {position}')
            if closing:
                if not open_tags or open_tags.pop() != name:
                    raise ApiError.cant_parse(f'unmatched end tag "{name}" at offset {position}')
            else:
                open_tags.append(name)
            position = match.end()
        elif char == "&":
            match = ENTITY.match(text, position)
            if match is None:
                raise ApiError.cant_parse(f"unsupported entity at offset {position}")
            visible.append(html.unescape(match[0]))
            position = match.end()
        else:
            visible.append(char)
            position += 1
    if open_tags:
        raise ApiError.cant_parse(
            f'can\'t find end tag corresponding to start tag "{open_tags[-1]}"'
        )
    return "".join(visible)


def utf16_length(text: str) -> int:
    """Return the length Telegram counts: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def visible_text(text: str, parse_mode: str | None, limit: int = MAX_MESSAGE_LENGTH) -> str:
    """Check a message as Telegram would and return what the person sees."""
    plain = parse_html(text) if (parse_mode or "").upper() == "HTML" else text
    if not plain.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if utf16_length(plain) > limit:
        raise ApiError.too_long()
    return plain
