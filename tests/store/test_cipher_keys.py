"""The key of an encrypted portfolio: derived aside (on another core, while the window loads)
it is the very key SQLCipher derives from the passphrase itself, so files made either way
open either way; and a locked store holds no handle on its file and reads nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher  # type: ignore[import-untyped]

from alliance_desk.store import cipher, encryption, portfolio
from alliance_desk.store.database import open_store
from alliance_desk.store.demo import create_demo
from alliance_desk.store.errors import StoreError
from tests.helpers import digest, open_handles

SECRET = "a key derived aside"


def _sqlcipher_itself(path: Path, secret: str) -> sqlcipher.Connection:
    """A connection keyed by the passphrase as SQLCipher 4 takes it by default (its own
    PBKDF2-HMAC-SHA512, 256,000 rounds, the salt in the file's first 16 bytes)."""
    connection = sqlcipher.connect(str(path))
    connection.execute(f"PRAGMA key = '{secret}'")
    return connection


def test_a_key_derived_aside_opens_what_sqlcipher_keyed_itself_and_back(tmp_path: Path) -> None:
    made_by_sqlcipher = tmp_path / "by-sqlcipher.sqlite3"
    connection = _sqlcipher_itself(made_by_sqlcipher, SECRET)
    connection.execute("CREATE TABLE t (x TEXT)")
    connection.execute("INSERT INTO t VALUES ('made by sqlcipher')")
    connection.commit()
    connection.close()
    cipher.prepare(made_by_sqlcipher, SECRET)
    assert cipher._deriving  # derived on another thread, not at the first connection
    cipher.unlock(made_by_sqlcipher, SECRET)
    assert not cipher._deriving
    opened = cipher.connect(made_by_sqlcipher)
    assert opened.execute("SELECT x FROM t").fetchone() == ("made by sqlcipher",)
    opened.close()

    made_by_the_app = create_demo(tmp_path / "by-the-app.sqlite3")
    encryption.encrypt(made_by_the_app, SECRET)  # keyed with the key derived in-process
    connection = _sqlcipher_itself(made_by_the_app, SECRET)
    assert connection.execute("SELECT count(*) FROM alliances").fetchone()[0] > 0
    connection.close()
    cipher.forget(made_by_the_app)
    cipher.prepare(made_by_the_app, SECRET)
    cipher.unlock(made_by_the_app, SECRET)
    store = open_store(made_by_the_app)
    try:
        assert portfolio.list_alliances(store)
    finally:
        store.close()


def test_a_key_derived_aside_from_a_wrong_passphrase_opens_nothing(tmp_path: Path) -> None:
    path = create_demo(tmp_path / "portfolio.sqlite3")
    encryption.encrypt(path, SECRET)
    cipher.forget(path)
    before = digest(path)
    cipher.prepare(path, "wrong")
    with pytest.raises(cipher.WrongPassphrase):
        cipher.unlock(path, "wrong")
    assert cipher.passphrase_for(path) is None and digest(path) == before


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_a_locked_store_holds_no_handle_and_reads_nothing(tmp_path: Path) -> None:
    path = create_demo(tmp_path / "portfolio.sqlite3")
    encryption.encrypt(path, SECRET)
    store = open_store(path)
    try:
        names = [a.name for a in portfolio.list_alliances(store)]
        assert open_handles(path)
        store.lock()
        assert open_handles(path) == []
        assert cipher.passphrase_for(path) is None
        with pytest.raises(cipher.PassphraseNeeded) as locked:
            portfolio.list_alliances(store)
        assert "locked" in str(locked.value) and "damaged" not in str(locked.value)
        with pytest.raises(cipher.WrongPassphrase):
            store.unlock("not it")
        assert open_handles(path) == []
        store.unlock(SECRET)
        assert open_handles(path)  # reopened at once
        assert [a.name for a in portfolio.list_alliances(store)] == names
    finally:
        store.close()


def test_a_file_replaced_while_locked_is_not_reopened(tmp_path: Path) -> None:
    """Decrypted (or removed) by another program while the window was locked: unlocking says
    so instead of taking any passphrase for a file that needs none."""
    path = create_demo(tmp_path / "portfolio.sqlite3")
    encryption.encrypt(path, SECRET)
    store = open_store(path)
    store.lock()
    path.unlink()
    with pytest.raises(StoreError, match="no longer"):
        store.unlock("anything")
    store.close()


def test_a_wrong_passphrase_prints_nothing_and_sqlciphers_log_is_silenced_once(
    tmp_path: Path, monkeypatch, capfd
) -> None:
    """SQLCipher writes to the process's stderr (below Python) when a key does not fit,
    unless its log is off; the level is the library's, so it is turned off once, not by each
    keyed connection (every statement costs the start's check thread a wait)."""
    path = tmp_path / "portfolio.sqlite3"
    connection = _sqlcipher_itself(path, SECRET)
    connection.execute("CREATE TABLE t (x TEXT)")
    connection.commit()
    connection.execute("PRAGMA cipher_log_level = WARN")  # as a new process starts
    connection.close()
    monkeypatch.setattr(cipher, "_quieted", False)
    statements: list[str] = []

    class Counting(sqlcipher.Connection):
        def execute(self, sql: str, *args):
            statements.append(sql.split("=")[0].strip())
            return super().execute(sql, *args)

    for secret in ("not " + SECRET, "nor " + SECRET):
        with pytest.raises(cipher.WrongPassphrase):
            key = cipher.key_for(path, secret)
            keyed = cipher.open_keyed(str(path), key, factory=Counting)
            try:
                keyed.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlcipher.DatabaseError:
                raise cipher.wrong(path) from None
            finally:
                keyed.close()
    assert capfd.readouterr().err == ""
    assert statements.count("PRAGMA cipher_log_level") == 1
    assert statements.count("PRAGMA key") == 2
