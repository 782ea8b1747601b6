"""Encryption at rest: an encrypted portfolio, its WAL and its backups reveal nothing without
the passphrase; a wrong passphrase changes nothing; a conversion killed at any step leaves a
file that opens with the old passphrase or the new one."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from alliance_desk.store import backup, cipher, encryption
from alliance_desk.store.database import open_store
from alliance_desk.store.demo import create_demo
from alliance_desk.store.errors import CorruptDatabaseError, StoreError
from alliance_desk.store.integrity import inspect_file
from tests.helpers import digest, draft, kill_writers, write_side_by_side

MARKER = "ZQXMARKER"
SECRET = "correct horse battery staple"


def _mark_every_text(path: Path) -> int:
    """Put MARKER into every free-text value of every row (notes of every kind, names,
    titles...) with plain SQL; returns how many columns took it."""
    from sqlalchemy import Enum, String

    from alliance_desk.store.models import Base

    connection = sqlite3.connect(path)
    marked = 0
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if not isinstance(column.type, String) or isinstance(column.type, Enum):
                continue
            if column.type.length is not None and column.type.length < 80:  # kinds, codes
                continue
            try:
                with connection:
                    changed = connection.execute(
                        f'UPDATE "{table.name}" SET "{column.name}" = "{column.name}" || ? '
                        f'WHERE "{column.name}" IS NOT NULL',
                        (MARKER,),
                    ).rowcount
                marked += changed > 0
            except sqlite3.Error:
                continue  # a column whose values are checked refuses it
    connection.close()
    return marked


def _raw(path: Path) -> bytes:
    """The bytes of a file and of its journals, as a thief copying the folder gets them."""
    found = b""
    for suffix in ("", "-wal", "-journal"):
        side = Path(f"{path}{suffix}")
        if side.exists():
            found += side.read_bytes()
    return found


@pytest.fixture
def marked(tmp_path: Path) -> Path:
    """The demo portfolio with MARKER in every text field, and a backup of it."""
    path = create_demo(tmp_path / "portfolio.sqlite3")
    assert _mark_every_text(path) > 40
    backup.take_backup(path, reason="manual")
    assert MARKER.encode() in _raw(path)
    return path


def test_an_encrypted_portfolio_its_wal_and_backups_hold_no_plain_text(marked: Path) -> None:
    """After encrypting, the marker written into every field is in no byte of the file, its
    WAL (with a fresh edit in it) or any backup (old and new); decrypting brings it back."""
    from alliance_desk.store import portfolio

    plain_backups = backup.list_backups(marked)
    encryption.encrypt(marked, SECRET)
    store = open_store(marked, start_backup=False)
    try:
        portfolio.create_alliance(store, draft(name=f"{MARKER} in the WAL", partner="P"))
        assert Path(f"{marked}-wal").stat().st_size > 0  # the edit is in the WAL, unmerged
        new_backup = backup.take_backup(marked, reason="manual")
        assert MARKER.encode() not in _raw(marked)
        everything = [info.path for info in backup.list_backups(marked)]
        assert new_backup in everything and len(everything) == len(plain_backups) + 1
        for copy in everything:
            assert MARKER.encode() not in _raw(copy), copy.name
            assert not copy.read_bytes().startswith(b"SQLite format 3")
        names = {a.name for a in portfolio.list_alliances(store)}
        assert f"{MARKER} in the WAL" in names
    finally:
        store.close()
    leftovers = [p.name for p in marked.parent.iterdir() if ".partial" in p.name]
    assert leftovers == []
    encryption.decrypt(marked)
    assert MARKER.encode() in _raw(marked)
    for info in backup.list_backups(marked):
        assert sqlite3.connect(info.path).execute("SELECT count(*) FROM alliances").fetchone()


def test_sqlite_cannot_read_an_encrypted_portfolio(marked: Path) -> None:
    """Python's sqlite3 (what the `sqlite3` shell is) refuses the file: it is not SQLite."""
    encryption.encrypt(marked, SECRET)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(marked).execute("SELECT * FROM sqlite_master").fetchall()


def test_without_its_passphrase_the_file_is_asked_for_not_called_damaged(marked: Path) -> None:
    """Opening an encrypted file with no passphrase says so; a wrong passphrase is refused in
    one sentence; neither calls it damaged nor changes a byte of the file or its backups."""
    encryption.encrypt(marked, SECRET)
    cipher.forget(marked)
    before = {p: digest(p) for p in marked.parent.rglob("*") if p.is_file()}
    with pytest.raises(cipher.PassphraseNeeded, match="encrypted") as needed:
        open_store(marked)
    assert not isinstance(needed.value, CorruptDatabaseError)
    for wrong in ("Correct horse battery staple", "", "x' ; PRAGMA rekey='y", SECRET + "\x00"):
        with pytest.raises(cipher.WrongPassphrase) as refused:
            cipher.unlock(marked, wrong)
        assert "\n" not in str(refused.value)
        assert wrong not in str(refused.value) or not wrong
    after = {p: digest(p) for p in marked.parent.rglob("*") if p.is_file()}
    assert after == before
    cipher.unlock(marked, SECRET)
    store = open_store(marked)
    store.close()


