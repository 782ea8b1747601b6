"""Opening a portfolio: created private with WAL and foreign keys; bad files refused untouched."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from alliance_desk.core import wall
from alliance_desk.store import portfolio
from alliance_desk.store.database import open_store
from alliance_desk.store.errors import CorruptDatabaseError, NewerDatabaseError, NotADatabaseError
from alliance_desk.store.schema import HEAD_REVISION
from tests.helpers import digest


def test_new_file_is_private_and_in_wal_mode(db_path: Path) -> None:
    """A new portfolio is readable by its owner only, journals in WAL and enforces foreign keys."""
    store = open_store(db_path)
    try:
        assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
        with store.engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert revision == HEAD_REVISION
    finally:
        store.close()


def test_default_location_is_the_data_folder(data_home: Path) -> None:
    """With no --db the portfolio goes in the user data folder, which only its owner can enter."""
    store = open_store(None)
    try:
        assert store.path == data_home / "portfolio.sqlite3"
        assert stat.S_IMODE(data_home.stat().st_mode) == 0o700
    finally:
        store.close()


def test_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    """A file that is not SQLite is refused with a clear message, and not a byte changes."""
    path = tmp_path / "notes.sqlite3"
    path.write_text("Minutes of the JSC, 3 March\n" * 50)
    before = digest(path)
    with pytest.raises(NotADatabaseError, match="not an SQLite database"):
        open_store(path)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.sqlite3"]


def _damage(path: Path) -> None:
    """Overwrite the middle of the file with garbage, as a bad disk sector would."""
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page, len(data) - 16, 97):
        data[offset : offset + 8] = b"\xde\xad\xbe\xef" * 2
    path.write_bytes(bytes(data))


def test_corrupt_database_is_refused_untouched(demo_store, tmp_path: Path) -> None:
    """A damaged portfolio is refused, named as damaged, and left exactly as it was."""
    path = demo_store.path
    demo_store.close()
    _damage(path)
    before = digest(path)
    with pytest.raises((CorruptDatabaseError, NotADatabaseError)) as caught:
        open_store(path)
    assert "untouched" in str(caught.value)
    assert digest(path) == before


def _damage_last_pages(path: Path, pages: int = 3) -> None:
    """Scribble over the last pages only: the header, schema and revision still read fine,
    so only reading every page (quick_check) finds the damage."""
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(len(data) - pages * page + 200, len(data) - 16, 61):
        data[offset : offset + 8] = b"\xde\xad\xbe\xef" * 2
    path.write_bytes(bytes(data))


def test_a_check_run_aside_still_refuses_a_damaged_file(demo_store) -> None:
    """With the page-by-page check on another thread, a damaged file is still refused, before
    anything reads from it, and left exactly as it was."""
    path = demo_store.path
    demo_store.close()
    _damage_last_pages(path)
    before = digest(path)
    store = open_store(path, check_aside=True, start_backup=False)
    with pytest.raises(CorruptDatabaseError) as caught:
        store.verify()
    assert "damaged" in str(caught.value) and "untouched" in str(caught.value)
    assert digest(path) == before


def test_a_check_started_by_the_entry_point_is_the_one_that_decides(demo_store) -> None:
    """`alliance-desk --db FILE` starts reading every page before anything is imported; the
    store waits for that check's verdict (a damaged file refused untouched) rather than
    reading the file twice; a check of another file is not taken for this one's."""
    from alliance_desk.store.integrity import CheckAside

    path = demo_store.path
    demo_store.close()
    sound = open_store(path, check_aside=True, start_backup=False, started_check=CheckAside(path))
    sound.verify()
    sound.close()
    _damage_last_pages(path)
    before = digest(path)
    early = CheckAside(path)
    store = open_store(path, check_aside=True, start_backup=False, started_check=early)
    assert store._pending_check is early
    with pytest.raises(CorruptDatabaseError, match="damaged"):
        store.verify()
    assert digest(path) == before
    other = path.with_name("other.sqlite3")
    other.write_bytes(b"")
    unrelated = CheckAside(other)
    again = open_store(path, check_aside=True, start_backup=False, started_check=unrelated)
    assert again._pending_check is not unrelated
    with pytest.raises(CorruptDatabaseError):
        again.verify()


