"""The command line, used without the window."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from alliance_desk.cli import main
from alliance_desk.store import portfolio
from alliance_desk.store.database import open_store
from tests.helpers import digest


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    """`--help` explains the options and every subcommand."""
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    for word in ("--db", "--demo", "demo", "backup", "backups", "restore", "check", "where"):
        assert word in out


def test_entry_point_answers_without_loading_qt() -> None:
    """`python -m alliance_desk --version` answers, and the command line never imports Qt."""
    version = subprocess.run(
        [sys.executable, "-m", "alliance_desk", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert version.stdout.strip() == "Alliance Desk 0.1.0"
    probe = "import sys, alliance_desk.cli as c; c.build_parser(); print('PySide6' in sys.modules)"
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert loaded.stdout.strip() == "False"


def test_demo_command_creates_the_demo_file(capsys, data_home: Path) -> None:
    assert main(["demo"]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path.parent == data_home and path.exists()


def test_check_refuses_a_corrupt_file_with_exit_code(tmp_path: Path, capsys) -> None:
    """A file that is not a portfolio gives a message on stderr and a non-zero exit, untouched."""
    path = tmp_path / "broken.sqlite3"
    path.write_bytes(b"\x00garbage" * 500)
    before = digest(path)
    assert main(["--db", str(path), "check"]) == 2
    err = capsys.readouterr().err
    assert "not an Alliance Desk portfolio" in err
    assert digest(path) == before


def test_check_on_a_missing_file_says_so(tmp_path: Path, capsys) -> None:
    """`check` on a path with no portfolio fails instead of reporting it healthy."""
    assert main(["--db", str(tmp_path / "nothing.sqlite3"), "check"]) == 2
    assert "there is no portfolio" in capsys.readouterr().err
    assert not (tmp_path / "nothing.sqlite3").exists()


def test_check_backup_list_and_restore(tmp_path: Path, capsys) -> None:
    """backup, backups and restore work end to end on a named file."""
    path = tmp_path / "p.sqlite3"
    store = open_store(path)
    from tests.helpers import draft

    portfolio.create_alliance(store, draft(name="Keep me"))
    store.close()
    assert main(["--db", str(path), "check"]) == 0
    assert "ok" in capsys.readouterr().out
    assert main(["--db", str(path), "backup"]) == 0
    made = Path(capsys.readouterr().out.strip())
    assert made.exists()
    assert main(["--db", str(path), "backups"]) == 0
    assert str(made) in capsys.readouterr().out
    store = open_store(path, start_backup=False)
    portfolio.delete_alliance(store, portfolio.list_alliances(store)[0].id)
    store.close()
    assert main(["--db", str(path), "restore", str(made)]) == 0
    store = open_store(path, start_backup=False)
    try:
        assert [a.name for a in portfolio.list_alliances(store)] == ["Keep me"]
    finally:
        store.close()


def test_backup_prunes_by_age_when_asked(tmp_path: Path, capsys) -> None:
    """`backup --max-age-days N` removes older backups, never the one it just took."""
    from alliance_desk.store import backup

    path = tmp_path / "p.sqlite3"
    open_store(path).close()
    old = backup.take_backup(path)
    day = old.name.split("-")[-4]
    old = old.rename(old.with_name(old.name.replace(day, "20200101")))
    assert main(["--db", str(path), "backup", "--max-age-days", "30"]) == 0
    made = Path(capsys.readouterr().out.strip())
    assert made.exists() and not old.exists()


def test_people_import_and_export_from_the_command_line(tmp_path: Path, capsys) -> None:
    """A 500-row spreadsheet imports in one go; a bad one imports nothing and names the row."""
    from alliance_desk.store import stakeholders
    from tests.helpers import draft

    path = tmp_path / "p.sqlite3"
    store = open_store(path)
    alliance = portfolio.create_alliance(store, draft(name="Big alliance"))
    store.close()
    rows = ["Name;Side;Title;Power;Interest;Stance;Cadence"]
    rows += [
        f"Person {i:03};{'partner' if i % 2 else 'internal'};Role {i};"
        f"{i % 5 + 1};{(i * 3) % 5 + 1};"
        f"{['champion', 'supporter', 'neutral', 'sceptic', 'blocker'][i % 5]};monthly"
        for i in range(500)
    ]
    sheet = tmp_path / "people.csv"
    sheet.write_bytes(("\ufeff" + "\r\n".join(rows) + "\r\n").encode("utf-8"))
    assert main(["--db", str(path), "import-people", "big alliance", str(sheet)]) == 0
    assert "imported 500 people" in capsys.readouterr().out

    bad = tmp_path / "bad.csv"
    bad.write_text("name,side,interest\nLate Comer,partner,0\n", encoding="utf-8")
    assert main(["--db", str(path), "import-people", f"#{alliance.id}", str(bad)]) == 2
    assert "row 2, column “interest”" in capsys.readouterr().err

    out = tmp_path / "out.csv"
    assert main(["--db", str(path), "export-people", f"#{alliance.id}", str(out)]) == 0
    store = open_store(path, start_backup=False)
    try:
        assert len(stakeholders.list_stakeholders(store, alliance.id)) == 500
    finally:
        store.close()
    assert out.read_bytes().count(b"\r\n") == 501
    assert main(["--db", str(path), "export-people", "nope", str(out)]) == 2


def test_export_pack_from_the_command_line(tmp_path: Path, capsys) -> None:
    """export-pack writes each kind of pack; a governance pack needs an alliance."""
    from pypdf import PdfReader

    from alliance_desk.store.demo import create_demo

    db = create_demo(tmp_path / "demo.sqlite3")
    out = tmp_path / "jsc.pdf"
    assert (
        main(
            [
                "--db",
                str(db),
                "export-pack",
                "governance",
                str(out),
                "--alliance",
                "#1",
                "--audience",
                "partner",
            ]
        )
        == 0
    )
    text = "".join(page.extract_text() for page in PdfReader(str(out)).pages)
    assert "Shared with the partner" in text
    assert (
        main(["--db", str(db), "export-pack", "portfolio", str(tmp_path / "p.pdf"), "--days", "30"])
        == 0
    )
    assert main(["--db", str(db), "export-pack", "briefing", str(tmp_path / "b.pdf")]) == 2
    assert "needs --alliance" in capsys.readouterr().err
