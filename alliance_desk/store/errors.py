"""Why the store refused to open or to save, in words meant for the user.

SQLite failures are told apart by their result code, never by their message text (which
changes between SQLite versions and languages): a full disk says the disk is full and that
nothing saved was lost, a read-only file says so, and only SQLITE_CORRUPT / SQLITE_NOTADB call
a file damaged. qutebrowser's `misc/sql.py` draws the same line.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


class StoreError(Exception):
    """The database cannot be used as asked. `str(error)` is a sentence for the user.

    `backup`: a backup that opens cleanly, offered when the file itself cannot be used.
    """

    def __init__(self, message: str = "", *, backup: Path | None = None) -> None:
        super().__init__(message)
        self.backup = backup


class NotADatabaseError(StoreError):
    """The file is not an SQLite database, or not one of ours."""


class CorruptDatabaseError(StoreError):
    """SQLite reports damage in the file."""


class UnfinishedFileError(StoreError):
    """The file's tables do not match the schema revision it records: an upgrade or the
    creation of the file was interrupted (by an older version of the app)."""


class NewerDatabaseError(StoreError):
    """The file was written by a newer Alliance Desk than this one."""


class ConflictError(StoreError):
    """Someone else (another window, a teammate on the shared store) saved the record after
    this edit began: it was not saved, so their change is not silently overwritten."""


class PasswordRequired(StoreError):
    """The team store asks for a password that was not given, or refused the one given."""


class SaveError(StoreError):
    """A change could not be written (disk full, file read-only, locked by another program)."""


class DiskFullError(SaveError):
    """The disk (or the database's size limit) is full; what was saved before is intact."""


class ReadOnlyError(SaveError):
    """The file, its folder or the server's transaction is read-only."""


class InUseError(SaveError):
    """Another program holds a lock on the database."""


class BusyError(InUseError):
    """The team store did not answer in time: a lock held by someone else, or a statement
    that ran past the session's limit (`lock_timeout`, `statement_timeout`)."""


class RetryableError(InUseError):
    """A serialization failure or deadlock on the team store: nothing was written, and the same
    work, done again at once, normally succeeds (every write operation does so once: see
    `store/retry.py`)."""


class ConnectionLostError(RetryableError):
    """The connection to the team store was lost before the change was committed: the server
    rolled it back, so doing it again on a new connection is safe."""


class DiskError(SaveError):
    """The operating system reported an input/output error."""


# SQLite's result codes (https://sqlite.org/rescode.html); an extended code's low byte is
# its primary code.
_FULL = {sqlite3.SQLITE_FULL}
_READ_ONLY = {sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH}
_BUSY = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}
_DAMAGED = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}
_READING = {sqlite3.SQLITE_IOERR_READ, sqlite3.SQLITE_IOERR_SHORT_READ}


def sqlite_failure(error: Exception, outcome: str, path: Path | None = None) -> StoreError:
    """The `StoreError` for an SQLite failure, classified by its result code.

    `outcome` completes "…, so {outcome}", e.g. "this change was not saved".
    """
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    where = f"The portfolio file {path}" if path else "The portfolio file"
    if primary in _FULL:
        return DiskFullError(
            f"The disk is full, so {outcome}. Nothing saved before was lost; free some space "
            "and try again."
        )
    if primary in _READ_ONLY:
        return ReadOnlyError(f"{where} or its folder is read-only, so {outcome}.")
    if primary in _BUSY:
        return InUseError(f"Another program is using the portfolio file, so {outcome}. Try again.")
    if primary in _DAMAGED:
        return CorruptDatabaseError(
            f"{where} is damaged ({error}), so {outcome}. It was left untouched."
        )
    if primary == sqlite3.SQLITE_CANTOPEN:
        return ReadOnlyError(
            f"{where} cannot be opened (its folder may be missing or not writable), so {outcome}."
        )
    if primary == sqlite3.SQLITE_IOERR and code in _READING:
        return DiskError(
            f"{where} could not be read from the disk (an input/output error), so {outcome}. "
            "Check the disk, then run `alliance-desk check`."
        )
    if primary == sqlite3.SQLITE_IOERR:
        return DiskError(
            f"The disk could not be written (an input/output error, or no room left), so "
            f"{outcome}. Nothing saved before was lost; free some space or check the disk."
        )
    if primary == sqlite3.SQLITE_NOMEM:
        return SaveError(f"The computer ran out of memory, so {outcome}.")
    name = getattr(error, "sqlite_errorname", type(error).__name__)
    return SaveError(f"{outcome[0].upper()}{outcome[1:]} ({name}: {error}).")


# The server ended the session: administrator, crash, or shutting down (class 08 too).
LOST_CONNECTION = {"57P01", "57P02", "57P03", "57P05"}


# PostgreSQL's SQLSTATE classes (https://www.postgresql.org/docs/current/errcodes-appendix.html).
def server_failure(
    sqlstate: str | None, detail: str, outcome: str, *, committing: bool = False
) -> StoreError:
    """The `StoreError` for a PostgreSQL failure, classified by its SQLSTATE. `committing`:
    it came in answer to COMMIT, when a lost connection leaves the outcome unknown."""
    state = sqlstate or ""
    first = detail.strip().splitlines()[0] if detail.strip() else "unknown error"
    if state == "53100" or state.startswith("53"):
        return DiskFullError(
            f"The team store's server is out of space, so {outcome}. Nothing saved before was lost."
        )
    if state == "25006":
        return ReadOnlyError(f"The team store is read-only for this connection, so {outcome}.")
    if state == "42501":
        return ReadOnlyError(
            f"Your role on the team store may not make this change ({first}), so {outcome}."
        )
    if state in ("28P01", "28000"):
        return PasswordRequired(
            f"The team store did not accept your login ({first}), so {outcome}."
        )
    if state == "55P03":
        return BusyError(
            f"The team store is busy: someone is holding the records this needs, so {outcome}. "
            "Try again in a moment."
        )
    if state == "57014":
        return BusyError(
            f"The team store is busy: it did not answer in time, so {outcome}. "
            "Try again in a moment."
        )
    if state in ("40001", "40P01"):
        return RetryableError(
            f"Someone else was changing the same records, so {outcome}. Try again."
        )
    if state in LOST_CONNECTION or state.startswith("08"):
        if committing:  # the server may have committed before the line went down
            return SaveError(
                "The connection to the team store was lost just as this change was being "
                "saved, so whether it was saved is not known. Look before saving it again."
            )
        return ConnectionLostError(
            f"The connection to the team store was lost, so {outcome}. Try again."
        )
    return SaveError(f"{outcome[0].upper()}{outcome[1:]}: {first}")
