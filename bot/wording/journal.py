"""Show and export the journal: pages that fit Telegram's limit, Markdown and JSON files."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape

from bot.wording.catalogue import Wording
from reflections.library import Library
from scheduler.timing import zone

PAGE_LIMIT = 3500  # visible characters (UTF-16 units) per message, well under Telegram's 4096


@dataclass(frozen=True, slots=True)
class ShownEntry:
    """One entry, decrypted only for the person who wrote it, at the moment it is shown."""

    written_at: datetime
    text: str
    reflection_id: str | None


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _chunks(text: str, limit: int) -> list[str]:
    """Split text into pieces of at most `limit` UTF-16 units, never inside a character."""
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for char in text:
        width = _utf16(char)
        if size + width > limit:
            pieces.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += width
    pieces.append("".join(current))
    return pieces


def heading(entry: ShownEntry, library: Library, timezone: str, about: str) -> str:
    """Return 'Sat 5 Dec · Leaning on someone' (or 'a note'), in the person's zone."""
    local = entry.written_at.astimezone(zone(timezone))
    reflection = library.get(entry.reflection_id) if entry.reflection_id else None
    title = reflection.title if reflection else about
    return f"{local:%a} {local.day} {local:%b} {local:%H:%M} · {title}"


def pages(entries: list[ShownEntry], library: Library, timezone: str, note: str) -> list[list[str]]:
    """Group entries, newest first, into pages; a page is one or more messages of HTML."""
    result: list[list[str]] = []
    current: list[str] = []
    size = 0
    for entry in entries:
        head = heading(entry, library, timezone, note)
        block_size = _utf16(head) + _utf16(entry.text) + 2
        if block_size > PAGE_LIMIT:  # too long to share a message: a page of its own
            if current:
                result.append(["\n\n".join(current)])
                current, size = [], 0
            parts = _chunks(entry.text, PAGE_LIMIT - _utf16(head) - 2)
            messages = [f"<b>{escape(head, quote=False)}</b>\n{escape(parts[0], quote=False)}"]
            messages += [escape(part, quote=False) for part in parts[1:]]
            result.append(messages)
            continue
        if size + block_size > PAGE_LIMIT and current:
            result.append(["\n\n".join(current)])
            current, size = [], 0
        current.append(f"<b>{escape(head, quote=False)}</b>\n{escape(entry.text, quote=False)}")
        size += block_size + 2
    if current:
        result.append(["\n\n".join(current)])
    return result


def export_markdown(
    entries: list[ShownEntry],
    library: Library,
    timezone: str,
    now: datetime,
    wording: Wording,
    plan: Sequence[tuple[str, str]] = (),
) -> str:
    """Return the journal as a readable Markdown file, oldest first, and the plan after it."""
    local_now = now.astimezone(zone(timezone))
    lines = [
        wording.plain("export_title"),
        "",
        wording.plain("export_intro", date=f"{local_now.day} {local_now:%B %Y}"),
    ]
    for entry in reversed(entries):  # given newest first; files read oldest first
        local = entry.written_at.astimezone(zone(timezone))
        reflection = library.get(entry.reflection_id) if entry.reflection_id else None
        title = (
            wording.plain("export_on_reflection", title=reflection.title)
            if reflection
            else wording.plain("export_a_note")
        )
        lines += ["", f"## {local:%A} {local.day} {local:%B %Y}, {local:%H:%M}: {title}", ""]
        if reflection and reflection.prompt:
            lines += [f"*{reflection.prompt}*", ""]
        lines.append(entry.text)
    if plan:
        lines += ["", f"## {wording.plain('plan_heading_plain')}"]
        for heading, text in plan:
            lines += ["", f"### {heading}", "", text]
    return "\n".join(lines) + "\n"


def export_json(
    entries: list[ShownEntry],
    library: Library,
    now: datetime,
    plan: Sequence[tuple[str, str]] = (),
) -> str:
    """Return the journal as JSON, exactly as written, oldest first, and the plan by part."""
    items = []
    for entry in reversed(entries):  # given newest first; files read oldest first
        reflection = library.get(entry.reflection_id) if entry.reflection_id else None
        items.append(
            {
                "written_at": entry.written_at.isoformat(),
                "reflection": None
                if reflection is None
                else {"id": reflection.id, "title": reflection.title, "prompt": reflection.prompt},
                "text": entry.text,
            }
        )
    kept = {"exported_at": now.isoformat(), "entries": items, "plan": dict(plan)}
    return json.dumps(kept, ensure_ascii=False, indent=2)


def export_csv(header: str, rows: Sequence[tuple[str, str]]) -> str:
    """Return check-ins as CSV: a date and a word a line, oldest first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header.split(","))
    writer.writerows(rows)
    return buffer.getvalue()
