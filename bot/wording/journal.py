"""Show and export the journal: pages that fit Telegram's limit, Markdown and JSON files."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from html import escape

from bot.wording.catalogue import Wording
from reflections.library import Library
from timing.local import zone
from usecases.journal import Note

PAGE_LIMIT = 3500  # visible characters (UTF-16 units) per message, well under Telegram's 4096


ShownEntry = Note  # one entry, decrypted only for its writer, as it is shown


@dataclass(frozen=True, slots=True)
class NotedDay:
    """A day noted in /dates, as exported: '14 March', 'every year', the person's own name."""

    day: str
    repeat: str
    label: str
    eve: bool


def noted_day(month: int, day: int) -> str:
    """Return '14 March' for a day noted in /dates."""
    return f"{day} {date(2000, month, 1):%B}"


def utf16_length(text: str) -> int:
    """Return a text's length as Telegram counts it (UTF-16 code units), in one pass."""
    return len(text.encode("utf-16-le")) // 2


def _chunks(text: str, limit: int) -> list[str]:
    """Split text into pieces of at most `limit` UTF-16 units, never inside a character."""
    pieces: list[str] = []
    begin = size = 0
    for index, char in enumerate(text):
        width = 2 if ord(char) > 0xFFFF else 1
        if size + width > limit:
            pieces.append(text[begin:index])
            begin = index
            size = 0
        size += width
    pieces.append(text[begin:])
    return pieces


def heading(entry: ShownEntry, library: Library, timezone: str, about: str) -> str:
    """Return 'Sat 5 Dec · Leaning on someone' (or 'a note'), in the person's zone."""
    local = entry.written_at.astimezone(zone(timezone))
    reflection = library.get(entry.reflection_id) if entry.reflection_id else None
    title = reflection.title if reflection else about
    return f"{local:%a} {local.day} {local:%b} {local:%H:%M} · {title}"


def fill_page(
    entries: Iterator[ShownEntry], library: Library, timezone: str, note: str, most: int
) -> list[ShownEntry]:
    """Take entries, nearest first, while they fit one page; none is read beyond the next one.

    An entry too long to share a message makes a page of its own.
    """
    taken: list[ShownEntry] = []
    size = 0
    for entry in entries:
        block = utf16_length(heading(entry, library, timezone, note)) + utf16_length(entry.text) + 2
        if taken and size + block > PAGE_LIMIT:
            break
        taken.append(entry)
        size += block + 2
        if size > PAGE_LIMIT or len(taken) == most:
            break
    return taken


def page_messages(
    entries: list[ShownEntry], library: Library, timezone: str, note: str
) -> list[str]:
    """Return one page, newest first, as messages of HTML: one, or several for a long entry."""
    blocks = []
    for entry in entries:
        head = heading(entry, library, timezone, note)
        if utf16_length(head) + utf16_length(entry.text) + 2 > PAGE_LIMIT:
            parts = _chunks(entry.text, PAGE_LIMIT - utf16_length(head) - 2)
            messages = [f"<b>{escape(head, quote=False)}</b>\n{escape(parts[0], quote=False)}"]
            return messages + [escape(part, quote=False) for part in parts[1:]]
        blocks.append(f"<b>{escape(head, quote=False)}</b>\n{escape(entry.text, quote=False)}")
    return ["\n\n".join(blocks)]


def export_markdown(
    entries: Iterable[ShownEntry],
    library: Library,
    timezone: str,
    now: datetime,
    wording: Wording,
    plan: Sequence[tuple[str, str]] = (),
    dates: Sequence[NotedDay] = (),
) -> str:
    """Return the journal (given oldest first) as Markdown, the plan and noted days after it."""
    local_now = now.astimezone(zone(timezone))
    lines = [
        wording.plain("export_title"),
        "",
        wording.plain("export_intro", date=f"{local_now.day} {local_now:%B %Y}"),
    ]
    for entry in entries:
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
        if entry.known:
            lines += [f"*{wording.plain('button_known_marked')}*", ""]
        lines.append(entry.text)
    if plan:
        lines += ["", f"## {wording.plain('plan_heading_plain')}"]
        for heading, text in plan:
            lines += ["", f"### {heading}", "", text]
    if dates:
        lines += ["", f"## {wording.plain('export_dates_heading')}", ""]
        lines += [f"- {noted.day}, {noted.repeat}: {noted.label}" for noted in dates]
    return "\n".join(lines) + "\n"


def export_json(
    entries: Iterable[ShownEntry],
    library: Library,
    now: datetime,
    plan: Sequence[tuple[str, str]] = (),
    dates: Sequence[NotedDay] = (),
) -> str:
    """Return the journal (given oldest first) as JSON, exactly as written; the plan by part;
    the noted days."""
    items = []
    for entry in entries:
        reflection = library.get(entry.reflection_id) if entry.reflection_id else None
        items.append(
            {
                "written_at": entry.written_at.isoformat(),
                "reflection": None
                if reflection is None
                else {"id": reflection.id, "title": reflection.title, "prompt": reflection.prompt},
                "text": entry.text,
                "something_i_know": entry.known,
            }
        )
    kept = {
        "exported_at": now.isoformat(),
        "entries": items,
        "plan": dict(plan),
        "dates": [asdict(noted) for noted in dates],
    }
    return json.dumps(kept, ensure_ascii=False, indent=2)


def export_csv(header: str, rows: Sequence[tuple[str, str]]) -> str:
    """Return check-ins as CSV: a date and a word a line, oldest first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header.split(","))
    writer.writerows(rows)
    return buffer.getvalue()
