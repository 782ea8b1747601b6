"""Opening a portfolio: created private with WAL and foreign keys; bad files refused untouched."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

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
