"""A team store named at start is reached, and its Today read, on a thread while Qt starts
(store/team_ahead.py): the window shows that Today and reads nothing of it again; whatever
goes wrong on the thread is met by the start as before (a password asked for)."""

from __future__ import annotations

from pathlib import Path

from alliance_desk.core import wall
from alliance_desk.store import portfolio, team_ahead
from alliance_desk.store.database import open_store
from alliance_desk.store.today import load_today
from tests.helpers import draft, start_in_fresh_process


def _with_an_alliance(url: str) -> None:
    store = open_store(url)
    try:
        portfolio.create_alliance(store, draft(name="Reached ahead"))
    finally:
        store.close()


def test_the_store_and_today_are_handed_over_once_and_only_for_that_store(team_database):
    _with_an_alliance(team_database)
    ahead = team_ahead.begin(team_database)
    assert ahead is not None
    store = ahead.opened(team_database)
    assert store is not None
    try:
        today = ahead.today_for(store, wall.today())
        assert today is not None and today.alliances == 1
        assert today == load_today(store)  # as read afresh
        assert ahead.today_for(store, wall.today()) is None  # handed over once
    finally:
        store.close()
    other = team_ahead.begin(team_database)
    assert other is not None
    assert other.opened("postgresql+psycopg://someone@elsewhere/db") is None
    assert other.store is None and other.today is None  # what it opened is closed
    yesterday = team_ahead.begin(team_database)
    assert yesterday is not None
    store = yesterday.opened(team_database)
    assert store is not None
    try:  # past midnight since: read again, as any start does
        assert yesterday.today_for(store, wall.today().replace(year=2000)) is None
    finally:
        store.close()
    for not_a_server in (None, "", str(Path("portfolio.sqlite3")), "sqlite:///x.sqlite3"):
        assert team_ahead.begin(not_a_server) is None


def test_a_password_the_server_asks_for_is_left_to_the_start(
    carol, make_window, qtbot, monkeypatch
) -> None:
    """The thread cannot sign in (no password in the URL): the start asks, as before, and the
    window opens on the store it signed in to."""
    from alliance_desk import app
    from tests.helpers import answer_dialog

    def type_password(dialog) -> None:
        dialog.setTextValue("carols-secret")
        dialog.accept()

    ahead = team_ahead.begin(carol)
    assert ahead is not None
    real = app.build_window
    monkeypatch.setattr(
        app, "build_window", lambda db, demo, settings: real(db, demo, settings, None, ahead)
    )
    answer_dialog(qtbot, type_password)
    window, error = make_window(db=carol)
    assert error is None and window.desk.store is not None
    assert window.desk.store.user.startswith("carol_")
    assert window.current_section() == "today" and window.today.shown is not None


READ_WHERE = """
import os, sys, threading
import alliance_desk.store.today as today_module
real, where = today_module.load_today, []

def spied(*args, **kwargs):
    where.append(threading.current_thread().name)
    return real(*args, **kwargs)

today_module.load_today = spied
from alliance_desk.app import start
app, window, error = start(sys.argv[1])
assert error is None, error
fresh = real(window.desk.store, policy=window.desk.policy)
print(where, window.current_section(), window.today.shown == fresh, window.today.shown.alliances)
os._exit(0)
"""

REMEMBERED = """
import os, sys, threading
from PySide6.QtCore import QSettings
from alliance_desk.app import APPLICATION, ORGANISATION
from alliance_desk.last_opened import LAST_DATABASE, REOPEN_LAST
remembered = QSettings(ORGANISATION, APPLICATION)  # as the window left them
remembered.setValue(LAST_DATABASE, sys.argv[1])
remembered.setValue(REOPEN_LAST, sys.argv[2] == "reopen")
remembered.sync()
import alliance_desk.store.today as today_module
real, where = today_module.load_today, []

def spied(*args, **kwargs):
    where.append(threading.current_thread().name)
    return real(*args, **kwargs)

today_module.load_today = spied
from alliance_desk.app import start
app, window, error = start(None)
store = window.desk.store
print(where, store.location.url == sys.argv[1] if store else None, window.today.shown.alliances)
os._exit(0)
"""

IMPORTS = """
import os, sys
from alliance_desk.app import import_data_layer
import_data_layer()
from alliance_desk.store import team_ahead
team_ahead.prepare()
before = set(sys.modules)
ahead = team_ahead.Ahead(sys.argv[1]).start()
store = ahead.opened(sys.argv[1])
assert store is not None and ahead.today is not None
print(sorted(set(sys.modules) - before))
os._exit(0)
"""


def test_a_start_on_a_named_team_store_reads_today_once_on_the_thread(
    team_database, tmp_path: Path, data_home
) -> None:
    """The app itself, in a new process: Today is read on the thread only, and the window
    shows what reading it afresh gives."""
    _with_an_alliance(team_database)
    printed = start_in_fresh_process(READ_WHERE, team_database, tmp_path / "config", data_home)
    assert printed == "['team-ahead'] today True 1"


def test_the_thread_imports_nothing(team_database, tmp_path: Path, data_home) -> None:
    """Everything the thread runs is imported before it begins: no module is ever half
    imported by two threads at once (the window's code loads meanwhile)."""
    printed = start_in_fresh_process(IMPORTS, team_database, tmp_path / "config", data_home)
    assert printed == "[]"


def test_the_team_store_a_start_reopens_is_reached_while_qt_starts(
    team_database, tmp_path: Path, data_home
) -> None:
    """No store named: the one the user's settings remember is reopened, and it is a team
    store, so it is reached and its Today read on the thread too (the settings read before
    Qt starts, with QtCore alone). With reopening turned off nothing is reached ahead."""
    _with_an_alliance(team_database)
    printed = start_in_fresh_process(
        REMEMBERED, team_database, tmp_path / "config", data_home, "reopen"
    )
    assert printed == "['team-ahead'] True 1"
    printed = start_in_fresh_process(
        REMEMBERED, team_database, tmp_path / "other", data_home, "not"
    )
    # read where the window is built, of a new portfolio file of its own
    assert printed == "['MainThread'] False 0"
