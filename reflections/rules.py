"""The rules a library must follow, each broken rule reported with its line and id."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from config.datafiles import Problem
from reflections.document import Document, normalise
from reflections.fidelity import unnoted
from reflections.library import Library, Messages, Reflection
from reflections.order_rules import HEAVY, order_problems
from reflections.prompts import MOST_WITH_ONE_OPENING, opening, prompt_problems
from reflections.render import as_seen, render

FIELDS = ("id", "theme", "title", "body", "source", "prompt", "fidelity", "heavy")
REQUIRED = ("id", "theme", "title", "body", "source")
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_ID_LENGTH = 40  # ids travel in button data, which Telegram limits to 64 bytes
LIMITS = {"theme": 40, "title": 60, "prompt": 200, "fidelity": 300}
BODY_WORDS = (40, 160)
MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>|&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_MESSAGE_UTF16 = 4096
# Words that reveal what Within is about, with their inflections. None may fall in the first
# characters of a message: lock screens, watches and notification previews show that much.
TOPIC_WORDS = re.compile(
    r"\b(addict\w*|porn\w*|sex\w*|betray\w*|affairs?|cheat\w*|infidel\w*|unfaithful|trauma\w*"
    r"|lies|lying|lied|liars?|disclos\w*|recover\w*|relaps\w*|hid|hide|hides|hiding|hidden"
    r"|secret\w*|shame\w*|ashamed|abus\w*|suicid\w*|therap\w*)\b",
    re.IGNORECASE,
)
# A title may show on a lock screen, maybe of a shared phone.
INDISCREET = TOPIC_WORDS
PREVIEW_CHARACTERS = 160  # of a reply, which the person has just asked for
UNPROMPTED_PREVIEW_CHARACTERS = 200  # of anything the bot sends unasked, like a reflection
QUOTES = re.compile('["“”„«»]')
# Labels that judge the person reading; the document's own words stay in `source` only.
LABELS = re.compile(r"\b(co-?dependen\w*|addicts?\b(?!ion))", re.I)


def validate(data: Any, path: Path, document: Document) -> tuple[Library | None, list[Problem]]:
    """Check the parsed YAML; return the library (if usable) and every problem found."""
    if not isinstance(data, dict) or not isinstance(data.get("reflections"), list):
        message = "must have a 'messages' section and a 'reflections' list (see the comments)"
        return None, [Problem(path, None, None, message)]
    problems: list[Problem] = []
    messages = _messages(data.get("messages"), path, problems)
    reflections: list[Reflection] = []
    seen: dict[str, int] = {}
    for item in data["reflections"]:
        reflection = _reflection(item, path, document, problems)
        if reflection is None:
            continue
        line = item["__line__"]
        if reflection.id in seen:
            problems.append(
                Problem(
                    path,
                    line,
                    reflection.id,
                    f"the id is already used on line {seen[reflection.id]}",
                )
            )
            continue
        seen[reflection.id] = line
        reflections.append(reflection)
        if messages:
            _check_rendered(reflection, messages, path, line, problems)
    if not reflections and not problems:
        problems.append(Problem(path, None, None, "holds no reflections"))
    problems.extend(_coverage(reflections, document, path))
    problems.extend(_journey(data["reflections"], reflections, document, path))
    if messages is None:
        return None, problems
    return Library(tuple(reflections), messages), problems


def _messages(section: Any, path: Path, problems: list[Problem]) -> Messages | None:
    if not isinstance(section, dict):
        problems.append(Problem(path, None, None, "needs a 'messages' section"))
        return None
    values: dict[str, str] = {}
    for key in ("first_line", "new_round"):
        value = section.get(key)
        line = section["__lines__"].get(key, section["__line__"])
        if not isinstance(value, str) or not value.strip():
            problems.append(Problem(path, line, None, f"messages needs a '{key}' text"))
        elif MARKUP.search(value) or CONTROL.search(value):
            problems.append(Problem(path, line, None, f"'{key}' must be plain text"))
        else:
            values[key] = value.strip()
    first = values.get("first_line", "")
    if "\n" in first or INDISCREET.search(first):
        problems.append(
            Problem(path, section["__line__"], None, "first_line must be one discreet line")
        )
    return Messages(**values) if len(values) == 2 else None


def _reflection(
    item: Any, path: Path, document: Document, problems: list[Problem]
) -> Reflection | None:
    if not isinstance(item, dict):
        problems.append(Problem(path, None, None, "each reflection must be a set of fields"))
        return None
    line = item["__line__"]
    lines = item["__lines__"]
    rid = item.get("id") if isinstance(item.get("id"), str) else None
    found: list[Problem] = []

    def problem(field: str | None, message: str) -> None:
        found.append(Problem(path, lines.get(field, line) if field else line, rid, message))

    for field in lines:
        if field not in FIELDS:
            problem(field, f"unknown field {field!r}: the fields are {', '.join(FIELDS)}")
    for field in REQUIRED:
        if not isinstance(item.get(field), str) or not item[field].strip():
            problem(field, f"'{field}' is missing or empty")
    for optional in ("prompt", "fidelity", "heavy"):
        value = item.get(optional)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            problem(optional, f"'{optional}' must be text, or be left out")
    prompt = item.get("prompt")
    fidelity = item.get("fidelity")
    heavy = item.get("heavy")
    if isinstance(heavy, str) and heavy.strip() not in HEAVY:
        problem("heavy", f"'heavy' is one of: {', '.join(HEAVY)}; or leave it out")
    if found:
        problems.extend(found)
        return None
    reflection = Reflection(
        id=item["id"].strip(),
        theme=item["theme"].strip(),
        title=item["title"].strip(),
        body=item["body"].strip(),
        source=item["source"].strip(),
        prompt=prompt.strip() if prompt else None,
        fidelity=fidelity.strip() if fidelity else None,
        heavy=heavy.strip() if heavy else None,
    )
    _check_fields(reflection, problem)
    if not document.contains(reflection.source):
        problem("source", "this passage is not in reflections/source.txt: copy it exactly")
    problems.extend(found)
    return None if found else reflection


def _check_fields(reflection: Reflection, problem: Any) -> None:
    if not ID_PATTERN.fullmatch(reflection.id) or len(reflection.id) > MAX_ID_LENGTH:
        problem("id", f"ids are lower-case words joined by hyphens, at most {MAX_ID_LENGTH} long")
    for field, limit in LIMITS.items():
        value = getattr(reflection, field) or ""
        if len(value) > limit:
            problem(field, f"'{field}' is {len(value)} characters; keep it to {limit}")
        if "\n" in value:
            problem(field, f"'{field}' must be on one line")
    words = len(reflection.body.split())
    if not BODY_WORDS[0] <= words <= BODY_WORDS[1]:
        plural = "" if words == 1 else "s"
        low, high = BODY_WORDS
        problem("body", f"the body has {words} word{plural}; write {low} to {high}")
    for field in FIELDS:
        value = getattr(reflection, field) or ""
        if MARKUP.search(value):
            problem(field, f"'{field}' looks like HTML: write plain text, formatting is added")
        if CONTROL.search(value):
            problem(field, f"'{field}' holds an invisible control character: retype it")
    if INDISCREET.search(reflection.title):
        problem("title", "the title may show on a lock screen: choose gentler, discreet words")
    for field in ("title", "body", "prompt"):
        if LABELS.search(getattr(reflection, field) or ""):
            problem(field, f"'{field}' uses a label for a person: describe, don't label")
    if QUOTES.search(reflection.title):
        problem("title", "messages put the title in quotation marks: leave them out of it")
    if reflection.prompt:
        for message in prompt_problems(reflection.prompt):
            problem("prompt", message)


def _check_rendered(
    reflection: Reflection, messages: Messages, path: Path, line: int, problems: list[Problem]
) -> None:
    longest = render(reflection, messages, new_round=True)
    if len(re.sub(r"<[^>]+>", "", longest).encode("utf-16-le")) // 2 > MAX_MESSAGE_UTF16:
        problems.append(Problem(path, line, reflection.id, "the message would be too long"))
    for new_round in (False, True):
        seen = as_seen(render(reflection, messages, new_round=new_round))
        word = revealing_opening(seen, UNPROMPTED_PREVIEW_CHARACTERS)
        if word:
            first = UNPROMPTED_PREVIEW_CHARACTERS
            message = f"{word!r} is in the first {first} characters, which a lock "
            problems.append(Problem(path, line, reflection.id, message + "screen can show"))
            break


def revealing_opening(text: str, characters: int = PREVIEW_CHARACTERS) -> str | None:
    """Return the first word in a message's first characters that reveals the topic, if any."""
    found = TOPIC_WORDS.search(text[:characters])
    return found[0] if found else None


