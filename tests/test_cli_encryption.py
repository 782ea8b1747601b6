"""`encrypt`, `decrypt` and `change-passphrase` from a terminal or a script; every command on
an encrypted file asks for its passphrase, and never hangs or shows it anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from alliance_desk.cli import main
from alliance_desk.store import cipher
from alliance_desk.store.demo import create_demo
from tests.helpers import digest

SECRET = "Tr0ub4dor&3 sentinel-passphrase"


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return create_demo(tmp_path / "portfolio.sqlite3")


def _encrypt(path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ALLIANCE_DESK_PASSPHRASE", SECRET)
    assert main(["--db", str(path), "encrypt"]) == 0
    cipher._passphrases.clear()


def test_encrypt_list_and_decrypt_from_a_script(demo: Path, monkeypatch, capsys) -> None:
    """The passphrase comes from the environment; commands on the encrypted file work with
    it, and decrypt makes the file readable by plain sqlite3 again."""
    import sqlite3

    _encrypt(demo, monkeypatch)
    assert cipher.looks_encrypted(demo)
    for command in (["alliances"], ["check"], ["backup"], ["backups"], ["today"]):
        monkeypatch.setenv("ALLIANCE_DESK_PASSPHRASE", SECRET)
        assert main(["--db", str(demo), *command]) == 0, capsys.readouterr().err
        cipher._passphrases.clear()
    monkeypatch.setenv("ALLIANCE_DESK_PASSPHRASE", SECRET)
    assert main(["--db", str(demo), "decrypt"]) == 0
    sqlite3.connect(demo).execute("SELECT count(*) FROM alliances").fetchone()


def test_sql_log10_on_an_encrypted_portfolio_matches_the_builtin(demo: Path, monkeypatch) -> None:
    """SQLCipher's library lacks SQL's log10, with which Today weighs each alliance's money
    (store/today_rank.py): the stand-in gives what Python's SQLite gives a plain file."""
    import math

    from sqlalchemy import text

    from alliance_desk.store.database import open_store

    values = [1.0, 1.5, 2, 10.0, 101.0, 1000.0, 12345.678]
    _encrypt(demo, monkeypatch)
    cipher.unlock(demo, SECRET)
    store = open_store(demo, start_backup=False)
    try:
        with store.engine.connect() as connection:
            assert cipher.is_sqlcipher(connection.connection.dbapi_connection)
            got = [connection.execute(text("SELECT log10(:v)"), {"v": v}).scalar() for v in values]
    finally:
        store.close()
    assert got == [math.log10(v) for v in values]