def test_a_new_portfolio_is_created_encrypted(tmp_path: Path, monkeypatch) -> None:
    """A passphrase given for a file that does not exist yet makes it born encrypted: every
    migration runs on the encrypted file (not the tests' plain template copy)."""
    from alliance_desk.store import migrate, new_files, portfolio

    monkeypatch.setattr(new_files, "upgrade_to_head", migrate.upgrade)

    path = tmp_path / "new.sqlite3"
    cipher.unlock(path, SECRET)
    store = open_store(path)
    try:
        assert store.created
        portfolio.create_alliance(store, draft(name=MARKER))
    finally:
        store.close()
    assert cipher.looks_encrypted(path)
    assert MARKER.encode() not in _raw(path)
    assert inspect_file(path) is not None
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_changing_the_passphrase_rekeys_the_file_and_its_backups(marked: Path) -> None:
    """After a change only the new passphrase opens the portfolio and every backup."""
    encryption.encrypt(marked, SECRET)
    encryption.change_passphrase(marked, "new secret")
    cipher.forget(marked)
    for path in [marked, *(info.path for info in backup.list_backups(marked))]:
        with pytest.raises(cipher.WrongPassphrase):
            cipher.check_passphrase(path, SECRET)
        cipher.check_passphrase(path, "new secret")


def test_a_restore_and_check_work_on_an_encrypted_portfolio(marked: Path) -> None:
    """A backup of an encrypted portfolio is restored, and the file checked, with the key."""
    from alliance_desk.store import portfolio

    encryption.encrypt(marked, SECRET)
    taken = backup.take_backup(marked, reason="manual")
    store = open_store(marked, start_backup=False)
    portfolio.create_alliance(store, draft(name="after the backup"))
    store.close()
    backup.restore_backup(marked, taken)
    assert backup.integrity(marked) == "ok"
    store = open_store(marked, start_backup=False)
    try:
        assert "after the backup" not in {a.name for a in portfolio.list_alliances(store)}
    finally:
        store.close()
    assert "alliances" in backup.describe(taken)


def test_encrypting_refuses_a_damaged_file_and_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "portfolio.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + b"\x01" * 8000)
    before = digest(path)
    with pytest.raises(StoreError):
        encryption.encrypt(path, SECRET)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "portfolio.sqlite3"] or sorted(
        p.name for p in tmp_path.iterdir()
    ) == ["portfolio.sqlite3"]


_KILLED = """
import os, sys
from pathlib import Path
from alliance_desk.store import cipher, encryption
path, old, new = Path(sys.argv[1]), sys.argv[2] or None, sys.argv[3] or None
if old:
    cipher.unlock(path, old)
if new and old:
    encryption.change_passphrase(path, new)
elif new:
    encryption.encrypt(path, new)
else:
    encryption.decrypt(path)
"""


def _opens_with(path: Path, *secrets: str | None) -> str | None:
    """Which of `secrets` (None: plain) opens `path` as a whole portfolio after a start."""
    backup.remove_leftovers_of(path)
    for secret in secrets:
        cipher._passphrases.clear()
        try:
            if cipher.looks_encrypted(path) != (secret is not None):
                continue
            if secret is not None:
                cipher.unlock(path, secret)
            store = open_store(path, start_backup=False)
        except StoreError:
            continue
        store.close()
        return secret
    raise AssertionError(f"{path} opens with none of the passphrases")


