"""Rotating backups taken with SQLite's online backup API, kept in `backups/` beside the database.

The backup API copies a consistent snapshot even while the window has the file open, which a
plain file copy of a WAL database does not. A backup is built under a partial name and renamed
into place once complete, so the folder only ever lists whole backups; pruning never removes
the newest backup that opens cleanly, so there is always one worth restoring.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from alliance_desk.core.dates import clock, shown
from alliance_desk.core.files import DISK_FULL, describe_os_error, sync_folder
from alliance_desk.store import cipher
from alliance_desk.store.errors import (
    DiskFullError,
    NewerDatabaseError,
    StoreError,
    sqlite_failure,
)
from alliance_desk.store.integrity import healthy, inspect_file, is_new, read_only
from alliance_desk.store.location import make_private_dir, partial_path, remove_leftovers

DEFAULT_KEEP = 10
_STAMP = "%Y%m%d-%H%M%S-%f"
_SIDE_FILES = ("-wal", "-shm", "-journal")
_COPY_ERRORS: tuple[type[Exception], ...] = (*cipher.ERRORS, OSError)


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    reason: str
    size: int


def backup_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


def _pattern(db_path: Path) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(db_path.stem)}-(\d{{8}}-\d{{6}}-\d{{6}})-([a-z-]+)\.sqlite3$")


def list_backups(db_path: Path) -> list[BackupInfo]:
    """Backups of this database, newest first (files still being written are not listed)."""
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    pattern = _pattern(db_path)
    found = []
    for entry in folder.iterdir():
        match = pattern.match(entry.name)
        if match and entry.is_file():
            taken = datetime.strptime(match.group(1), _STAMP)
            found.append(BackupInfo(entry, taken, match.group(2), entry.stat().st_size))
    return sorted(found, key=lambda info: info.taken_at, reverse=True)


def remove_leftovers_of(db_path: Path) -> list[Path]:
    """Partial files a crash left beside the portfolio or among its backups (run at start)."""
    removed = remove_leftovers(db_path.parent, db_path.name + ".")
    return removed + remove_leftovers(backup_dir(db_path), db_path.stem + "-")


def check_limits(keep: int, max_age_days: int | None) -> None:
    """Refuse settings that would delete backups the user did not mean to lose."""
    if isinstance(keep, bool) or not isinstance(keep, int) or keep < 1:
        raise StoreError(f"The number of backups to keep must be 1 or more (not {keep}).")
    if max_age_days is not None and (
        isinstance(max_age_days, bool) or not isinstance(max_age_days, int) or max_age_days < 1
    ):
        raise StoreError(f"The age limit for backups must be 1 day or more (not {max_age_days}).")


def _write_failure(error: Exception, what: str) -> StoreError:
    """A failure to write a copy, in words: a full disk says so (never "damaged")."""
    if not isinstance(error, OSError):
        return sqlite_failure(error, f"{what} was not made")
    problem = StoreError(f"{what[0].upper()}{what[1:]} was not made: {describe_os_error(error)}.")
    if error.errno in DISK_FULL:
        problem = DiskFullError(
            f"The disk is full, so {what} was not made. Nothing saved before was lost; free "
            "some space and try again."
        )
    return problem


def copy_database(source: Path, destination: Path) -> None:
    """Copy `source` into a new file `destination` (owner-only) through the backup API.

    The copy is built under a partial name and renamed into place only once complete; on any
    failure the partial file is removed and `StoreError` says why (a full disk says so)."""
    partial = partial_path(destination)
    try:
        os.close(os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600))
        _sqlite_copy(source, partial)
        os.replace(partial, destination)
    except _COPY_ERRORS as error:
        _remove(partial)
        raise _write_failure(error, f"the copy {destination.name}") from None
    except BaseException:
        _remove(partial)
        raise
    sync_folder(destination.parent)


def _remove(path: Path) -> None:
    for suffix in ("", *_SIDE_FILES):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _sqlite_copy(source: Path | sqlite3.Connection, destination: Path) -> None:
    """Copy a database page by page with SQLite's backup API (a consistent snapshot), into a
    rollback-journal file synced to disk before it counts."""
    src = read_only(source) if isinstance(source, Path) else source
    try:
        dst = cipher.connect(destination)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
            dst.execute("PRAGMA synchronous=FULL")
        finally:
            dst.close()
        with open(destination, "rb+") as handle:
            os.fsync(handle.fileno())
    finally:
        if isinstance(source, Path):
            src.close()


def take_backup(
    db_path: Path,
    *,
    reason: str = "manual",
    keep: int = DEFAULT_KEEP,
    max_age_days: int | None = None,
) -> Path:
    """Back up `db_path` now, then prune so that at most `keep` remain, none older than
    `max_age_days` — but never the newest backup that opens cleanly. Returns the new file."""
    check_limits(keep, max_age_days)
    folder = backup_dir(db_path)
    try:
        make_private_dir(folder)
        os.chmod(folder, 0o700)
    except OSError as error:
        raise _write_failure(error, "the backup") from None
    stamp = datetime.now().strftime(_STAMP)
    destination = folder / f"{db_path.stem}-{stamp}-{reason}.sqlite3"
    copy_database(db_path, destination)
    prune_backups(db_path, keep=keep, max_age_days=max_age_days)
    return destination


def newest_healthy(db_path: Path, *, skip: Path | None = None) -> BackupInfo | None:
    """The newest backup that opens cleanly at a known revision (the one worth restoring)."""
    for info in list_backups(db_path):
        if info.path != skip and healthy(info.path):
            return info
    return None


WHY = {
    "before-upgrade": "before an upgrade",
    "before-restore": "before a restore",
    "before-demo": "before the demo replaced it",
    "start": "at a start",
    "manual": "on request",
}


def offer_for(problem: StoreError, db_path: Path | None) -> StoreError:
    """`problem`, with the newest backup of `db_path` that opens cleanly as its `backup` and
    named in its sentence, for a file the app refuses to open (a newer app's file needs none).
    How to restore it is each surface's to say: a button in the window, a command in a shell."""
    if db_path is None or problem.backup:
        return problem
    if isinstance(problem, (NewerDatabaseError, cipher.PassphraseNeeded, cipher.WrongPassphrase)):
        return problem
    info = newest_healthy(db_path)
    if info is None:
        return problem
    why = WHY.get(info.reason, info.reason.replace("-", " "))
    return type(problem)(
        f"{problem} A backup that opens cleanly was taken {why} on "
        f"{shown(info.taken_at)} at {clock(info.taken_at)}.",
        backup=info.path,
    )


def prune_backups(
    db_path: Path, *, keep: int = DEFAULT_KEEP, max_age_days: int | None = None
) -> list[Path]:
    """Delete all but the newest `keep` backups, and (with `max_age_days`) any older than that
    — except the newest one, and the newest one that opens cleanly, which are always kept.
    Returns what was removed."""
    check_limits(keep, max_age_days)
    backups = list_backups(db_path)
    cutoff = datetime.now().timestamp() - max_age_days * 86400 if max_age_days else None
    too_old = [
        index > 0 and cutoff is not None and info.taken_at.timestamp() < cutoff
        for index, info in enumerate(backups)
    ]
    doomed = [info for index, info in enumerate(backups) if index >= keep or too_old[index]]
    if not doomed:
        return []
    spared = newest_healthy(db_path)
    removed = []
    for info in doomed:
        if spared is not None and info.path == spared.path:
            continue
        _remove(info.path)
        removed.append(info.path)
    return removed


def describe(backup_path: Path) -> str:
    """What a backup holds, in a few words (e.g. "7 alliances, 43 people, 12 escalations")."""
    counts = []
    connection = read_only(backup_path)
    try:
        for table, noun in (
            ("alliances", "alliances"),
            ("people", "people"),
            ("escalations", "escalations"),
        ):
            try:
                where = " WHERE deleted_at IS NULL" if table == "alliances" else ""
                number = connection.execute(f"SELECT count(*) FROM {table}{where}").fetchone()[0]
            except cipher.ERRORS:
                continue
            counts.append(f"{number} {noun}")
    finally:
        connection.close()
    return ", ".join(counts) or "empty"


def integrity(db_path: Path) -> str:
    """SQLite's full integrity check: "ok", or what is wrong."""
    try:
        connection = read_only(db_path)
        try:
            rows = connection.execute("PRAGMA integrity_check").fetchall()
        finally:
            connection.close()
    except cipher.ERRORS as error:
        return str(sqlite_failure(error, "it could not be checked", db_path))
    return "; ".join(row[0] for row in rows)


def _last_modified(db_path: Path) -> float:
    times = [db_path.stat().st_mtime]
    wal = db_path.with_name(db_path.name + "-wal")
    if wal.exists():
        times.append(wal.stat().st_mtime)
    return max(times)


def is_current(db_path: Path) -> bool:
    """True when the newest backup was taken after the file last changed (so it holds what
    the file holds: another one would only rotate an older backup away)."""
    backups = list_backups(db_path)
    return bool(backups) and backups[0].path.stat().st_mtime >= _last_modified(db_path)


def backup_if_changed(
    db_path: Path, *, keep: int = DEFAULT_KEEP, max_age_days: int | None = None
) -> Path | None:
    """The start-up backup: skipped when the newest backup is younger than the last change, so
    that restarting the app ten times never rotates a useful backup out. Backups past
    `max_age_days` are pruned either way (the newest is always kept)."""
    check_limits(keep, max_age_days)
    if is_new(db_path):
        return None
    if is_current(db_path):
        prune_backups(db_path, keep=keep, max_age_days=max_age_days)
        return None
    return take_backup(db_path, reason="start", keep=keep, max_age_days=max_age_days)


def restore_backup(db_path: Path, backup_path: Path, *, keep: int = DEFAULT_KEEP) -> Path | None:
    """Replace the database's content with a backup's. The current content is backed up first
    (returned; None when there was no portfolio), so a restore can itself be undone.

    Only a healthy Alliance Desk portfolio at a known revision is accepted (SQLite's complete
    integrity check, tables as its revision says); anything else is refused with the reason
    and nothing changes. A sound current file is overwritten through the backup API, in one
    transaction that other open windows respect; an unsound one is replaced by a verified copy.
    """
    check_limits(keep, None)
    backup_path = Path(backup_path)
    if backup_path.resolve() == db_path.resolve():
        raise StoreError(f"{backup_path} is the portfolio itself, not a backup of it.")
    if not backup_path.exists():
        raise StoreError(f"There is no backup at {backup_path}; nothing was restored.")
    if is_new(backup_path):
        raise StoreError(f"{backup_path} is empty (0 bytes), not a backup; nothing was restored.")
    try:
        revision = inspect_file(backup_path, full=True)
    except StoreError as error:
        raise type(error)(f"Nothing was restored: {error}") from None
    if revision is None:
        raise StoreError(f"{backup_path} holds no portfolio (no tables); nothing was restored.")
    if not db_path.parent.is_dir():
        raise StoreError(f"The folder {db_path.parent} does not exist; nothing was restored.")
    if not is_new(db_path) and cipher.keyed(backup_path) != cipher.keyed(db_path):
        state = "encrypted" if cipher.keyed(db_path) else "plain"
        raise StoreError(
            f"{backup_path} is not {state} as the portfolio is; nothing was restored. "
            "Encrypt or decrypt one of them first."
        )
    sound = healthy(db_path) is not None
    safety = safety_copy(db_path, keep, sound=sound)
    if sound:
        _copy_into_live(backup_path, db_path)
    else:
        _replace_with_copy(backup_path, db_path)
    return safety


def _copy_into_live(backup_path: Path, db_path: Path) -> None:
    """The backup's pages written over the open portfolio in one transaction: a crash part
    way leaves the portfolio as it was."""
    try:
        source = read_only(backup_path)
        try:
            target = cipher.connect(db_path, timeout=10)
            try:
                source.backup(target)
            finally:
                target.close()
        finally:
            source.close()
    except cipher.ERRORS as error:
        raise sqlite_failure(error, "nothing was restored", db_path) from None


def _replace_with_copy(backup_path: Path, db_path: Path) -> None:
    """Build the restored file beside the portfolio and rename it into place."""
    aside = partial_path(db_path)
    try:
        os.close(os.open(aside, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600))
        _sqlite_copy(backup_path, aside)
        if healthy(aside) is None:
            raise StoreError(f"The copy of {backup_path} did not read back; nothing was restored.")
        for suffix in _SIDE_FILES:  # they belong to the file being replaced
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        os.replace(aside, db_path)
    except _COPY_ERRORS as error:
        _remove(aside)
        raise _write_failure(error, "the restored portfolio") from None
    except BaseException:
        _remove(aside)
        raise
    sync_folder(db_path.parent)


def safety_copy(db_path: Path, keep: int, *, sound: bool) -> Path | None:
    """Back up what is at `db_path` before it is replaced: through the backup API when it is
    a `sound` portfolio, byte for byte (with its journal) when it is not, so that even a file
    the app refuses stays reachable."""
    if is_new(db_path):
        return None
    if sound:
        return take_backup(db_path, reason="before-restore", keep=keep + 1)
    folder = backup_dir(db_path)
    stamp = datetime.now().strftime(_STAMP)
    destination = folder / f"{db_path.stem}-{stamp}-unreadable.sqlite3"
    try:
        make_private_dir(folder)
        partial = partial_path(destination)
        _private_copy(db_path, partial)
        for suffix in ("-wal", "-journal"):  # what they hold belongs to the file
            side = Path(f"{db_path}{suffix}")
            if side.exists():
                _private_copy(side, Path(f"{destination}{suffix}"))
        os.replace(partial, destination)
    except OSError as error:
        _remove(partial_path(destination))
        raise _write_failure(error, "the copy of the current file") from None
    return destination


def _private_copy(source: Path, destination: Path) -> None:
    """A byte-for-byte copy created owner-only from the first byte, synced to disk."""
    fd = os.open(destination, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with open(source, "rb") as reading, os.fdopen(fd, "wb") as writing:
        shutil.copyfileobj(reading, writing)
        writing.flush()
        os.fsync(writing.fileno())
