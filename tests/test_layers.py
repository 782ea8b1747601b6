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
    # The window talks to the store's functions and the core's values, never to the tables.
    "ui": ("sqlalchemy", "alembic", "alliance_desk.store.models"),
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


def private_names_used(path: Path, package: str) -> list[str]:
    """Names starting with `_` that `path` takes from a module outside `package`: imported
    (`from alliance_desk.store.risks import _values`) or reached through an imported module
    (`risks._values`). Such a name is that module's own business and may change any day."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules: dict[str, str] = {}  # local name -> the module it stands for
    found = []

    def foreign(module: str) -> bool:
        return module.startswith("alliance_desk") and not module.startswith(package)

    def private(name: str) -> bool:
        return name.startswith("_") and not name.startswith("__")

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                modules[alias.asname or alias.name.split(".")[0]] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                if foreign(node.module) and private(alias.name):
                    found.append(f"{node.module}.{alias.name}")
                modules[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            module = modules.get(node.value.id)
            if module and foreign(module) and private(node.attr):
                found.append(f"{module}.{node.attr}")
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_no_layer_reaches_into_another_packages_private_names(layer: str) -> None:
    found = [
        f"{path.relative_to(PACKAGE)} uses {name}"
        for path in sorted((PACKAGE / layer).rglob("*.py"))
        for name in private_names_used(path, f"alliance_desk.{layer}")
    ]
    assert found == []


def test_the_checker_catches_a_private_name(tmp_path: Path) -> None:
    """Both ways of reaching one: importing it, and through the module (the case of
    ui/risks.py using `risks._enum_values` before)."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from alliance_desk.store import risks\n"
        "from alliance_desk.store.models import _hidden\n"
        "from alliance_desk.ui.desk import _Freshness\n"
        "def f():\n    return risks._enum_values, risks.add_risk, risks.__name__\n"
    )
    assert private_names_used(sample, "alliance_desk.ui") == [
        "alliance_desk.store.models._hidden",
        "alliance_desk.store.risks._enum_values",
    ]
    assert imported_modules(sample) >= {"alliance_desk.store.models"}


def test_the_checker_catches_a_wrong_import(tmp_path: Path) -> None:
    """The walker sees imports inside functions too, so a lazy import cannot slip through."""
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from sqlalchemy import select\n    import PySide6.QtCore\n")
    assert imported_modules(sample) == {"sqlalchemy", "PySide6.QtCore"}


# The window and its first section, Today: what a start must load before its first frame.
FIRST_FRAME = (
    "alliance_desk.ui.main_window",
    "alliance_desk.ui.today.view",
    "alliance_desk.ui.warm_up",
    "alliance_desk.ui.crash_dialog",
    "alliance_desk.ui.sign_in",
)


def test_the_window_s_code_loads_without_the_data_layer() -> None:
    """Issue 25: a start within 1.3 × the bare stack has no room for SQLAlchemy, the mapped
    models and the store's modules (≈ 0.6 s of a cold start on this machine) before its first
    frame; the window's own code (≈ 0.25 s) has. So the window and Today import the store's
    modules where they first use them, and only its light ones (errors, locations, the
    cipher's file checks) at the top. Run in a fresh process: this one has them all."""
    import json
    import os
    import subprocess
    import sys

    probe = (
        "import json, sys\n"
        f"for name in {FIRST_FRAME!r}:\n"
        "    __import__(name)\n"
        "print(json.dumps(sorted({m.split('.')[0] if m.startswith('sqlalchemy') else m"
        " for m in sys.modules if m.startswith(('sqlalchemy', 'alliance_desk.store.'))})))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert "sqlalchemy" not in loaded
    assert set(loaded) <= {
        "alliance_desk.store.cipher",
        "alliance_desk.store.errors",
        "alliance_desk.store.location",
    }
