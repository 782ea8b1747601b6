"""Rotating backups beside the database, and restoring one."""

from __future__ import annotations

import stat
from pathlib import Path

from alliance_desk.store import backup, portfolio
from alliance_desk.store.database import open_store
from tests.helpers import draft


def test_backup_is_a_consistent_private_copy_while_open(store, db_path: Path) -> None:
    """A backup taken while the portfolio is open holds the latest saved edit and is 0600."""
    portfolio.create_alliance(store, draft(name="Saved just now"))
    made = backup.take_backup(db_path, reason="manual")
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    assert stat.S_IMODE(made.parent.stat().st_mode) == 0o700
    copy = open_store(made, start_backup=False)
    try:
        assert [a.name for a in portfolio.list_alliances(copy)] == ["Saved just now"]
    finally:
        copy.close()


def test_only_the_newest_backups_are_kept(store, db_path: Path) -> None:
    """Rotation keeps the newest N backups and deletes the older ones."""
    made = [backup.take_backup(db_path, keep=3) for _ in range(5)]
    remaining = [info.path for info in backup.list_backups(db_path)]
    assert remaining == made[:1:-1]


def test_start_backup_skips_an_unchanged_file(store, db_path: Path) -> None:
    """Restarting without editing does not rotate useful backups away."""
    portfolio.create_alliance(store, draft())
    first = backup.backup_if_changed(db_path)
    assert first is not None
    assert backup.backup_if_changed(db_path) is None
    assert len(backup.list_backups(db_path)) == 1


def test_restore_brings_back_the_backup_and_keeps_the_current_state(store, db_path: Path) -> None:
    """Restoring replaces the content with the backup's, after backing up what was there."""
    portfolio.create_alliance(store, draft(name="Before"))
    made = backup.take_backup(db_path)
    portfolio.create_alliance(store, draft(name="After"))
    store.close()
    safety = backup.restore_backup(db_path, made)
    reopened = open_store(db_path, start_backup=False)
    try:
        assert [a.name for a in portfolio.list_alliances(reopened)] == ["Before"]
    finally:
        reopened.close()
    undo = open_store(safety, start_backup=False)
    try:
        assert sorted(a.name for a in portfolio.list_alliances(undo)) == ["After", "Before"]
    finally:
        undo.close()


def test_prune_by_age_keeps_the_newest(store, db_path: Path) -> None:
    """Backups older than the age limit go, but the newest one always stays."""
    made = [backup.take_backup(db_path, keep=10) for _ in range(3)]
    aged = []
    for path in made[:2]:  # the date is part of the name: make these two from 2020
        day = path.name.split("-")[-4]
        aged.append(path.rename(path.with_name(path.name.replace(day, "20200101"))))
    removed = backup.prune_backups(db_path, keep=10, max_age_days=30)
    assert sorted(removed) == sorted(aged)
    assert [info.path for info in backup.list_backups(db_path)] == [made[2]]


def test_describe_and_integrity(store, db_path: Path) -> None:
    portfolio.create_alliance(store, draft())
    made = backup.take_backup(db_path)
    assert backup.describe(made).startswith("1 alliances, 0 people")
    assert backup.integrity(db_path) == "ok"


def _age(path: Path) -> Path:
    """Rename a backup as if taken on 1 January 2020 (its date is part of its name)."""
    day = path.name.split("-")[-4]
    return path.rename(path.with_name(path.name.replace(day, "20200101")))


def test_the_start_up_backup_prunes_by_age_even_when_nothing_changed(store, db_path) -> None:
    """At start old backups go even if no new backup is needed; the newest always stays."""
    old = _age(backup.take_backup(db_path, keep=10))
    newest = backup.take_backup(db_path, keep=10)
    assert backup.backup_if_changed(db_path, keep=10, max_age_days=30) is None  # unchanged
    assert [info.path for info in backup.list_backups(db_path)] == [newest]
    assert not old.exists()
    _age(newest)  # even when every backup is old, the newest one is kept
    assert len(backup.list_backups(db_path)) == 1
    backup.prune_backups(db_path, keep=10, max_age_days=30)
    assert len(backup.list_backups(db_path)) == 1
