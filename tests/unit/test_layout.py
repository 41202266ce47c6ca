"""The layout keeps its arrows: each folder imports only from the folders below it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Lower layers never import higher ones; a layer may import from its own level.
LAYERS = {
    "config": 0,
    "metrics": 0,
    "states": 0,
    "reflections": 1,
    "safety": 1,
    "timing": 1,
    "pictures": 1,
    "storage": 2,
    "usecases": 3,
    "scheduler": 4,
    "bot": 5,
    "cli": 6,
    "main": 7,
}
PURE = {  # folders that must not touch these libraries
    "config": {"telegram"},  # it reads DATABASE_URL with SQLAlchemy's URL parser
    "states": {"telegram", "sqlalchemy"},
    "reflections": {"telegram", "sqlalchemy"},
    "safety": {"telegram", "sqlalchemy"},
    "timing": {"telegram", "sqlalchemy"},
    "pictures": {"telegram", "sqlalchemy"},
    "storage": {"telegram"},
    "usecases": {"telegram"},
    "scheduler": {"telegram"},
}


def imported_roots(path: Path) -> set[str]:
    """Return the top-level names a module imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def modules() -> list[tuple[str, Path]]:
    found = [("main", ROOT / "main.py")]
    for folder in LAYERS:
        if folder != "main":
            found += [(folder, path) for path in sorted((ROOT / folder).rglob("*.py"))]
    return found


@pytest.mark.parametrize(
    ("folder", "path"), modules(), ids=[str(p.relative_to(ROOT)) for _, p in modules()]
)
def test_imports_point_down(folder: str, path: Path) -> None:
    roots = imported_roots(path)
    upward = {root for root in roots if LAYERS.get(root, -1) > LAYERS[folder]}
    assert not upward, f"{path.relative_to(ROOT)} imports from a higher layer: {upward}"
    assert not roots & PURE.get(folder, set()), f"{path.relative_to(ROOT)} is meant to be pure"
    if folder != "cli":
        assert "fake_bot_api" not in roots, "only tests and the console use the fake Bot API"


def test_the_layering_sees_every_package() -> None:
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")}
    assert packages - {"tests", "migrations", "fake_bot_api", "bench"} == set(LAYERS) - {"main"}


def imported_modules(path: Path) -> set[str]:
    """Return the full names of the modules a module imports from."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


BOT = sorted((ROOT / "bot").rglob("*.py"))
HANDLERS = ROOT / "bot" / "handlers"


@pytest.mark.parametrize("path", BOT, ids=[str(p.relative_to(ROOT)) for p in BOT])
def test_the_bot_reaches_storage_only_through_use_cases(path: Path) -> None:
    touches = any(m == "storage" or m.startswith("storage.") for m in imported_modules(path))
    assert not touches, f"{path.relative_to(ROOT)} imports storage: call a use case instead"


@pytest.mark.parametrize("path", sorted(HANDLERS.glob("*.py")), ids=lambda p: p.name)
def test_handlers_do_not_call_each_other(path: Path) -> None:
    others = {
        m
        for m in imported_modules(path)
        if m.startswith("bot.handlers.") and m != f"bot.handlers.{path.stem}"
    }
    assert not others, f"{path.name} imports other handlers: {sorted(others)}"
