"""The command line, used without the window."""

from __future__ import annotations

import os
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


def test_demo_command_writes_where_db_names(capsys, data_home: Path, tmp_path: Path) -> None:
    """`--db FILE demo` puts the demo in FILE, not in the data folder; a team store's URL is
    refused in one line (the demo is a file)."""
    target = tmp_path / "mine.sqlite3"
    assert main(["--db", str(target), "demo"]) == 0
    assert Path(capsys.readouterr().out.strip()) == target.resolve() and target.exists()
    assert not any(data_home.glob("*.sqlite3"))
    assert main(["--db", "postgresql+psycopg://someone@server/team", "demo"]) == 2
    assert "name it with --path" in capsys.readouterr().err


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
    assert "Partner version" in text
    assert (
        main(["--db", str(db), "export-pack", "portfolio", str(tmp_path / "p.pdf"), "--days", "30"])
        == 0
    )
    assert main(["--db", str(db), "export-pack", "briefing", str(tmp_path / "b.pdf")]) == 2
    assert "needs --alliance" in capsys.readouterr().err


# -- no input makes the command line print a traceback --------------------------------------


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> dict[str, str]:
    """The table's placeholders: see `_world`."""
    return _world(tmp_path_factory.mktemp("world"))


def _world(tmp_path: Path) -> dict[str, str]:
    """Paths for the table: a sound portfolio (two alliances differ only in case, one is
    called "3"), other apps' and unfinished files, folders, devices."""
    import sqlite3

    from tests.helpers import draft

    good = tmp_path / "good.sqlite3"
    store = open_store(good)
    for name in ("Twin", "twin", "3", "Solo"):
        portfolio.create_alliance(store, draft(name=name))
    store.close()
    foreign = tmp_path / "foreign.sqlite3"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
        connection.execute("INSERT INTO alembic_version VALUES ('ae1027a6acf')")
        connection.execute("CREATE TABLE alliances (id INTEGER PRIMARY KEY, title TEXT)")
    connection.close()
    half_created = tmp_path / "half-created.sqlite3"
    with sqlite3.connect(half_created) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
        connection.execute("CREATE TABLE alliances (id INTEGER PRIMARY KEY)")
    connection.close()
    half_upgraded = tmp_path / "half-upgraded.sqlite3"
    from tests.store.test_database import _at_0016_with_half_of_0017

    _at_0016_with_half_of_0017(half_upgraded)
    text = tmp_path / "notes.txt"
    text.write_text("JSC minutes\n" * 50)
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    binary = tmp_path / "people.xlsx"
    binary.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 40)
    folder = tmp_path / "a-folder"
    folder.mkdir()
    return {
        "GOOD": str(good),
        "FOREIGN": str(foreign),
        "HALF_CREATED": str(half_created),
        "HALF_UPGRADED": str(half_upgraded),
        "TEXT": str(text),
        "EMPTY": str(empty),
        "BINARY": str(binary),
        "FOLDER": str(folder),
        "MISSING": str(tmp_path / "nothing-here.sqlite3"),
        "NO_FOLDER": str(tmp_path / "no-such-folder" / "out"),
        "PDF": str(tmp_path / "pack.pdf"),
        "CSV": str(tmp_path / "people.csv"),
    }


