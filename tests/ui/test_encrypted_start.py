"""Starting on an encrypted portfolio: the window is built and its first section read while the
check of every page finishes on another core (each page is authenticated as it is read), yet
a damaged file is still refused before anything is shown or written, and the start-up backup
waits until the window has been up a moment."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from alliance_desk.store import backup, cipher, encryption
from alliance_desk.store.demo import create_demo
from alliance_desk.store.errors import CorruptDatabaseError
from tests.helpers import answer_dialog, digest, draft

SECRET = "start-sentinel-passphrase"
PAGE = 4096


def typed(dialog) -> None:
    dialog.entry.setText(SECRET)
    dialog.accept()


@pytest.fixture
def encrypted(tmp_path: Path) -> Path:
    path = create_demo(tmp_path / "portfolio.sqlite3")
    encryption.encrypt(path, SECRET)
    return path


def _root_page(path: Path, table: str) -> int:
    connection = cipher.connect(path, read_only=True)
    try:
        query = "SELECT rootpage FROM sqlite_master WHERE name = ?"
        return connection.execute(query, (table,)).fetchone()[0]
    finally:
        connection.close()


def _damage(path: Path, page: int) -> None:
    """Flip bytes in the middle of `page` (1-based), as a failing disk would."""
    with path.open("r+b") as handle:
        handle.seek((page - 1) * PAGE + PAGE // 2)
        chunk = handle.read(64)
        handle.seek((page - 1) * PAGE + PAGE // 2)
        handle.write(bytes(b ^ 0xFF for b in chunk))
    cipher._passphrases.clear()


@pytest.mark.parametrize(
    "table",
    [
        "alliances",  # read by the window as it is built (the alliance picker, Today)
        "search_index_data",  # read by no screen at start: only the check finds it
    ],
)
def test_a_damaged_encrypted_portfolio_is_refused_at_start_and_left_untouched(
    encrypted: Path, table: str, make_window, qtbot
) -> None:
    _damage(encrypted, _root_page(encrypted, table))
    before = digest(encrypted)
    answer_dialog(qtbot, typed)
    window, error = make_window(db=str(encrypted))
    assert window.desk.store is None
    assert error is not None and "damaged" in error
    assert window.today.pages.currentWidget() is window.today.welcome  # nothing of it shown
    qtbot.wait(50)
    assert digest(encrypted) == before


def test_a_sound_encrypted_portfolio_opens_with_today_read_and_its_check_passed(
    encrypted: Path, make_window, qtbot
) -> None:
    cipher._passphrases.clear()
    answer_dialog(qtbot, typed)
    window, error = make_window(db=str(encrypted))
    assert error is None and window.desk.store is not None
    assert window.today.shown is not None and window.today.shown.alliances
    assert window.desk.store._pending_check is None  # the verdict came before the window showed


def test_nothing_is_written_to_a_file_whose_check_has_not_passed(encrypted: Path) -> None:
    """A write waits for the check still running aside, and a damaged file refuses it."""
    from alliance_desk.store import portfolio
    from alliance_desk.store.database import open_store

    _damage(encrypted, _root_page(encrypted, "search_index_data"))
    cipher.unlock(encrypted, SECRET)
    before = digest(encrypted)
    store = open_store(encrypted, start_backup=False, check_aside=True)
    try:
        with pytest.raises(CorruptDatabaseError):
            portfolio.create_alliance(store, draft(name="Never written"))
    finally:
        store.close()
    assert digest(encrypted) == before


def test_the_start_check_reads_each_stored_table_where_the_library_would_rebuild_the_index(
    tmp_path: Path,
) -> None:
    """SQLite 3.44+ (SQLCipher's) would re-derive the whole search index from its text in a
    quick_check; the start checks each stored table instead, which still finds a damaged
    b-tree page — here in the search index's own storage, in a plain file read through
    SQLCipher's library."""
    import sqlcipher3.dbapi2 as sqlcipher

    from alliance_desk.store import integrity

    path = create_demo(tmp_path / "plain.sqlite3")
    raw = sqlite3.connect(path)
    root = raw.execute("SELECT rootpage FROM sqlite_master WHERE name = 'search_index_data'")
    page = root.fetchone()[0]
    raw.close()
    connection = sqlcipher.connect(str(path))
    assert integrity._checks_virtual_tables(connection)
    integrity._quick_check(connection, path)  # sound: passes
    connection.close()
    with path.open("r+b") as handle:  # a b-tree page header that no b-tree has
        handle.seek((page - 1) * PAGE + (100 if page == 1 else 0))
        handle.write(b"\x07")
    connection = sqlcipher.connect(str(path))
    try:
        # refused: by the check's verdict, or by SQLite failing to read the page at all
        # (`check_file` words either as "damaged")
        with pytest.raises((CorruptDatabaseError, sqlcipher.DatabaseError)):
            integrity._quick_check(connection, path)
    finally:
        connection.close()


def test_the_start_up_backup_waits_until_the_window_has_been_up(
    encrypted: Path, make_window, qtbot, monkeypatch
) -> None:
    from alliance_desk import app

    monkeypatch.setattr(app, "START_BACKUP_DELAY_MS", 300)
    cipher._passphrases.clear()
    answer_dialog(qtbot, typed)
    _window, error = make_window(db=str(encrypted))
    assert error is None
    assert backup.list_backups(encrypted) == []  # not while the window was being shown
    qtbot.waitUntil(lambda: len(backup.list_backups(encrypted)) == 1, timeout=10_000)
    taken = backup.list_backups(encrypted)[0].path
    assert cipher.looks_encrypted(taken)  # encrypted alike


def test_a_damaged_encrypted_portfolio_is_refused_after_a_mistyped_passphrase_too(
    encrypted: Path, make_window, qtbot
) -> None:
    """The check begun with a wrong passphrase says nothing about the file; the one begun
    with the right passphrase still reads every page before anything is shown."""
    _damage(encrypted, _root_page(encrypted, "search_index_data"))
    before = digest(encrypted)

    def mistyped(dialog) -> None:
        dialog.entry.setText("not " + SECRET)
        dialog.accept()

    answer_dialog(qtbot, mistyped, typed)
    window, error = make_window(db=str(encrypted))
    assert window.desk.store is None
    assert error is not None and "damaged" in error
    assert window.today.pages.currentWidget() is window.today.welcome
    assert digest(encrypted) == before


def test_the_start_check_of_a_sound_file_is_one_statement_that_yields_no_row(
    encrypted: Path,
) -> None:
    """The check runs beside the window's thread, and each statement it runs and each row it
    is handed takes the interpreter back from that thread, after a wait of up to 5 ms: a row
    per table (and a query for their names) made the encrypted start's check ≈ 100 such
    waits late, and the window stall as often. A damaged file still fails it (above)."""
    import sqlcipher3.dbapi2 as sqlcipher

    from alliance_desk.store import integrity

    handed: list[tuple] = []

    class Counted(sqlcipher.Cursor):
        def fetchall(self) -> list:
            rows = super().fetchall()
            handed.extend(rows)
            return rows

        def fetchone(self):
            row = super().fetchone()
            handed.extend([row] if row is not None else [])
            return row

    class Counting(sqlcipher.Connection):
        def cursor(self, factory=Counted):
            return super().cursor(factory)

    cipher.unlock(encrypted, SECRET)
    key = cipher.key_for(encrypted, SECRET)
    connection = cipher.open_keyed(str(encrypted), key, factory=Counting)
    statements: list[str] = []
    connection.set_trace_callback(statements.append)
    try:
        integrity._quick_check(connection, encrypted)
    finally:
        connection.close()
    assert len([sql for sql in statements if not sql.startswith("-- ")]) == 1  # not nested
    assert handed == []


def test_todays_first_statement_is_built_while_the_key_is_derived(
    encrypted: Path, make_window, qtbot, monkeypatch
) -> None:
    """The start builds what Today reads first before the key exists (it has the time: the
    key takes longer to derive than the window to build), and Today's first load runs that
    statement instead of building it again once the file is open."""
    from alliance_desk.store import batch, today

    cipher._passphrases.clear()
    batch._PREPARED.clear()
    built: list[bool] = []  # for each build: whether the file was unlocked already
    real = today.today_queries

    def recorded(*args, **kwargs):
        built.append(cipher.passphrase_for(encrypted) is not None)
        return real(*args, **kwargs)

    monkeypatch.setattr(today, "today_queries", recorded)
    answer_dialog(qtbot, typed)
    window, error = make_window(db=str(encrypted))
    assert error is None and window.today.shown is not None
    assert built == [False]  # once, before the unlock