def test_a_check_begins_early_only_on_a_file_there_is_to_read(demo_store, tmp_path) -> None:
    """`check_early` (the window's start and `export-pack`, before their imports) begins
    reading a portfolio file's pages at once and gives the same verdict as the check on
    opening; there is nothing to begin for a server, a folder, a missing or an empty file."""
    from alliance_desk.store.integrity import check_early

    path = demo_store.path
    demo_store.close()
    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    for nothing in (None, tmp_path, tmp_path / "missing.sqlite3", empty):
        assert check_early(nothing) is None
    check_early(path).wait()  # a sound file passes
    _damage_last_pages(path)
    with pytest.raises(CorruptDatabaseError, match="damaged"):
        check_early(path).wait()


def test_a_check_run_aside_passes_a_sound_file(demo_store) -> None:
    path = demo_store.path
    demo_store.close()
    store = open_store(path, check_aside=True, start_backup=False)
    store.verify()
    assert portfolio.list_alliances(store)
    store.close()


def test_newer_database_is_refused_untouched(db_path: Path) -> None:
    """A portfolio from a newer version of the app is refused, never downgraded or rewritten."""
    open_store(db_path).close()
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    connection.close()
    before = digest(db_path)
    with pytest.raises(NewerDatabaseError, match="newer version"):
        open_store(db_path)
    assert digest(db_path) == before


def test_someone_elses_sqlite_file_is_refused(tmp_path: Path) -> None:
    """An SQLite file from another program is not adopted as a portfolio."""
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE songs (title TEXT)")
    connection.close()
    before = digest(path)
    with pytest.raises(NotADatabaseError, match="not an Alliance Desk portfolio"):
        open_store(path)
    assert digest(path) == before


def test_write_refused_by_database_is_reported(store) -> None:
    """When the database refuses a write, the store says so plainly and keeps what was saved."""
    from sqlalchemy import event

    from alliance_desk.store import portfolio
    from alliance_desk.store.errors import SaveError
    from tests.helpers import draft

    portfolio.create_alliance(store, draft(name="Kept"))
    store.engine.dispose()
    refuse = (
        "PRAGMA query_only=ON"
        if store.engine.dialect.name == "sqlite"
        else "SET default_transaction_read_only = on"
    )

    def read_only(connection, _record) -> None:
        cursor = connection.cursor()
        cursor.execute(refuse)
        cursor.close()
        connection.commit()

    event.listen(store.engine, "connect", read_only)
    with pytest.raises(SaveError, match="read-only"):
        portfolio.create_alliance(store, draft(name="Lost"))
    assert [a.name for a in portfolio.list_alliances(store)] == ["Kept"]


# -- only our files, and only whole ones ----------------------------------------------------


def _at_0016_with_half_of_0017(path: Path) -> None:
    """What an older app left when killed during the 0016 → 0017 upgrade: 0017's first
    column added (each DDL statement committed on its own), the revision still 0016."""
    from alliance_desk.store.location import resolve
    from alliance_desk.store.migrate import upgrade

    path.touch(mode=0o600)
    upgrade(resolve(path), "0016_day_indexes")
    with sqlite3.connect(path) as connection:
        connection.execute("INSERT INTO habit_targets (habit, target) VALUES ('engage', 9)")
        connection.execute("ALTER TABLE habit_targets ADD COLUMN recorded_by VARCHAR(200)")
    connection.close()


def _backup_at(db_path: Path, revision: str, reason: str = "before-upgrade") -> Path:
    """A backup of `db_path` as the app names them, holding a sound portfolio at `revision`."""

    from alliance_desk.store import backup
    from alliance_desk.store.location import make_private_dir, resolve
    from alliance_desk.store.migrate import upgrade

    scratch = db_path.with_name(f"scratch-{revision}.sqlite3")
    scratch.touch(mode=0o600)
    upgrade(resolve(scratch), revision)
    folder = backup.backup_dir(db_path)
    make_private_dir(folder)
    made = folder / f"{db_path.stem}-{wall.now():%Y%m%d-%H%M%S-%f}-{reason}.sqlite3"
    backup.copy_database(scratch, made)
    scratch.unlink()
    return made