G = ["--db", "GOOD"]
BAD_INPUT = [
    # where the portfolio is
    ["--db", "sqlite://", "alliances"],
    ["--db", "sqlite:///:memory:", "alliances"],
    ["--db", "mysql://user@localhost/alliances", "alliances"],
    ["--db", "postgresql+psycopg://nobody@127.0.0.1:1/nothing", "alliances"],
    ["--db", "postgresql+psycopg://nobody@host:port/x", "alliances"],
    ["--db", "FOREIGN", "alliances"],
    ["--db", "HALF_CREATED", "alliances"],
    ["--db", "HALF_UPGRADED", "alliances"],
    ["--db", "HALF_UPGRADED", "check"],
    ["--db", "HALF_UPGRADED", "backup"],
    ["--db", "FOREIGN", "check"],
    ["--db", "TEXT", "check"],
    ["--db", "EMPTY", "check"],
    ["--db", "MISSING", "check"],
    ["--db", "MISSING", "backup"],
    ["--db", "/dev/zero", "alliances"],
    ["--db", "/dev/null", "check"],
    ["--db", "FOLDER", "alliances"],
    ["--db", "NO_FOLDER", "alliances"],
    ["--db", "", "alliances"],
    ["--db", "postgresql+psycopg://nobody@127.0.0.1:1/nothing", "where"],
    # packs
    [*G, "export-pack", "portfolio", "PDF", "--days", "99999999"],
    [*G, "export-pack", "portfolio", "PDF", "--days", "-5"],
    [*G, "export-pack", "portfolio", "PDF", "--days", "0"],
    [*G, "export-pack", "portfolio", "PDF", "--days", "ninety"],
    [*G, "export-pack", "portfolio", "NO_FOLDER"],
    [*G, "export-pack", "portfolio", "FOLDER"],
    [*G, "export-pack", "portfolio", "/dev/null"],
    [*G, "export-pack", "portfolio", "GOOD"],
    [*G, "export-pack", "portfolio", "PDF", "--password", ""],
    [*G, "export-pack", "governance", "PDF"],
    [*G, "export-pack", "governance", "PDF", "--alliance", "Twin"],
    [*G, "export-pack", "governance", "PDF", "--alliance", "#999"],
    [*G, "export-pack", "governance", "PDF", "--alliance", "#x"],
    [*G, "export-pack", "governance", "PDF", "--alliance", "4"],
    [*G, "export-pack", "governance", "PDF", "--alliance", "Solo", "--meeting", "0"],
    [*G, "export-pack", "governance", "PDF", "--alliance", "Solo", "--meeting", "99999"],
    [*G, "export-pack", "leaflet", "PDF"],
    # people files
    [*G, "import-people", "twin", "CSV"],
    [*G, "import-people", "Solo", "/dev/zero"],
    [*G, "import-people", "Solo", "MISSING"],
    [*G, "import-people", "Solo", "FOLDER"],
    [*G, "import-people", "Solo", "BINARY"],
    [*G, "import-people", "Solo", "GOOD"],
    [*G, "export-people", "Solo", "NO_FOLDER"],
    [*G, "export-people", "Solo", "FOLDER"],
    [*G, "export-people", "Solo", "/dev/null"],
    [*G, "export-people", "Solo", "GOOD"],
    [*G, "export-people", "Nobody", "CSV"],
    # backups
    [*G, "backup", "--keep", "-3"],
    [*G, "backup", "--keep", "0"],
    [*G, "backup", "--keep", "many"],
    [*G, "backup", "--max-age-days", "-1"],
    [*G, "backup", "--max-age-days", "0"],
    [*G, "restore", "MISSING"],
    [*G, "restore", "EMPTY"],
    [*G, "restore", "FOREIGN"],
    [*G, "restore", "HALF_UPGRADED"],
    [*G, "restore", "TEXT"],
    [*G, "restore", "FOLDER"],
    [*G, "restore", "GOOD"],
    [*G, "restore", "/dev/zero"],
    ["--db", "postgresql+psycopg://nobody@127.0.0.1:1/nothing", "restore", "GOOD"],
    # copying
    [*G, "copy-to", "NO_FOLDER"],
    [*G, "copy-to", "FOLDER"],
    [*G, "copy-to", "GOOD"],
    [*G, "copy-to", "FOREIGN"],
    [*G, "copy-to", "HALF_UPGRADED"],
    [*G, "copy-to", "sqlite://"],
    [*G, "copy-to", "mysql://user@localhost/x"],
    [*G, "copy-to", "/dev/null"],
    # the demo and the grammar itself
    ["demo", "--path", "NO_FOLDER"],
    ["demo", "--path", "FOREIGN", "--replace"],
    ["demo", "--path", "FOLDER", "--replace"],
    ["frobnicate"],
    ["--db"],
    [*G, "export-pack"],
]


