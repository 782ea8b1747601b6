"""Is this file a sound portfolio? Read-only checks, with sqlite3 alone (no SQLAlchemy), so the
entry point can start the page-by-page check before anything else is imported.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from alliance_desk.store import backup
from alliance_desk.store.errors import (
    CorruptDatabaseError,
    NewerDatabaseError,
    NotADatabaseError,
    StoreError,
)
from alliance_desk.store.schema import KNOWN_REVISIONS

SQLITE_HEADER = b"SQLite format 3\x00"


def _quick_check(connection: sqlite3.Connection, path: Path) -> None:
    check = connection.execute("PRAGMA quick_check").fetchone()[0]
    if check != "ok":
        raise CorruptDatabaseError(
            f"{path} is damaged ({check}). It was left untouched; restore a backup from "
            f"{backup.backup_dir(path)}."
        )


def check_file(path: Path) -> None:
    """Read every page of a portfolio file (SQLite's quick_check); raise `CorruptDatabaseError`
    with a sentence for the user if it is damaged. Reads only."""
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            _quick_check(connection, path)
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise CorruptDatabaseError(
            f"{path} is damaged ({error}). It was left untouched; restore a backup from "
            f"{backup.backup_dir(path)}."
        ) from None


class CheckAside(threading.Thread):
    """`check_file` on another core while the app starts; `wait` gives its verdict."""

    def __init__(self, path: Path) -> None:
        super().__init__(name="integrity-check", daemon=True)
        self.path, self.problem = path, None
        self.start()

    def run(self) -> None:
        try:
            check_file(self.path)
        except StoreError as problem:
            self.problem = problem

    def wait(self) -> None:
        self.join()
        if self.problem is not None:
            raise self.problem


def inspect_file(path: Path, *, quick_check: bool = True) -> str | None:
    """Read a database file's schema revision without changing a byte of it.

    Returns None for a missing or brand-new empty file; raises a `StoreError` for a file that is
    not SQLite, is damaged, is someone else's database, or is newer than this app.
    `quick_check=False` leaves out reading every page (the caller runs `check_file` itself).
    """
    if not path.exists() or path.stat().st_size == 0:
        return None
    if path.is_dir():
        raise NotADatabaseError(f"{path} is a folder, not a portfolio file.")
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise NotADatabaseError(
            f"{path} is not an Alliance Desk portfolio (it is not an SQLite database). "
            "It was left untouched."
        )
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise CorruptDatabaseError(
            f"{path} cannot be opened: {error}. It was left untouched."
        ) from None
    try:
        if quick_check:
            _quick_check(connection, path)
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if not tables:
            return None
        if "alembic_version" not in tables:
            raise NotADatabaseError(
                f"{path} is an SQLite database, but not an Alliance Desk portfolio. "
                "It was left untouched."
            )
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as error:
        raise CorruptDatabaseError(
            f"{path} is damaged ({error}). It was left untouched; restore a backup from "
            f"{backup.backup_dir(path)}."
        ) from None
    finally:
        connection.close()
    revision = row[0] if row else None
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise NewerDatabaseError(
            f"{path} was saved by a newer version of Alliance Desk (schema {revision}). "
            "Update the app to open it; the file was left untouched."
        )
    return revision