@pytest.mark.parametrize("change", ["encrypt", "decrypt", "rekey"])
def test_a_conversion_killed_at_any_step_leaves_a_file_that_opens(
    tmp_path: Path, change: str
) -> None:
    """SIGKILL at every step of encrypt, decrypt and change-passphrase: the portfolio opens
    with the old passphrase or the new one, with all its alliances, and no partial file
    survives the next start."""
    template = create_demo(tmp_path / "template.sqlite3")
    old, new = {"encrypt": (None, SECRET), "decrypt": (SECRET, None), "rekey": (SECRET, "n2")}[
        change
    ]
    if old is not None:
        encryption.encrypt(template, old)
    with sqlite3.connect(create_demo(tmp_path / "count.sqlite3")) as plain:
        alliances = plain.execute("SELECT count(*) FROM alliances").fetchone()[0]
    outcomes = set()
    for step in encryption._STEPS:
        folder = tmp_path / step
        folder.mkdir()
        path = folder / "portfolio.sqlite3"
        shutil.copy(template, path)
        run = subprocess.run(
            [sys.executable, "-c", _KILLED, str(path), old or "", new or ""],
            env={**os.environ, "ALLIANCE_DESK_TEST_KILL_AT": step},
            capture_output=True,
        )
        assert run.returncode == -9, run.stderr.decode()
        opened = _opens_with(path, old, new)
        outcomes.add(opened)
        cipher._passphrases.clear()
        if opened is not None:
            cipher.unlock(path, opened)
        store = open_store(path, start_backup=False)
        try:
            with store.read() as session:
                from sqlalchemy import text

                count = session.execute(text("SELECT count(*) FROM alliances")).scalar()
            assert count == alliances, step
        finally:
            store.close()
        assert not [p for p in folder.iterdir() if ".partial" in p.name], step
    assert outcomes == {old, new}  # both sides of the atomic rename were reached


def test_the_file_and_its_backups_open_with_the_passphrase_alone(marked: Path) -> None:
    """What the app writes is standard SQLCipher 4: its own shell opens the portfolio and
    every backup with nothing but the passphrase (the key derived once is not a second
    secret), and backups taken later share the portfolio's key."""
    import sqlcipher3.dbapi2 as sqlcipher

    encryption.encrypt(marked, SECRET)
    backup.take_backup(marked, reason="manual")
    files = [marked, *(info.path for info in backup.list_backups(marked))]
    assert len(files) >= 3
    for path in files:
        connection = sqlcipher.connect(str(path))
        connection.execute(f"PRAGMA key = '{SECRET}'")
        assert connection.execute("SELECT count(*) FROM alliances").fetchone()[0] > 0
        connection.close()


def test_a_passphrase_covers_its_portfolio_and_backups_only(tmp_path: Path) -> None:
    """A plain file takes no passphrase; the passphrase of `mine` opens nothing of
    `mine-2` beside it (its backups share the folder)."""
    plain = create_demo(tmp_path / "plain.sqlite3")
    with pytest.raises(StoreError, match="not encrypted"):
        cipher.unlock(plain, SECRET)
    mine = tmp_path / "mine.sqlite3"
    cipher.unlock(mine, SECRET)
    backups = tmp_path / "backups"
    assert cipher.passphrase_for(backups / "mine-20261203-101010-000001-start.sqlite3")
    assert cipher.passphrase_for(tmp_path / "mine.sqlite3.123.partial")
    assert cipher.passphrase_for(backups / "mine-2-20261203-101010-000001-start.sqlite3") is None
    assert cipher.passphrase_for(tmp_path / "mine-2.sqlite3") is None


_WRITER = """
import os, sys
from pathlib import Path
from alliance_desk.core.portfolio import validate_alliance
from alliance_desk.store import cipher, portfolio
from alliance_desk.store.database import open_store
cipher.unlock(Path(sys.argv[1]), os.environ["ALLIANCE_DESK_PASSPHRASE"])
store = open_store(sys.argv[1], start_backup=False)
print("ready", flush=True)
for number in range(100000):
    values = {"name": f"A{number}", "partner": "P"}
    made = portfolio.create_alliance(store, validate_alliance(values))
    print(made.id, flush=True)  # reported as saved only after the commit returned
"""


def test_every_edit_to_an_encrypted_portfolio_survives_sigkill(marked: Path) -> None:
    """The promise of `test_safety.py`, encrypted: twenty writers killed at random moments;
    nothing reported as saved is lost, and the file passes the full integrity check."""
    from alliance_desk.store import portfolio

    encryption.encrypt(marked, SECRET)
    env = {**os.environ, "ALLIANCE_DESK_PASSPHRASE": SECRET}
    saved = kill_writers(_WRITER, marked, 20, seed=24, env=env)
    assert backup.integrity(marked) == "ok"
    store = open_store(marked, start_backup=False)
    try:
        present = {a.id for a in portfolio.list_alliances(store)}
    finally:
        store.close()
    assert saved and saved <= present
    assert MARKER.encode() not in _raw(marked)


def test_two_windows_on_one_encrypted_file_work_safely(marked: Path) -> None:
    """Two open stores on one encrypted file save concurrently and see each other's work."""

    from alliance_desk.store import portfolio

    encryption.encrypt(marked, SECRET)
    first, second = open_store(marked), open_store(marked, start_backup=False)
    before = len(portfolio.list_alliances(first))
    errors = write_side_by_side(first, second, 30)
    try:
        assert errors == []
        assert len(portfolio.list_alliances(second)) == before + 60
    finally:
        first.close()
        second.close()
    assert backup.integrity(marked) == "ok"
