"""Is this file a sound portfolio? Read-only checks, with sqlite3 alone (no SQLAlchemy), so the
entry point can start the page-by-page check before anything else is imported.

A file is one of ours when its `alembic_version` names one of our revisions and its tables and
columns are exactly those of that revision (compared by a fingerprint of their names: one
query, well under a millisecond), or when it is brand new: missing, 0 bytes, or an SQLite file
without a single table. Anything else is refused and never written to.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import threading
from pathlib import Path

from alliance_desk.store import cipher
from alliance_desk.store.errors import (
    CorruptDatabaseError,
    NewerDatabaseError,
    NotADatabaseError,
    StoreError,
    UnfinishedFileError,
    sqlite_failure,
)
from alliance_desk.store.schema import FINGERPRINTS, KNOWN_REVISIONS

SQLITE_HEADER = cipher.SQLITE_HEADER
OUR_REVISION = re.compile(r"^\d{4}_[a-z0-9_]+$")  # how our revision ids are spelled
_UNTOUCHED = "It was left untouched"

_SCHEMA_NAMES = """
SELECT m.type, m.name, m.tbl_name, coalesce(c.name, '')
FROM sqlite_master AS m LEFT JOIN pragma_table_info(m.name) AS c ON m.type = 'table'
WHERE m.name NOT LIKE 'sqlite_%'
ORDER BY m.type, m.name, c.cid
"""


def fingerprint(connection: sqlite3.Connection) -> str:
    """A short digest of the names of every table, column, index and trigger: what a
    revision's schema is made of. Equal digests mean the same schema, whatever SQL text
    created it (a file upgraded step by step and one created at head compare equal)."""
    lines = "\n".join("|".join(row) for row in connection.execute(_SCHEMA_NAMES))
    return hashlib.sha256(lines.encode()).hexdigest()[:16]


def read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write to `path` (or create it); keyed if it is encrypted."""
    return cipher.connect(path, read_only=True)


def _damaged(path: Path, detail: object) -> CorruptDatabaseError:
    return CorruptDatabaseError(f"{path} is damaged ({detail}). {_UNTOUCHED}.")


def _failure(error: Exception, path: Path) -> StoreError:
    """A failure to read `path`: damage only when SQLite says so by its code (and a wrong
    passphrase is never called damage)."""
    if cipher.is_wrong_key(error, path):
        return cipher.wrong(path)
    problem = sqlite_failure(error, "it was not opened", path)
    if isinstance(problem, CorruptDatabaseError):
        return _damaged(path, error)
    return problem


# Each stored table checked in turn, in one statement that yields one row at most (the first
# problem found). The check runs on its own thread beside the window's: every row a statement
# yields (and every statement) takes the interpreter back from the window's thread, which
# hands it over only after its switch interval (5 ms) — with a row per table and a query for
# their names, ≈ 100 hand-overs, each one a wait for the check (measured: up to 0.5 s on a
# busy machine) and a stall for the window. Python code on that thread would also let the
# cycle collector run there, among the window's Qt objects.
_EVERY_STORED_TABLE = """
SELECT checked.quick_check
FROM sqlite_master AS stored, pragma_quick_check(stored.name) AS checked
WHERE stored.type = 'table' AND stored.rootpage > 0 AND checked.quick_check <> 'ok'
LIMIT 1
"""


def _checks_virtual_tables(connection: sqlite3.Connection) -> bool:
    """SQLite 3.44 and later make `quick_check` also run each virtual table's own check: for
    the search index (FTS5) that rebuilds every word from the text, ≈ 5 × the rest of the
    check on the heavy portfolio (SQLCipher's library is that new; Python's own may be).
    Read from the library's module, not asked with a query (see `_EVERY_STORED_TABLE`)."""
    version = cipher.library_version(connection)
    return tuple(int(part) for part in version.split(".")[:2]) >= (3, 44)


