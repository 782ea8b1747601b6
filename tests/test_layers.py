"""Each layer imports only from the layers above it (DESIGN.md §3)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "alliance_desk"

FORBIDDEN = {
    "core": (
        "sqlalchemy",
        "alembic",
        "PySide6",
        "reportlab",
        "alliance_desk.store",
        "alliance_desk.packs",
        "alliance_desk.ui",
    ),
    "store": ("PySide6", "reportlab", "alliance_desk.packs", "alliance_desk.ui"),
    "packs": ("PySide6", "sqlalchemy", "alembic", "alliance_desk.ui"),
    "ui": ("sqlalchemy", "alembic"),
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def violations(layer: str) -> list[str]:
    found = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for module in imported_modules(path):
            for banned in FORBIDDEN[layer]:
                if module == banned or module.startswith(banned + "."):
                    found.append(f"{path.relative_to(PACKAGE)} imports {module}")
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_from_layers_above(layer: str) -> None:
    assert violations(layer) == []


def test_the_checker_catches_a_wrong_import(tmp_path: Path) -> None:
    """The walker sees imports inside functions too, so a lazy import cannot slip through."""
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from sqlalchemy import select\n    import PySide6.QtCore\n")
    assert imported_modules(sample) == {"sqlalchemy", "PySide6.QtCore"}
