"""Schema upgrades keep the user's data; the code and the migration scripts agree."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from alliance_desk.store import backup, portfolio
from alliance_desk.store.database import make_engine, open_store
from alliance_desk.store.location import resolve
from alliance_desk.store.migrate import alembic_config, upgrade
from alliance_desk.store.models import Base
from alliance_desk.store.schema import HEAD_REVISION, KNOWN_REVISIONS


def test_known_revisions_match_the_scripts(db_path: Path) -> None:
    """The revision list start-up checks against is exactly the chain in migrations/versions."""
    scripts = ScriptDirectory.from_config(alembic_config(resolve(db_path)))
    chain = [script.revision for script in scripts.walk_revisions()][::-1]
    assert tuple(chain) == KNOWN_REVISIONS
    assert scripts.get_current_head() == HEAD_REVISION


def test_models_match_the_migrated_schema(store) -> None:
    """Upgrading to head yields exactly the tables and columns the models declare."""
    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_upgrade_keeps_rows_and_backs_up_first(db_path: Path) -> None:
    """A portfolio at the first revision, holding data, upgrades with every row intact."""
    location = resolve(db_path)
    db_path.touch(mode=0o600)
    upgrade(location, "0001_initial")
    with sqlite3.connect(db_path) as connection:
        connection.execute(
            "INSERT INTO alliances (id, name, partner, alliance_type, phase, criticality, "
            "complexity, north_star, strategic_value, financial_value, internal_only, "
            "created_at, updated_at) VALUES (7, 'Καλή Συνεργασία', 'Borealis', 'licensing', "
            "'execution', 4, 4, 'Reach patients first', 4, 12.5, 0, "
            "'2024-01-02 10:00:00', '2024-01-02 10:00:00')"
        )
        connection.execute(
            "INSERT INTO people (id, name, side, title, organisation, function, email, phone, "
            "internal_only, created_at, updated_at) VALUES (3, 'Ирина', 'partner', '', '', '', "
            "'', '', 0, '2024-01-02 10:00:00', '2024-01-02 10:00:00')"
        )
        connection.execute(
            "INSERT INTO stakeholders (alliance_id, person_id, role) VALUES (7, 3, 'JSC')"
        )
    connection.close()

    store = open_store(db_path)
    try:
        (alliance,) = portfolio.list_alliances(store)
        assert (alliance.id, alliance.name, alliance.financial_value) == (
            7,
            "Καλή Συνεργασία",
            12.5,
        )
        assert alliance.tier == 1  # 4 × 4 = 16
        assert portfolio.north_star_history(store, 7) == [("2024-01-02", "Reach patients first")]
        with make_engine(store.location).connect() as connection:
            people = connection.exec_driver_sql("SELECT name FROM people").scalars().all()
        assert people == ["Ирина"]
    finally:
        store.close()
    (taken,) = backup.list_backups(db_path)
    assert taken.reason == "before-upgrade"
    with sqlite3.connect(taken.path) as old:
        assert old.execute("SELECT version_num FROM alembic_version").fetchone() == (
            "0001_initial",
        )
        assert old.execute("SELECT name FROM alliances").fetchall() == [("Καλή Συνεργασία",)]
    old.close()
