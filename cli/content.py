"""`python main.py content …`: check, list and show the library, for operators editing it."""

from __future__ import annotations

from config.datafiles import ContentError, read_yaml
from reflections import loader
from reflections.document import load_document
from reflections.library import Library
from reflections.loader import load_library
from reflections.render import as_seen, render
from reflections.similarity import similar_pairs
from reflections.steadying import STEADYING_FILE, load_steadying


def check() -> tuple[int, str]:
    """Validate the library; return an exit code and what to print."""
    try:
        library = load_library()
    except ContentError as error:
        lines = [f"{loader.LIBRARY_FILE} has {len(error.problems)} problem(s):"]
        lines += [f"  {problem}" for problem in error.problems]
        return 1, "\n".join(lines)
    repeats = near_repeats(library)
    if repeats:
        lines = [f"{loader.LIBRARY_FILE} has {len(repeats)} pair(s) that say nearly the same:"]
        return 1, "\n".join(lines + [f"  {repeat}" for repeat in repeats])
    try:
        steadying = load_steadying()
    except ContentError as error:
        lines = [f"{STEADYING_FILE} has {len(error.problems)} problem(s):"]
        return 1, "\n".join(lines + [f"  {problem}" for problem in error.problems])
    unknown = sorted(steadying.doubting_yourself - set(library.order))
    if unknown:
        return 1, f"{STEADYING_FILE}: doubting_yourself names {unknown[0]!r}, not in the library"
    sentences = sum(len(unit.sentences()) for unit in load_document().units)
    return 0, (
        f"{loader.LIBRARY_FILE.name}: {len(library.reflections)} reflections, fine. "
        f"Every one of the source's {sentences} sentences and bullets is quoted; the first "
        "fortnight steadies, passages, introductions and themes keep their order, prompts are "
        "open, and every claim of our own has a fidelity note. "
        f"{STEADYING_FILE.name}: {len(steadying.reflections)} steadying reflections, fine."
    )


PLURALS = {"body": "bodies", "prompt": "prompts"}


def near_repeats(library: Library) -> list[str]:
    """Describe each pair of reflections whose bodies or prompts overlap too much."""
    data = read_yaml(loader.LIBRARY_FILE, loader.SUBJECT, with_lines=True)
    lines = {item.get("id"): item["__line__"] for item in data["reflections"]}
    return [
        f"line {lines.get(pair.first.id)} ({pair.first.id!r}) and line "
        f"{lines.get(pair.second.id)} ({pair.second.id!r}): their {PLURALS[pair.field]} share "
        f"{pair.overlap:.0%} of their words; say something different in one of them"
        for pair in similar_pairs(library)
    ]


def listing() -> tuple[int, str]:
    """Return the journey in order, one reflection a line."""
    library = load_library()
    width = len(str(len(library.reflections)))
    lines = [
        f"{number:>{width}}. {r.id}: {r.title} ({r.theme})"
        for number, r in enumerate(library.reflections, start=1)
    ]
    return 0, "\n".join(lines)


def show(reflection_id: str) -> tuple[int, str]:
    """Return one reflection exactly as the person's screen shows it."""
    library = load_library()
    reflection = library.get(reflection_id)
    if reflection is None:
        return 1, f"No reflection has the id {reflection_id!r}: `python main.py content list`."
    return 0, as_seen(render(reflection, library.messages))
