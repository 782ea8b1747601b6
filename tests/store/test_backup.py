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


# -- backups that are always worth restoring ------------------------------------------------

import sqlite3  # noqa: E402

import pytest  # noqa: E402

from alliance_desk.store.errors import StoreError  # noqa: E402
from tests.helpers import digest  # noqa: E402


def _not_backups(tmp_path: Path) -> dict[str, Path]:
    """Files that are not a healthy Alliance Desk portfolio at a known revision."""
    made = {}
    made["missing"] = tmp_path / "nothing-here.sqlite3"
    made["empty (0 bytes)"] = tmp_path / "empty.sqlite3"
    made["empty (0 bytes)"].touch()
    made["text"] = tmp_path / "notes.txt"
    made["text"].write_text("Minutes of the JSC\n" * 100)
    made["empty SQLite"] = tmp_path / "blank.sqlite3"
    sqlite3.connect(made["empty SQLite"]).execute("VACUUM").connection.close()
    for name, statements in {
        "another app": ["CREATE TABLE songs (title TEXT)", "INSERT INTO songs VALUES ('x')"],
        "empty revision": [
            "CREATE TABLE alembic_version (version_num VARCHAR(32))",
            "CREATE TABLE alliances (id INTEGER PRIMARY KEY)",
        ],
        "newer": [
            "CREATE TABLE alembic_version (version_num VARCHAR(32))",
            "INSERT INTO alembic_version VALUES ('9999_from_the_future')",
            "CREATE TABLE alliances (id INTEGER PRIMARY KEY)",
        ],
    }.items():
        made[name] = tmp_path / f"{name.replace(' ', '-')}.sqlite3"
        with sqlite3.connect(made[name]) as connection:
            for statement in statements:
                connection.execute(statement)
        connection.close()
    made["a folder"] = tmp_path / "folder.sqlite3"
    made["a folder"].mkdir()
    return made


def test_restore_refuses_everything_that_is_not_a_healthy_portfolio(
    store, db_path: Path, tmp_path: Path
) -> None:
    """A 0-byte file, an empty SQLite file, another app's database, one with an empty or
    unknown revision, a text file, a folder, a missing path, the portfolio itself: each is
    refused with the reason, and the portfolio and its backups stay exactly as they were."""
    portfolio.create_alliance(store, draft(name="Still here"))
    store.close()
    candidates = _not_backups(tmp_path)
    candidates["the portfolio itself"] = db_path
    backups_before = backup.list_backups(db_path)
    before = digest(db_path)
    for name, candidate in candidates.items():
        with pytest.raises(StoreError) as caught:
            backup.restore_backup(db_path, candidate)
        assert "\n" not in str(caught.value), name
        assert digest(db_path) == before, name
        assert backup.list_backups(db_path) == backups_before, name
    reopened = open_store(db_path, start_backup=False)
    assert [a.name for a in portfolio.list_alliances(reopened)] == ["Still here"]
    reopened.close()


def test_restore_refuses_a_damaged_or_half_upgraded_backup(store, db_path: Path) -> None:
    """A backup that fails SQLite's integrity check, or whose tables do not match its
    revision, is refused with the reason and nothing changes."""
    portfolio.create_alliance(store, draft(name="Current"))
    good = backup.take_backup(db_path)
    half = good.with_name(good.name.replace("-manual", "-half"))
    half.write_bytes(good.read_bytes())
    with sqlite3.connect(half) as connection:
        connection.execute("ALTER TABLE alliances ADD COLUMN half_way TEXT")
    connection.close()
    damaged = good.with_name(good.name.replace("-manual", "-damaged"))
    data = bytearray(good.read_bytes())
    for offset in range(4096 * 2, len(data) - 16, 97):
        data[offset : offset + 4] = b"\xde\xad\xbe\xef"
    damaged.write_bytes(bytes(data))
    store.close()
    before = digest(db_path)
    with pytest.raises(StoreError, match="half-way"):
        backup.restore_backup(db_path, half)
    with pytest.raises(StoreError, match=r"damaged|not an Alliance Desk"):
        backup.restore_backup(db_path, damaged)
    assert digest(db_path) == before


@pytest.mark.parametrize(("keep", "max_age"), [(0, None), (-3, None), (10, 0), (10, -1)])
def test_counts_and_ages_below_one_are_refused(store, db_path: Path, keep, max_age) -> None:
    """`--keep -3` or an age of 0 or -1 days would delete backups the user means to keep:
    refused with a message, nothing deleted."""
    made = [backup.take_backup(db_path) for _ in range(3)]
    with pytest.raises(StoreError, match=r"1 or more|1 day or more"):
        backup.take_backup(db_path, keep=keep, max_age_days=max_age)
    with pytest.raises(StoreError):
        backup.prune_backups(db_path, keep=keep, max_age_days=max_age)
    assert [info.path for info in backup.list_backups(db_path)] == made[::-1]


def test_pruning_never_removes_the_newest_backup_that_opens(store, db_path: Path) -> None:
    """However many broken backups come after it, the newest one that opens cleanly stays
    (besides the newest `keep`)."""
    portfolio.create_alliance(store, draft(name="Worth keeping"))
    good = backup.take_backup(db_path, keep=10)
    broken = []
    for _ in range(4):
        made = backup.take_backup(db_path, keep=10)
        made.write_bytes(b"\x00" * 4096)  # as a bad sector would leave it
        broken.append(made)
    backup.prune_backups(db_path, keep=2)
    remaining = [info.path for info in backup.list_backups(db_path)]
    assert remaining == [broken[-1], broken[-2], good]
    assert backup.newest_healthy(db_path).path == good


def test_a_failed_backup_leaves_no_partial_file(store, db_path: Path, monkeypatch) -> None:
    """A backup that fails half-way (here: the copy raises) leaves nothing in backups/ and
    says why in a sentence."""
    made = backup.take_backup(db_path)

    def fail(*_args, **_kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(backup, "_sqlite_copy", fail)
    with pytest.raises(StoreError, match="was not made"):
        backup.take_backup(db_path)
    assert sorted(p.name for p in made.parent.iterdir()) == [made.name]
