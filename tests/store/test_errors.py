"""Failures are told apart by SQLite's result code (and PostgreSQL's SQLSTATE), never by the
words of the message: a full disk says so, and only real damage is called damage."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from alliance_desk.store.errors import (
    CorruptDatabaseError,
    DiskError,
    DiskFullError,
    InUseError,
    ReadOnlyError,
    SaveError,
    server_failure,
    sqlite_failure,
)


def _error(code: int, message: str) -> sqlite3.Error:
    error = sqlite3.OperationalError(message)
    error.sqlite_errorcode = code
    error.sqlite_errorname = "SQLITE_TEST"
    return error


@pytest.mark.parametrize(
    ("code", "kind", "words"),
    [
        (sqlite3.SQLITE_FULL, DiskFullError, "disk is full"),
        (sqlite3.SQLITE_READONLY, ReadOnlyError, "read-only"),
        (sqlite3.SQLITE_READONLY | (4 << 8), ReadOnlyError, "read-only"),  # READONLY_DBMOVED
        (sqlite3.SQLITE_BUSY, InUseError, "Another program"),
        (sqlite3.SQLITE_LOCKED, InUseError, "Another program"),
        (sqlite3.SQLITE_CORRUPT, CorruptDatabaseError, "damaged"),
        (sqlite3.SQLITE_NOTADB, CorruptDatabaseError, "damaged"),
        (sqlite3.SQLITE_IOERR_WRITE, DiskError, "could not be written"),
        (sqlite3.SQLITE_IOERR_READ, DiskError, "could not be read"),
        (sqlite3.SQLITE_CANTOPEN, ReadOnlyError, "cannot be opened"),
    ],
)
def test_sqlite_failures_are_classified_by_code_not_by_text(code, kind, words) -> None:
    """The message text is deliberately misleading ("disk is full" on a lock, "corrupt" on
    a full disk): only the code decides. A full disk is never called damage."""
    for misleading in ("database disk image is malformed", "database or disk is full", "x"):
        problem = sqlite_failure(_error(code, misleading), "this change was not saved")
        assert isinstance(problem, kind) and words in str(problem)
        if kind is not CorruptDatabaseError:
            assert "damaged" not in str(problem) and "restore" not in str(problem).lower()


def test_a_full_disk_says_nothing_saved_was_lost() -> None:
    problem = sqlite_failure(_error(sqlite3.SQLITE_FULL, "?"), "this change was not saved")
    assert "Nothing saved before was lost" in str(problem)


def test_an_unknown_code_is_still_one_sentence() -> None:
    problem = sqlite_failure(_error(sqlite3.SQLITE_MISMATCH, "datatype mismatch"), "it failed")
    assert isinstance(problem, SaveError) and "\n" not in str(problem)


@pytest.mark.parametrize(
    ("state", "kind"),
    [("53100", DiskFullError), ("25006", ReadOnlyError), ("40P01", InUseError)],
)
def test_server_failures_are_classified_by_sqlstate(state: str, kind) -> None:
    assert isinstance(server_failure(state, "could not extend file", "not saved"), kind)


def test_a_full_disk_at_open_is_not_called_damage(db_path: Path) -> None:
    """Opening a sound file whose upgrade runs out of room: the disk is full, the file is
    left at its old revision, and the message says so — never "damaged, restore a backup";
    trying again and again takes no second backup of the same file."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from alliance_desk.store import backup
    from alliance_desk.store.database import open_store
    from alliance_desk.store.integrity import inspect_file
    from alliance_desk.store.location import resolve
    from alliance_desk.store.migrate import upgrade

    db_path.touch(mode=0o600)
    upgrade(resolve(db_path), "0005_escalations")

    def no_room(connection, _record) -> None:
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count={pages}")

    event.listen(Engine, "connect", no_room)
    try:
        for _ in range(5):  # every failing start: the same refusal, no extra backup each time
            with pytest.raises(DiskFullError) as caught:
                open_store(db_path)
    finally:
        event.remove(Engine, "connect", no_room)
    assert "disk is full" in str(caught.value) and "damaged" not in str(caught.value)
    assert inspect_file(db_path) == "0005_escalations"
    assert [info.reason for info in backup.list_backups(db_path)] == ["before-upgrade"]
    open_store(db_path).close()
    assert inspect_file(db_path) != "0005_escalations"