@pytest.mark.parametrize("argv", BAD_INPUT, ids=lambda argv: " ".join(argv) or "(none)")
def test_every_bad_input_is_one_line_on_stderr_and_exit_code_2(world, argv, capsys) -> None:
    """Every command, given a bad argument, path or URL: exit code 2, one line on stderr
    that names the problem, no traceback (nothing reaches the last-resort handler either);
    files that are not sound portfolios stay untouched, nothing replaces a device."""
    from tests.helpers import digest

    argv = [world.get(word, word) for word in argv]
    untouched = {
        name: digest(Path(world[name]))
        for name in ("FOREIGN", "HALF_CREATED", "HALF_UPGRADED", "TEXT", "EMPTY")
    }
    try:
        code = main(argv)
    except SystemExit as exited:  # argparse's own refusals
        code = exited.code
    err = capsys.readouterr().err
    assert code == 2, err
    assert len(err.splitlines()) == 1 and err.startswith("alliance-desk: "), err
    assert "Traceback" not in err and "unexpected" not in err
    for name, before in untouched.items():
        assert digest(Path(world[name])) == before, name
    assert Path("/dev/null").is_char_device() and Path("/dev/zero").is_char_device()
    assert not Path(world["NO_FOLDER"]).parent.exists()


def test_the_installed_command_shows_no_traceback_even_for_a_bug(tmp_path: Path) -> None:
    """The real entry point: a failure nobody foresaw (here an unreadable settings module
    is simulated by a broken import) ends in one line naming the crash report, which holds
    the traceback and is private."""
    probe = (
        "import sys, alliance_desk.cli.files as f\n"
        "def boom(args): raise RuntimeError('simulated bug')\n"
        "f.where = boom\n"
        "from alliance_desk.cli import main\n"
        "sys.exit(main(['where']))\n"
    )
    home = tmp_path / "home"
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env={**os.environ, "ALLIANCE_DESK_HOME": str(home)},
    )
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1, result.stderr
    assert "simulated bug" in result.stderr and "Traceback" not in result.stderr
    (report,) = (home / "logs").glob("crash-*.txt")
    assert str(report) in result.stderr
    assert "Traceback" in report.read_text() and (report.stat().st_mode & 0o777) == 0o600


def test_names_and_ids_are_told_apart(world, capsys) -> None:
    """`3` is the alliance called "3"; `#3` is the alliance whose id is 3."""
    assert main(["--db", world["GOOD"], "export-people", "3", world["CSV"]]) == 0
    assert "wrote 0 people" in capsys.readouterr().out
    assert main(["--db", world["GOOD"], "export-people", "#3", world["CSV"]]) == 0
    assert main(["--db", world["GOOD"], "export-people", "TWIN", world["CSV"]]) == 2
    err = capsys.readouterr().err
    assert "#1 “Twin”" in err and "#2 “twin”" in err


def test_a_pack_is_written_private_and_whole(tmp_path: Path, capsys) -> None:
    """Even under umask 000 the PDF is 0600; an export that fails leaves no file at all."""
    import stat

    from alliance_desk.store.demo import create_demo

    db = create_demo(tmp_path / "demo.sqlite3")
    out = tmp_path / "exports"
    out.mkdir()
    before = os.umask(0)
    try:
        assert main(["--db", str(db), "export-pack", "portfolio", str(out / "p.pdf")]) == 0
    finally:
        os.umask(before)
    assert stat.S_IMODE((out / "p.pdf").stat().st_mode) == 0o600
    assert (out / "p.pdf").read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in out.iterdir()) == ["p.pdf"]


