"""The fault suite's promises on an encrypted portfolio: SIGKILL before each SQLite statement
(SQLCipher's own included) of an edit, a backup, a restore, an import and the upgrade from the
previous revision leaves a file that opens with its passphrase, whole, still encrypted, and
holding what it held or the operation's result. A representative part of test_faults.py,
whose every kill point is rerun here only where encryption changes the code path."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from alliance_desk.store import backup, cipher, encryption, portfolio
from alliance_desk.store.database import open_store
from alliance_desk.store.integrity import healthy, inspect_file
from alliance_desk.store.location import resolve
from alliance_desk.store.migrate import upgrade
from alliance_desk.store.schema import HEAD_REVISION, KNOWN_REVISIONS
from tests.helpers import draft
from tests.store.faults import Tally, reachable, reset, statement_count, sweep
from tests.store.test_faults import (
    ROWS_AT_0001,
    _alliance_names,
    _portfolio_with,
    importing_people,
    rows,
)

SECRET = "faults under encryption"
MARKER = "Plain-text-must-not-leak"


def _points(prepare, action, spread: int = 12, last: int = 6) -> list[int]:
    """Where to kill: `spread` statements spread evenly over the operation, and each of its
    `last` ones (where it commits, checkpoints and renames). The plain suite kills before
    every statement; here a sample keeps the added run short."""
    total = statement_count(prepare, action)
    points = {max(1, round(total * step / spread)) for step in range(1, spread)}
    return sorted(points | set(range(max(1, total - last + 1), total + 1)))


@pytest.fixture(autouse=True)
def copied_templates() -> None:
    """Portfolios here are built by the real migrations (their statements are killed)."""


def _encrypted_template(folder: Path, names: list[str]) -> Path:
    """An encrypted portfolio holding alliances `names`, kept aside as a template; the
    passphrase is held for `folder/portfolio.sqlite3`, where each kill starts from a copy."""
    path = folder / "portfolio.sqlite3"
    _portfolio_with(path, names)
    encryption.encrypt(path, SECRET)
    template = folder / "template.sqlite3"
    shutil.copyfile(path, template)
    return template


def _still_encrypted(path: Path) -> None:
    assert cipher.looks_encrypted(path)
    for side in (path, Path(f"{path}-wal")):
        if side.exists():
            assert MARKER.encode() not in side.read_bytes()


def test_an_edit_and_a_backup_killed_at_each_statement(folder: Path) -> None:
    template = _encrypted_template(folder, [f"{MARKER} one"])
    path = folder / "portfolio.sqlite3"
    before, after = {f"{MARKER} one"}, {f"{MARKER} one", f"{MARKER} two"}

    def edit() -> None:
        store = open_store(path, start_backup=False)
        try:
            portfolio.create_alliance(store, draft(name=f"{MARKER} two"))
        finally:
            store.close()

    def check_edit() -> None:
        assert healthy(path, full=True) == HEAD_REVISION
        assert _alliance_names(path) in (before, after)
        _still_encrypted(path)

    prepare = lambda: reset(folder, "portfolio.sqlite3", template)  # noqa: E731
    kills = sweep(prepare, edit, check_edit, _points(prepare, edit))

    def take() -> None:
        backup.take_backup(path, reason="manual")

    def check_backup() -> None:
        assert _alliance_names(path) == before
        for info in backup.list_backups(path):  # only whole ones are listed, encrypted
            assert healthy(info.path, full=True) == HEAD_REVISION
            assert cipher.looks_encrypted(info.path)
        backup.remove_leftovers_of(path)

    kills += sweep(prepare, take, check_backup, _points(prepare, take))
    assert kills > 20


def test_a_restore_killed_at_each_statement_is_the_old_one_or_the_backup(folder) -> None:
    template = _encrypted_template(folder, ["Current one", "Current two"])
    path = folder / "portfolio.sqlite3"
    store = open_store(path, start_backup=False)
    portfolio.create_alliance(store, draft(name="Only in the backup"))
    store.close()
    taken = backup.take_backup(path, reason="manual")
    source = folder / "backup-source.sqlite3"
    shutil.copyfile(taken, source)
    after = _alliance_names(path)
    before = {"Current one", "Current two"}

    def prepare() -> None:
        reset(folder, "portfolio.sqlite3", template)
        (folder / "backups").mkdir(mode=0o700)
        shutil.copyfile(source, taken)  # the backup is in the family: the same passphrase

    def check() -> None:
        assert healthy(path) == HEAD_REVISION
        assert _alliance_names(path) in (before, after)
        _still_encrypted(path)

    def restore() -> None:
        backup.restore_backup(path, taken)

    kills = sweep(prepare, restore, check, _points(prepare, restore))
    assert kills > 10


def test_an_import_killed_at_its_steps_imports_all_or_none(folder: Path) -> None:
    template = _encrypted_template(folder, ["Importing"])
    path = folder / "portfolio.sqlite3"
    action, all_or_none = importing_people(path, 200)

    def check() -> None:
        all_or_none()
        _still_encrypted(path)

    prepare = lambda: reset(folder, "portfolio.sqlite3", template)  # noqa: E731
    kills = sweep(prepare, action, check, _points(prepare, action))
    assert kills > 10


def test_the_upgrade_from_the_previous_revision_killed_at_each_statement(folder: Path) -> None:
    """An encrypted portfolio made by the previous version (the planted rows of test_faults),
    upgraded at start: killed before each statement, it opens at its old revision or at head
    with every row — or is refused with its encrypted pre-upgrade backup offered."""
    work = folder / "portfolio.sqlite3"
    work.touch(mode=0o600)
    upgrade(resolve(work), KNOWN_REVISIONS[0])
    with sqlite3.connect(work) as connection:
        for statement in ROWS_AT_0001:
            connection.execute(statement)
    connection.close()
    upgrade(resolve(work), KNOWN_REVISIONS[-2])
    expected = rows(work)
    encryption.encrypt(work, SECRET)
    template = folder / "template.sqlite3"
    shutil.copyfile(work, template)
    tally = Tally()

    def check() -> None:
        verdict = reachable(work, rows, {expected}, tally)
        assert verdict == "ok", (tally.kills, verdict)
        assert cipher.looks_encrypted(work)
        tally.kills += 1

    def prepare() -> None:
        reset(folder, "portfolio.sqlite3", template)

    def start() -> None:
        open_store(work, start_backup=False).close()

    kills = sweep(prepare, start, check, _points(prepare, start, spread=24, last=10))
    assert inspect_file(work) == HEAD_REVISION and rows(work) == expected
    assert kills > 20 and tally.unreachable == 0