def _journey(
    items: list[Any], reflections: list[Reflection], document: Document, path: Path
) -> list[Problem]:
    """Check the order, and list reflections with claims of their own and no fidelity note."""
    lines = {item.get("id"): item["__line__"] for item in items if isinstance(item, dict)}
    problems: list[Problem] = []

    def report(reflection: Reflection, message: str) -> None:
        problems.append(Problem(path, lines.get(reflection.id), reflection.id, message))

    order_problems(reflections, document, report)
    openings: dict[str, list[str]] = {}
    for reflection in reflections:
        if reflection.prompt:
            same = openings.setdefault(opening(reflection.prompt), [])
            if len(same) >= MOST_WITH_ONE_OPENING:
                start = opening(reflection.prompt)
                report(
                    reflection,
                    f"its prompt opens {start!r}, like those of {', '.join(same)}: at most "
                    f"{MOST_WITH_ONE_OPENING} prompts may open the same way",
                )
            same.append(reflection.id)
    for reflection in reflections:
        claims = unnoted(reflection, document)
        if claims:
            report(
                reflection,
                f"{claims[0][:70]!r} is neither in the document nor covered by a fidelity note:"
                " add one saying how and why, or keep to the passage",
            )
    return problems


def _coverage(reflections: list[Reflection], document: Document, path: Path) -> list[Problem]:
    """Name every sentence and bullet of the document that no reflection quotes.

    A sentence counts as quoted when a passage holds all of it, or a part of it.
    """
    quoted = [normalise(reflection.source) for reflection in reflections if reflection.source]
    problems = []
    for unit in document.units:
        for sentence in unit.sentences():
            plain = normalise(sentence)
            if not any(passage in plain or plain in passage for passage in quoted):
                kind = "sentence" if unit.kind == "paragraph" else unit.kind
                message = f"no reflection quotes this {kind}: {sentence[:70]!r}"
                problems.append(Problem(path, None, None, message))
    return problems