def test_a_refused_file_names_the_command_that_restores_its_backup(tmp_path: Path, capsys):
    """`check` on a half-upgraded file: one line saying why, which backup opens, and the
    exact command that restores it — which then works."""
    from tests.store.test_database import _at_0016_with_half_of_0017, _backup_at

    path = tmp_path / "my portfolio.sqlite3"
    _at_0016_with_half_of_0017(path)
    offered = _backup_at(path, "0016_day_indexes")
    assert main(["--db", str(path), "check"]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "half-way" in err
    command = err.split("Restore it with: ")[1].strip()
    import shlex

    argv = shlex.split(command)
    assert argv[0] == "alliance-desk" and argv[-1] == str(offered)
    assert main(argv[1:]) == 0
    assert main(["--db", str(path), "check"]) == 0


def test_every_command_names_a_function_that_runs_it() -> None:
    """Each subcommand of the parser is found in COMMANDS, and each entry imports."""
    import argparse

    from alliance_desk.cli import COMMANDS, _command, build_parser

    parser = build_parser()
    choices = next(a.choices for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert sorted(choices) == sorted(COMMANDS)
    assert all(callable(_command(name)) for name in COMMANDS)


def test_export_pack_loads_only_what_a_pack_needs(tmp_path: Path) -> None:
    """A cold `export-pack` writes the pack without importing Qt, the other commands' code,
    the other packs' composers or the fallback fonts its Western text never uses (each costs
    start-up time), and leaves the cycle collector running as it found it."""
    from bench.generate import generate

    db = tmp_path / "small.sqlite3"
    generate(db, scale=0.01)
    out = tmp_path / "pack.pdf"
    probe = (
        "import sys; from alliance_desk.cli import main; "
        f"code = main(['--db', {str(db)!r}, 'export-pack', 'governance', '--alliance', '#1', "
        f"'--meeting', '1', {str(out)!r}]); "
        "from reportlab.pdfbase import pdfmetrics; "
        "import gc; "
        "shown = ('PySide6', 'alliance_desk.cli', 'alliance_desk.ui', "
        "'alliance_desk.core.search', 'alliance_desk.packs', 'alliance_desk.core.shared_facts', "
        "'alliance_desk.core.habits', 'alliance_desk.store.baseline', 'http.client'); "
        "print(code, sorted(m for m in sys.modules if m.startswith(shown)), "
        "sorted(pdfmetrics.getRegisteredFontNames()), gc.isenabled(), gc.get_freeze_count())"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.splitlines()[-1]
    assert done.startswith("0 ") and out.stat().st_size > 0
    assert "PySide6" not in done and "alliance_desk.ui" not in done
    assert "alliance_desk.cli.today" not in done and "alliance_desk.cli.search" not in done
    assert "alliance_desk.core.search" not in done  # the search's own words: not a pack's
    assert "alliance_desk.packs.governance'" in done
    others = ("briefing", "partner", "portfolio")  # the other packs' composers
    assert not any(f"alliance_desk.packs.{other}'" in done for other in others)
    # the partner's shared facts and the portfolio report's habits and baselines: not this pack's
    assert "shared_facts" not in done and "habits" not in done and "baseline" not in done
    assert "http.client" not in done  # (xml.sax.saxutils' escape imports it)
    assert done.endswith("True 0")  # collecting again, nothing left frozen
    assert "WQY" not in done and "Symbola" not in done and "DejaVu" in done


def test_export_pack_refuses_a_damaged_file_before_writing_a_pack(tmp_path: Path, capsys) -> None:
    """The page-by-page check runs while the pack is read and laid out, yet a file damaged
    where only that check looks is refused in one line, untouched, and no PDF is written."""
    from bench.generate import generate
    from tests.store.test_database import _damage_last_pages

    db = tmp_path / "small.sqlite3"
    generate(db, scale=0.01)
    _damage_last_pages(db)
    before = digest(db)
    out = tmp_path / "pack.pdf"
    code = main(["--db", str(db), "export-pack", "governance", "--alliance", "#1", str(out)])
    assert code == 2 and "damaged" in capsys.readouterr().err
    assert not out.exists() and digest(db) == before
