"""The data survives abuse: killed processes, two writers, and it never leaves the machine."""

from __future__ import annotations

import os
import socket
import sqlite3
import stat
from pathlib import Path

import pytest

from alliance_desk.store import backup, portfolio
from alliance_desk.store.database import open_store
from tests.helpers import draft, kill_writers, write_side_by_side

ROOT = Path(__file__).resolve().parents[2]

WRITER = """
import sys
from alliance_desk.core.portfolio import validate_alliance
from alliance_desk.store import portfolio
from alliance_desk.store.database import open_store
store = open_store(sys.argv[1], start_backup=False)
print("ready", flush=True)
for number in range(100000):
    values = {"name": f"A{number}", "partner": "P"}
    made = portfolio.create_alliance(store, validate_alliance(values))
    print(made.id, flush=True)  # reported as saved only after the commit returned
"""


@pytest.mark.slow
def test_every_edit_reported_as_saved_survives_sigkill(tmp_path: Path) -> None:
    """Fifty times: a writer is killed at a random moment; nothing it reported is lost, the file
    passes SQLite's integrity check and opens normally."""
    path = tmp_path / "portfolio.sqlite3"
    open_store(path).close()
    saved = kill_writers(WRITER, path, 50, seed=11, cwd=ROOT)
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()
    store = open_store(path, start_backup=False)
    try:
        present = {a.id for a in portfolio.list_alliances(store)}
    finally:
        store.close()
    assert saved and saved <= present


def test_two_windows_on_one_file_work_safely(tmp_path: Path) -> None:
    """Two open portfolios on the same file can both save, concurrently, and see each other's
    work after a refresh; nothing is corrupted."""
    path = tmp_path / "shared.sqlite3"
    first, second = open_store(path), open_store(path, start_backup=False)
    errors = write_side_by_side(first, second, 40)
    try:
        assert errors == []
        names = {a.name for a in portfolio.list_alliances(first)}
        assert {f"one-{n}" for n in range(40)} <= names and {f"two-{n}" for n in range(40)} <= names
        assert len(portfolio.list_alliances(second)) == 80
    finally:
        first.close()
        second.close()
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()


def test_wal_and_backups_are_owner_only(store, db_path: Path) -> None:
    portfolio.create_alliance(store, draft())
    wal = db_path.with_name(db_path.name + "-wal")
    assert wal.exists() and stat.S_IMODE(wal.stat().st_mode) == 0o600
    made = backup.take_backup(db_path)
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    assert stat.S_IMODE(made.parent.stat().st_mode) == 0o700


class _NoNetwork(socket.socket):
    def __init__(self, family=-1, *args, **kwargs):
        if family in (socket.AF_INET, socket.AF_INET6, -1):
            raise AssertionError("Alliance Desk tried to open a network socket")
        super().__init__(family, *args, **kwargs)


def test_no_network_during_start_demo_and_pack_export(qtbot, tmp_path: Path, monkeypatch) -> None:
    """A full start on the demo portfolio and a pack export never open a network socket."""
    monkeypatch.setattr(socket, "socket", _NoNetwork)
    monkeypatch.setattr(
        socket,
        "create_connection",
        lambda *a, **k: (_ for _ in ()).throw(AssertionError("network")),
    )
    from PySide6.QtCore import QSettings

    from alliance_desk.app import build_window
    from alliance_desk.core.packs import Audience
    from alliance_desk.packs.compose import governance_pack
    from alliance_desk.packs.render import render
    from alliance_desk.store import packs

    window, error = build_window(
        None, True, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    )
    qtbot.addWidget(window)
    window.show()
    assert error is None
    store = window.desk.store
    alliance = portfolio.list_alliances(store)[0]
    render(
        governance_pack(packs.governance_inputs(store, alliance.id, None, Audience.PARTNER)),
        tmp_path / "p.pdf",
    )
    assert (tmp_path / "p.pdf").stat().st_size > 0
    store.close()
    assert os.environ.get("ALLIANCE_DESK_HOME")  # the test ran in its private data folder