def test_a_half_upgraded_file_is_refused_untouched_and_its_backup_offered(db_path: Path) -> None:
    """A file whose tables do not match its recorded revision is refused at every open —
    byte for byte untouched, no backup of it taken however often it is tried, none pruned —
    and the backup from before the upgrade is offered; restoring it opens again."""
    from alliance_desk.store import backup
    from alliance_desk.store.errors import UnfinishedFileError

    _at_0016_with_half_of_0017(db_path)
    offered = _backup_at(db_path, "0016_day_indexes")
    before = digest(db_path)
    for _ in range(15):
        with pytest.raises(UnfinishedFileError, match="half-way") as caught:
            open_store(db_path, keep_backups=1)
        assert caught.value.backup == offered and "before an upgrade" in str(caught.value)
    assert digest(db_path) == before
    assert [info.path for info in backup.list_backups(db_path)] == [offered]
    safety = backup.restore_backup(db_path, offered)
    assert safety is not None and safety.name.endswith("-unreadable.sqlite3")
    store = open_store(db_path)
    try:
        assert (
            store.engine.connect()
            .exec_driver_sql("SELECT version_num FROM alembic_version")
            .scalar()
            == HEAD_REVISION
        )
    finally:
        store.close()


def test_a_half_created_file_is_refused_untouched(db_path: Path) -> None:
    """Tables but no revision (a creation an older app was killed in): refused, untouched."""
    from alliance_desk.store.errors import UnfinishedFileError

    with sqlite3.connect(db_path) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        connection.execute("CREATE TABLE alliances (id INTEGER PRIMARY KEY, name TEXT)")
    connection.close()
    before = digest(db_path)
    with pytest.raises(UnfinishedFileError, match="no Alliance Desk schema revision"):
        open_store(db_path)
    assert digest(db_path) == before


@pytest.mark.parametrize(
    "statements",
    [
        ["CREATE TABLE alembic_version (version_num VARCHAR(32))", "CREATE TABLE songs (t)"],
        [
            "CREATE TABLE alembic_version (version_num VARCHAR(32))",
            "INSERT INTO alembic_version VALUES ('ae1027a6acf')",
            "CREATE TABLE alliances (id INTEGER PRIMARY KEY, title TEXT)",
        ],
        [
            "CREATE TABLE alembic_version (version_num VARCHAR(32))",
            "INSERT INTO alembic_version VALUES ('0005_escalations')",
            "CREATE TABLE songs (t)",
        ],
    ],
    ids=["empty revision", "foreign revision", "our revision, foreign tables"],
)
def test_another_apps_database_is_refused_byte_for_byte(db_path: Path, statements) -> None:
    """Another program's SQLite file — even one that uses Alembic, or whose tables clash with
    ours — is never migrated: refused with a sentence, not a byte changed, nothing added."""
    from alliance_desk.store.errors import StoreError

    with sqlite3.connect(db_path) as connection:
        for statement in statements:
            connection.execute(statement)
    connection.close()
    before = digest(db_path)
    with pytest.raises(StoreError) as caught:
        open_store(db_path)
    assert "untouched" in str(caught.value) and "newer" not in str(caught.value)
    assert digest(db_path) == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


def test_an_empty_file_becomes_a_new_portfolio_and_says_so(db_path: Path) -> None:
    """A 0-byte file holds nothing: it is replaced by a new portfolio (`created`), as is an
    SQLite file without a single table. A file that exists is never created over otherwise."""
    db_path.touch(mode=0o600)
    store = open_store(db_path)
    try:
        assert store.created and portfolio.list_alliances(store) == []
    finally:
        store.close()
    again = open_store(db_path)
    assert not again.created
    again.close()


