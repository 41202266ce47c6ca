"""`python main.py content …`: check, list and show the library, for operators editing it."""

from __future__ import annotations

from config.datafiles import ContentError
from reflections import loader
from reflections.document import load_document
from reflections.loader import load_library
from reflections.render import as_seen, render


def check() -> tuple[int, str]:
    """Validate the library; return an exit code and what to print."""
    try:
        library = load_library()
    except ContentError as error:
        lines = [f"{loader.LIBRARY_FILE} has {len(error.problems)} problem(s):"]
        lines += [f"  {problem}" for problem in error.problems]
        return 1, "\n".join(lines)
    sentences = sum(len(unit.sentences()) for unit in load_document().units)
    return 0, (
        f"{loader.LIBRARY_FILE.name}: {len(library.reflections)} reflections, fine. "
        f"Every one of the source's {sentences} sentences and bullets is quoted."
    )


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