def test_a_wrong_passphrase_is_one_line_and_changes_nothing(demo: Path, monkeypatch, capsys):
    _encrypt(demo, monkeypatch)
    capsys.readouterr()
    before = digest(demo)
    monkeypatch.setenv("ALLIANCE_DESK_PASSPHRASE", "not it")
    assert main(["--db", str(demo), "alliances"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "passphrase does not open" in err
    assert "damaged" not in err and "not it" not in err
    assert digest(demo) == before


def test_at_a_terminal_it_asks_three_times(demo: Path, monkeypatch, capsys) -> None:
    """Typed passphrases: twice for a new one, and up to three tries to open."""
    import getpass

    typed = iter([SECRET, SECRET, "wrong", "wrong again", SECRET])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(typed))
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    assert main(["--db", str(demo), "encrypt"]) == 0
    assert "nothing and nobody can recover" in capsys.readouterr().err
    cipher._passphrases.clear()
    assert main(["--db", str(demo), "alliances"]) == 0
    assert capsys.readouterr().err.count("Try again") == 2


def test_change_passphrase(demo: Path, monkeypatch) -> None:
    _encrypt(demo, monkeypatch)
    monkeypatch.setenv("ALLIANCE_DESK_PASSPHRASE", SECRET)
    monkeypatch.setenv("ALLIANCE_DESK_NEW_PASSPHRASE", "second one")
    assert main(["--db", str(demo), "change-passphrase"]) == 0
    with pytest.raises(cipher.WrongPassphrase):
        cipher.check_passphrase(demo, SECRET)
    cipher.check_passphrase(demo, "second one")


def test_without_a_terminal_or_the_variable_it_says_so_at_once(demo: Path, monkeypatch) -> None:
    """As CI runs it (no terminal, CI=true): one line, exit 2, no prompt, no traceback."""
    _encrypt(demo, monkeypatch)
    env = {k: v for k, v in os.environ.items() if "PASSPHRASE" not in k}
    for command in (["alliances"], ["check"], ["decrypt"]):
        result = subprocess.run(
            [sys.executable, "-m", "alliance_desk", "--db", str(demo), *command],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
            env={**env, "CI": "true"},
        )
        assert result.returncode == 2, result.stderr
        assert result.stderr.count("\n") == 1 and "ALLIANCE_DESK_PASSPHRASE" in result.stderr
        assert "Traceback" not in result.stderr


def test_the_passphrase_is_in_no_argument_log_or_crash_report(demo: Path, tmp_path) -> None:
    """A failure nobody foresaw while the file is unlocked: the crash report, the log and
    the settings hold no trace of the passphrase, and it was never an argument."""
    from alliance_desk.cli.parser import build_parser

    with pytest.raises(SystemExit):
        build_parser().parse_args(["encrypt", "--passphrase", "x"])  # there is no such option
    home = tmp_path / "home"
    probe = (
        "import sys, alliance_desk.cli.records as r\n"
        "from alliance_desk.store import cipher\n"
        f"def boom(args): raise RuntimeError('bug near ' + cipher.secrets()[0])\n"
        "r.alliances = boom\n"
        "from alliance_desk.cli import main\n"
        f"sys.exit(main(['--db', {str(demo)!r}, 'alliances']))\n"
    )
    env = {**os.environ, "ALLIANCE_DESK_HOME": str(home), "ALLIANCE_DESK_PASSPHRASE": SECRET}
    subprocess.run(
        [sys.executable, "-m", "alliance_desk", "--db", str(demo), "encrypt"],
        env=env,
        check=True,
        capture_output=True,
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env)
    assert result.returncode == 2 and "bug near" in result.stderr, result.stderr
    assert SECRET not in result.stderr
    written = [p for p in home.rglob("*") if p.is_file()]
    assert any(p.name.startswith("crash-") for p in written)
    for path in written:
        assert SECRET.encode() not in path.read_bytes(), path


def test_copy_to_a_new_file_keeps_it_encrypted(demo: Path, monkeypatch, tmp_path) -> None:
    """`copy-to` from an encrypted portfolio makes a copy encrypted with the same passphrase."""
    import sqlite3

    from alliance_desk.store import migrate, new_files

    monkeypatch.setattr(new_files, "upgrade_to_head", migrate.upgrade)  # not the plain template
    _encrypt(demo, monkeypatch)
    target = tmp_path / "copy.sqlite3"
    monkeypatch.setenv("ALLIANCE_DESK_PASSPHRASE", SECRET)
    assert main(["--db", str(demo), "copy-to", str(target)]) == 0
    assert cipher.looks_encrypted(target)
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(target).execute("SELECT * FROM sqlite_master").fetchall()
    cipher._passphrases.clear()
    monkeypatch.setenv("ALLIANCE_DESK_PASSPHRASE", SECRET)
    assert main(["--db", str(target), "alliances"]) == 0


def test_encrypt_refuses_a_passphrase_shorter_than_eight_characters(
    demo: Path, monkeypatch, capsys
) -> None:
    """As the window's Encrypt portfolio… does: one line, nothing changed."""
    before = demo.read_bytes()
    monkeypatch.setenv("ALLIANCE_DESK_PASSPHRASE", "abc")
    assert main(["--db", str(demo), "encrypt"]) != 0
    err = capsys.readouterr().err
    assert "at least 8 characters" in err and err.count("\n") == 1
    assert demo.read_bytes() == before and not cipher.looks_encrypted(demo)