def _quick_check(connection: sqlite3.Connection, path: Path, *, whole: bool = False) -> None:
    """Read every page of every table and index and check their structure. Where the library
    would also re-derive the search index from its text (≈ 5 × the rest of the check), the
    start checks each stored table in turn instead — the index's own shadow tables among
    them, so every page that holds data is still read and checked; the index's words against
    its text are `alliance-desk check`'s part (`check_search_index`). `whole`: the check of
    the file as one (pages used twice or never, the free list) and, for an encrypted file,
    every page's authentication code, free pages too (SQLCipher's `cipher_integrity_check`;
    pages in use are authenticated as they are read either way)."""
    if whole or not _checks_virtual_tables(connection):
        checks = [connection.execute("PRAGMA quick_check").fetchone()[0]]
    else:
        checks = [row[0] for row in connection.execute(_EVERY_STORED_TABLE).fetchall()]
    if whole and cipher.is_sqlcipher(connection):
        checks += [row[0] for row in connection.execute("PRAGMA cipher_integrity_check")]
    problems = [check for check in checks if check != "ok"]
    if problems:
        raise _damaged(path, problems[0])


def check_file(path: Path, *, whole: bool = False, secret: str | None = None) -> None:
    """Read every page of a portfolio file (SQLite's quick_check); raise `CorruptDatabaseError`
    with a sentence for the user if it is damaged. Reads only. `whole`: `alliance-desk
    check`'s thorough check (see `_quick_check`). `secret`: the passphrase of an encrypted
    file not unlocked yet (`check_ahead`)."""
    try:
        connection = read_only(path) if secret is None else cipher.open_to_read(path, secret)
        try:
            _quick_check(connection, path, whole=whole)
        finally:
            connection.close()
    except cipher.ERRORS as error:
        raise _failure(error, path) from None


def check_search_index(path: Path) -> None:
    """FTS5's own integrity check of the search index (migration 0024): its words match the
    text it holds. Raise `CorruptDatabaseError` if not. Changes nothing (FTS5 spells the
    check as an INSERT, so it needs a connection that could write; it is rolled back)."""
    try:
        connection = cipher.connect(path, isolation_level=None)
        try:
            tables = connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_index'"
            )
            if tables.fetchone() is None:
                return
            connection.execute("BEGIN")
            connection.execute(
                "INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 0)"
            )
            connection.execute("ROLLBACK")
        finally:
            connection.close()
    except cipher.ERRORS as error:
        problem = _failure(error, path)
        if isinstance(problem, CorruptDatabaseError) or "malformed" in str(error):
            raise _damaged(path, f"its search index does not match its text: {error}") from None
        raise problem from None


class CheckAside(threading.Thread):
    """`check_file` on another core while the app starts; `wait` gives its verdict."""

    def __init__(self, path: Path, secret: str | None = None) -> None:
        super().__init__(name="integrity-check", daemon=True)
        self.path = path
        self.secret = secret  # an encrypted file's, before it is unlocked (`check_ahead`)
        self.problem: StoreError | None = None
        self.start()

    def run(self) -> None:
        try:
            check_file(self.path, secret=self.secret)
        except StoreError as problem:
            self.problem = problem

    def wait(self) -> None:
        self.join()
        if self.problem is not None:
            raise self.problem


_ahead: dict[Path, CheckAside] = {}


def check_ahead(path: Path, secret: str) -> None:
    """Begin the start's page check of the encrypted file `path` now: its thread waits for the
    key `cipher.prepare` is deriving from `secret` and reads every page the moment it exists,
    while the window is still being built, not once the file is opened after it. `open_store`
    takes it over (`taken_ahead`) when `secret` has unlocked the file."""
    if cipher.looks_encrypted(path):
        _ahead[path.resolve()] = CheckAside(path, secret)


def taken_ahead(path: Path, secret: str | None) -> CheckAside | None:
    """The check `check_ahead` began on `path`, if it was begun with `secret` (the passphrase
    that unlocked it); it is handed out once, and a wrong passphrase's (None) is dropped."""
    check = _ahead.pop(path.resolve(), None)
    return check if check is not None and secret is not None and check.secret == secret else None


def check_early(path: Path | None) -> CheckAside | None:
    """Begin reading every page of an existing portfolio file now, on another core, so that
    the check overlaps the imports made before the file is opened (`open_store` takes it as
    its `started_check`). None for a server, no file or an empty one, and an encrypted file
    whose passphrase this process does not hold yet."""
    if path is None or not path.is_file() or is_new(path) or cipher.needs_passphrase(path):
        return None
    return CheckAside(path)