def test_a_path_in_a_missing_folder_is_refused_but_the_data_folder_is_made(
    tmp_path: Path, data_home: Path
) -> None:
    """A mistyped folder is not created (nothing is); the user data folder is, on first use."""
    from alliance_desk.store.errors import StoreError

    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "no-such-folder" / "portfolio.sqlite3")
    assert not (tmp_path / "no-such-folder").exists()
    open_store(None).close()
    assert (data_home / "portfolio.sqlite3").is_file()


@pytest.mark.parametrize("target", ["/dev/null", "/dev/zero", "."])
def test_a_device_or_folder_is_not_a_portfolio(target: str) -> None:
    """A device or a folder named as the portfolio is refused, and nothing is put there."""
    from alliance_desk.store.errors import NotADatabaseError

    with pytest.raises(NotADatabaseError):
        open_store(target)
    assert Path("/dev/null").is_char_device()


def test_after_a_crash_leftover_partial_files_are_removed_at_start(db_path: Path) -> None:
    """Partial files a killed process left beside the portfolio or among its backups go at
    the next start and are never listed as backups; a live process's are left alone."""
    import os

    from alliance_desk.store import backup

    open_store(db_path).close()
    folder = backup.backup_dir(db_path)
    folder.mkdir(exist_ok=True)
    dead = 2**22 + 12345  # above the kernel's largest process id: never running
    leftovers = [
        db_path.with_name(f"{db_path.name}.{dead}.partial"),
        db_path.with_name(f"{db_path.name}.{dead}.partial-journal"),
        folder / f"{db_path.stem}-20260101-000000-000000-start.sqlite3.{dead}.partial",
        folder / f"{db_path.stem}-20260101-000000-000000-start.sqlite3.partial",
    ]
    live = folder / f"{db_path.stem}-20260101-000000-000000-start.sqlite3.{os.getpid()}.partial"
    for path in [*leftovers, live]:
        path.write_bytes(b"half")
    assert backup.list_backups(db_path) == []
    open_store(db_path).close()
    assert not any(path.exists() for path in leftovers) and live.exists()
    assert all(".partial" not in info.path.name for info in backup.list_backups(db_path))


def test_opening_a_portfolio_at_head_imports_neither_alembic_nor_qt() -> None:
    """Opening a portfolio at head imports neither Alembic nor Qt (the revision and schema
    comparison is one sqlite3 query)."""
    import subprocess
    import sys

    probe = (
        "import sys, tempfile, pathlib\n"
        "from alliance_desk.store.database import open_store\n"
        "p = pathlib.Path(tempfile.mkdtemp()) / 'p.sqlite3'\n"
        "open_store(p).close()\n"
        "[sys.modules.pop(m) for m in list(sys.modules) if 'alembic' in m]\n"
        "open_store(p, start_backup=False).close()\n"
        "print(any('alembic' in m for m in sys.modules), 'PySide6' in sys.modules)\n"
    )
    found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert found.stdout.split() == ["False", "False"], found.stderr


def test_a_portfolio_files_start_loads_no_postgresql_code(db_path: Path) -> None:
    """The data layer as the start imports it, a file at head opened and its Today read:
    neither SQLAlchemy's PostgreSQL dialect (≈ 16 ms of every start, loaded by a column type
    and an index option only the team store uses) nor its driver is imported."""
    import subprocess
    import sys

    open_store(db_path, start_backup=False).close()  # made and upgraded here, not there
    probe = (
        "import sys\n"
        "from alliance_desk.app import import_data_layer\n"
        "import_data_layer()\n"
        "from alliance_desk.store.database import open_store\n"
        "from alliance_desk.store.today import load_today\n"
        f"store = open_store({str(db_path)!r}, start_backup=False)\n"
        "load_today(store)\n"
        "store.close()\n"
        "print(sorted(m for m in sys.modules if 'postgres' in m or 'psycopg' in m))\n"
    )
    found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert found.stdout.strip() == "[]", found.stdout + found.stderr
