"""Render a reflection as Telegram HTML, escaping everything written in the library."""

from __future__ import annotations

import re
from html import escape, unescape

from reflections.library import Messages, Reflection


def render(reflection: Reflection, messages: Messages, *, new_round: bool = False) -> str:
    """Return the message a person receives: neutral first line, title, body, passage, prompt."""
    parts = [escape(messages.first_line, quote=False)]
    if new_round:
        parts.append(f"<i>{escape(' '.join(messages.new_round.split()), quote=False)}</i>")
    parts.append(f"<b>{escape(reflection.title, quote=False)}</b>")
    parts.extend(escape(paragraph, quote=False) for paragraph in reflection.paragraphs())
    parts.append(
        f"<blockquote>{escape(' '.join(reflection.source.split()), quote=False)}</blockquote>"
    )
    if reflection.prompt:
        parts.append(f"<i>{escape(reflection.prompt, quote=False)}</i>")
    return "\n\n".join(parts)


def as_seen(message_html: str) -> str:
    """Return what a person's screen shows for a rendered message: no tags, quotes marked."""
    quoted = re.sub(
        r"<blockquote>(.*?)</blockquote>",
        lambda match: "\n".join(f"▎ {line}" for line in match[1].split("\n")),
        message_html,
        flags=re.S,
    )
    return unescape(re.sub(r"</?[a-z-]+[^>]*>", "", quoted))
