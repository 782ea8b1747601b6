"""Rotating backups taken with SQLite's online backup API, kept in `backups/` beside the database.

The backup API copies a consistent snapshot even while the window has the file open, which a
plain file copy of a WAL database does not.
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from alliance_desk.store.location import make_private_dir

DEFAULT_KEEP = 10
_STAMP = "%Y%m%d-%H%M%S-%f"


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
    """Backups of this database, newest first."""
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    pattern = _pattern(db_path)
    found = []
    for entry in folder.iterdir():
        match = pattern.match(entry.name)
        if match:
            taken = datetime.strptime(match.group(1), _STAMP)
            found.append(BackupInfo(entry, taken, match.group(2), entry.stat().st_size))
    return sorted(found, key=lambda info: info.taken_at, reverse=True)


def _readonly_uri(path: Path) -> str:
    return f"{path.resolve().as_uri()}?mode=ro"


def copy_database(source: Path, destination: Path) -> None:
    """Copy `source` into a new file `destination` (owner-only) through the backup API."""
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600))
    _sqlite_copy(source, partial)
    os.replace(partial, destination)


def _sqlite_copy(source: Path, destination: Path) -> None:
    """Copy a database page by page with SQLite's backup API (a consistent snapshot)."""
    src = sqlite3.connect(_readonly_uri(source), uri=True)
    try:
        dst = sqlite3.connect(destination)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def take_backup(
    db_path: Path,
    *,
    reason: str = "manual",
    keep: int = DEFAULT_KEEP,
    max_age_days: int | None = None,
) -> Path:
    """Back up `db_path` now, then prune so that at most `keep` remain, none older than
    `max_age_days` but the newest. Returns the new file."""
    folder = backup_dir(db_path)
    make_private_dir(folder)
    os.chmod(folder, 0o700)
    stamp = datetime.now().strftime(_STAMP)
    destination = folder / f"{db_path.stem}-{stamp}-{reason}.sqlite3"
    copy_database(db_path, destination)
    prune_backups(db_path, keep=keep, max_age_days=max_age_days)
    return destination


def prune_backups(
    db_path: Path, *, keep: int = DEFAULT_KEEP, max_age_days: int | None = None
) -> list[Path]:
    """Delete all but the newest `keep` backups, and (with `max_age_days`) any older than that
    — except the newest one, which is always kept. Returns what was removed."""
    removed = []
    backups = list_backups(db_path)
    cutoff = datetime.now().timestamp() - max_age_days * 86400 if max_age_days else None
    for index, info in enumerate(backups):
        too_many = index >= max(keep, 1)
        too_old = cutoff is not None and index > 0 and info.taken_at.timestamp() < cutoff
        if too_many or too_old:
            info.path.unlink(missing_ok=True)
            removed.append(info.path)
    return removed


def describe(backup_path: Path) -> str:
    """What a backup holds, in a few words (e.g. "7 alliances, 43 people, 12 escalations")."""
    counts = []
    connection = sqlite3.connect(_readonly_uri(backup_path), uri=True)
    try:
        for table, noun in (
            ("alliances", "alliances"),
            ("people", "people"),
            ("escalations", "escalations"),
        ):
            try:
                where = " WHERE deleted_at IS NULL" if table == "alliances" else ""
                number = connection.execute(f"SELECT count(*) FROM {table}{where}").fetchone()[0]
            except sqlite3.Error:
                continue
            counts.append(f"{number} {noun}")
    finally:
        connection.close()
    return ", ".join(counts) or "empty"


def integrity(db_path: Path) -> str:
    """SQLite's full integrity check: "ok", or what is wrong."""
    connection = sqlite3.connect(_readonly_uri(db_path), uri=True)
    try:
        rows = connection.execute("PRAGMA integrity_check").fetchall()
    finally:
        connection.close()
    return "; ".join(row[0] for row in rows)


def _last_modified(db_path: Path) -> float:
    times = [db_path.stat().st_mtime]
    wal = db_path.with_name(db_path.name + "-wal")
    if wal.exists():
        times.append(wal.stat().st_mtime)
    return max(times)


def backup_if_changed(
    db_path: Path, *, keep: int = DEFAULT_KEEP, max_age_days: int | None = None
) -> Path | None:
    """The start-up backup: skipped when the newest backup is younger than the last change, so
    that restarting the app ten times never rotates a useful backup out. Backups past
    `max_age_days` are pruned either way (the newest is always kept)."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    backups = list_backups(db_path)
    if backups and backups[0].path.stat().st_mtime >= _last_modified(db_path):
        prune_backups(db_path, keep=keep, max_age_days=max_age_days)
        return None
    return take_backup(db_path, reason="start", keep=keep, max_age_days=max_age_days)


def restore_backup(db_path: Path, backup_path: Path, *, keep: int = DEFAULT_KEEP) -> Path:
    """Replace the database's content with a backup's. The current content is backed up first
    (returned), so a restore can itself be undone by restoring that file."""
    from alliance_desk.store.integrity import inspect_file

    inspect_file(backup_path)  # refuse a damaged or foreign file before touching anything
    safety = take_backup(db_path, reason="before-restore", keep=keep + 1)
    _sqlite_copy(backup_path, db_path)
    return safety