def is_new(path: Path) -> bool:
    """True for a path with no file yet or an empty (0-byte) file: a new portfolio goes there."""
    try:
        return not path.exists() or (path.is_file() and path.stat().st_size == 0)
    except OSError:
        return False


def inspect_file(path: Path, *, quick_check: bool = True, full: bool = False) -> str | None:
    """Read a database file's schema revision without changing a byte of it.

    Returns None for a new file (missing, 0 bytes, or SQLite without any table); raises a
    `StoreError` for a file that is not SQLite, is damaged, is someone else's database, was
    left half-way through an upgrade or its creation, or is newer than this app.
    `quick_check=False` leaves out reading every page (the caller runs `check_file` itself);
    `full=True` runs SQLite's complete `integrity_check` instead (slower, for restores).
    """
    if is_new(path):
        return None
    if path.is_dir():
        raise NotADatabaseError(f"{path} is a folder, not a portfolio file.")
    if not path.is_file():
        raise NotADatabaseError(f"{path} is not an ordinary file, so it is not a portfolio.")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise StoreError(f"{path} cannot be read: {error.strerror}. {_UNTOUCHED}.") from None
    if header != SQLITE_HEADER and cipher.looks_encrypted(path):
        if cipher.passphrase_for(path) is None:
            raise cipher.PassphraseNeeded(
                f"{path} is encrypted: its passphrase is needed to open it "
                "(or it is not a portfolio at all)."
            )
    elif header != SQLITE_HEADER:
        raise NotADatabaseError(
            f"{path} is not an Alliance Desk portfolio (it is not an SQLite database). "
            f"{_UNTOUCHED}."
        )
    try:
        connection = read_only(path)
        try:
            return _revision_of(connection, path, quick_check, full)
        finally:
            connection.close()
    except cipher.ERRORS as error:
        raise _failure(error, path) from None


def _revision_of(connection: sqlite3.Connection, path: Path, quick_check: bool, full: bool):
    if full:
        rows = connection.execute("PRAGMA integrity_check").fetchall()
        if [row[0] for row in rows] != ["ok"]:
            raise _damaged(path, "; ".join(row[0] for row in rows[:3]))
    elif quick_check:
        _quick_check(connection, path)
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    if not tables:
        return None
    if "alembic_version" not in tables:
        raise NotADatabaseError(
            f"{path} is an SQLite database, but not an Alliance Desk portfolio. {_UNTOUCHED}."
        )
    rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    if len(rows) != 1:
        raise UnfinishedFileError(
            f"{path} has tables but no Alliance Desk schema revision: its creation was "
            "interrupted, or it belongs to another program. "
            f"{_UNTOUCHED}; move it away to start a new portfolio there."
        )
    (revision,) = rows[0]
    if revision not in KNOWN_REVISIONS:
        if isinstance(revision, str) and OUR_REVISION.match(revision) and "alliances" in tables:
            raise NewerDatabaseError(
                f"{path} was saved by a newer version of Alliance Desk (schema {revision}). "
                f"Update the app to open it; {_UNTOUCHED[0].lower()}{_UNTOUCHED[1:]}."
            )
        raise NotADatabaseError(
            f"{path} is an SQLite database, but not an Alliance Desk portfolio (its schema "
            f"revision {str(revision)[:40]!r} is not one of ours). {_UNTOUCHED}."
        )
    expected = FINGERPRINTS.get(revision)
    if expected is not None and fingerprint(connection) != expected:
        raise UnfinishedFileError(
            f"{path} was left half-way through a change of its format: its tables do not "
            f"match the schema it records ({revision}). {_UNTOUCHED}."
        )
    return revision


def healthy(path: Path, *, full: bool = False) -> str | None:
    """The revision of a portfolio that opens cleanly (what a backup must be to be worth
    restoring), or None when it would not: missing, empty, damaged, foreign or unfinished."""
    try:
        return inspect_file(path, full=full)
    except StoreError:
        return None
