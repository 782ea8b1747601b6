"""Shared fixtures: every test gets its own data folder, settings and portfolio file."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """GUI tests are marked automatically, so `-m "not gui"` runs the pure-logic suite alone."""
    for item in items:
        if "qtbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private data folder per test, so nothing touches the user's real portfolio."""
    home = tmp_path / "home"
    monkeypatch.setenv("ALLIANCE_DESK_HOME", str(home))
    return home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "portfolio.sqlite3"


@pytest.fixture
def store(db_path: Path):
    from alliance_desk.store.database import open_store

    opened = open_store(db_path)
    yield opened
    opened.close()


@pytest.fixture
def demo_store(tmp_path: Path):
    from alliance_desk.store.database import open_store
    from alliance_desk.store.demo import create_demo

    opened = open_store(create_demo(tmp_path / "demo.sqlite3"))
    yield opened
    opened.close()
