"""Schema upgrades keep the user's data; the code and the migration scripts agree."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from alliance_desk.core import wall
from alliance_desk.store import backup, portfolio
from alliance_desk.store.database import open_store
from alliance_desk.store.engine import make_engine
from alliance_desk.store.location import resolve
from alliance_desk.store.migrate import alembic_config, upgrade
from alliance_desk.store.models import Base
from alliance_desk.store.schema import FINGERPRINTS, HEAD_REVISION, KNOWN_REVISIONS


def test_known_revisions_match_the_scripts(db_path: Path) -> None:
    """The revision list start-up checks against is exactly the chain in migrations/versions."""
    scripts = ScriptDirectory.from_config(alembic_config(resolve(db_path)))
    chain = [script.revision for script in scripts.walk_revisions()][::-1]
    assert tuple(chain) == KNOWN_REVISIONS
    assert scripts.get_current_head() == HEAD_REVISION


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_models_match_the_migrated_schema(store) -> None:
    """Upgrading to head yields exactly the tables and columns the models declare (besides
    what only the team store's server keeps: its access tables and who-wrote-it columns; and
    the search index and its PostgreSQL indexes: triggers and text-search expressions; and
    the risk score's expression indexes, which SQLite's reflection cannot read: the
    fingerprints hold their names)."""
    from alliance_desk.store import access

    def ours(thing, name, kind, _reflected, _compare_to) -> bool:
        if (name or "").startswith("search_index"):
            return False
        if kind == "table":
            return name not in access.SERVER_TABLES
        if kind == "column":
            return name not in access.SERVER_COLUMNS
        if kind == "index" and (name or "").endswith(("_search", "_score")):
            return False
        return not (kind == "index" and thing.table.name in access.SERVER_TABLES)

    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": ours})
        differences = compare_metadata(context, Base.metadata)
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


def _habits_at_0016(url: str) -> None:
    """A store at 0016 holding one of each kind of personal habit record."""
    from sqlalchemy import create_engine, text

    upgrade(resolve(url), "0016_day_indexes")
    engine = create_engine(url)
    with engine.begin() as connection:
        for statement in (
            "INSERT INTO habit_checkins (habit, day, note, minutes, created_at) "
            "VALUES ('bridge', '2026-11-30', 'Lunch', 30, '2026-11-30 12:00:00')",
            "INSERT INTO habit_targets (habit, target) VALUES ('engage', 9)",
            "INSERT INTO habit_weekly_reviews (week, went_well, got_in_the_way, focus, "
            "created_at) VALUES ('2026-11-30', 'Calls', '', '', '2026-12-04 17:00:00')",
            "INSERT INTO habit_dismissed_credits (kind, record_id) VALUES ('interaction', 5)",
        ):
            connection.execute(text(statement))
    engine.dispose()


def _check_habits_kept(store) -> None:
    from datetime import date

    from alliance_desk.store import habits

    day = date(2026, 11, 30)
    assert [(c.habit, c.note) for c in habits.checkins(store, day, day)] == [("bridge", "Lunch")]
    assert next(h for h in habits.habits(store) if h.key == "engage").target == 9
    assert habits.review(store, day) == ("Calls", "", "")


def test_habits_survive_becoming_personal_on_a_file(db_path: Path) -> None:
    db_path.touch(mode=0o600)
    _habits_at_0016(resolve(db_path).url)
    store = open_store(db_path)
    try:
        _check_habits_kept(store)
        with store.engine.connect() as connection:
            owners = connection.exec_driver_sql("SELECT recorded_by FROM habit_targets")
            assert owners.scalars().all() == [""]  # a file has one user
    finally:
        store.close()


def test_habits_survive_becoming_personal_on_the_team_store(postgres_template) -> None:
    """On PostgreSQL the rows from before the upgrade go to the role that upgrades, so row-
    level security does not hide them from everyone."""
    import uuid

    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from tests.conftest import SERVER

    name = f"alliance_desk_up_{uuid.uuid4().hex[:10]}"
    with postgres_template.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    url = make_url(SERVER).set(database=name).render_as_string(hide_password=False)
    try:
        _habits_at_0016(url)
        store = open_store(url)
        try:
            _check_habits_kept(store)
            with store.engine.connect() as connection:
                owner = connection.execute(text("SELECT recorded_by FROM habit_targets"))
                assert owner.scalar_one() == store.user
        finally:
            store.close()
    finally:
        with postgres_template.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


def test_fingerprints_match_the_migrations() -> None:
    """Each revision's recorded schema fingerprint is what its migration produces; a new
    revision needs its line in `schema.FINGERPRINTS` (printed here when it is missing)."""
    from alliance_desk.store.migrate import fingerprints_by_revision

    found = fingerprints_by_revision()
    lines = "".join(f'    "{revision}": "{value}",\n' for revision, value in found.items())
    assert found == FINGERPRINTS, f"schema.FINGERPRINTS should read:\n{lines}"


def test_the_head_fingerprint_is_the_models_schema(tmp_path: Path) -> None:
    """The tables and columns at head are the models' own (so a file that matches the
    fingerprint is one the app can use)."""
    from sqlalchemy import create_engine

    from alliance_desk.store.integrity import fingerprint

    path = tmp_path / "models.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    Base.metadata.create_all(engine)
    engine.dispose()
    migrated = tmp_path / "migrated.sqlite3"
    open_store(migrated).close()

    def tables_and_columns(file: Path) -> set[tuple[str, str]]:
        with sqlite3.connect(file) as connection:
            return set(
                connection.execute(
                    "SELECT m.name, c.name FROM sqlite_master m, pragma_table_info(m.name) c "
                    "WHERE m.type = 'table' AND m.name != 'alembic_version' "
                    # The search index is the database's own (triggers fill it), not a model.
                    "AND m.name NOT LIKE 'search_index%'"
                )
            )

    assert tables_and_columns(path) == tables_and_columns(migrated)
    with sqlite3.connect(migrated) as connection:
        assert fingerprint(connection) == FINGERPRINTS_HEAD()


def FINGERPRINTS_HEAD() -> str:
    from alliance_desk.store.schema import FINGERPRINTS

    return FINGERPRINTS[HEAD_REVISION]


def test_an_upgrade_that_fails_half_way_leaves_the_file_as_it_was(db_path: Path) -> None:
    """A failure in the middle of the upgrade (here, a statement refused part way through
    0003's table rebuild) rolls everything back, DDL included: the file is at its old
    revision with its old tables, and the next start upgrades it normally."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from alliance_desk.store.integrity import inspect_file
    from tests.helpers import digest

    db_path.touch(mode=0o600)
    upgrade(resolve(db_path), "0002_north_star_history")
    before = digest(db_path)
    seen = [0]

    def refuse(_conn, _cursor, statement, *_args) -> None:
        seen[0] += 1
        if seen[0] == 40:
            raise RuntimeError("simulated failure half-way through the upgrade")

    event.listen(Engine, "before_cursor_execute", refuse)
    try:
        with pytest.raises(RuntimeError, match="simulated"):
            upgrade(resolve(db_path))
    finally:
        event.remove(Engine, "before_cursor_execute", refuse)
    assert inspect_file(db_path) == "0002_north_star_history"
    assert digest(db_path) == before
    open_store(db_path).close()
    assert inspect_file(db_path) == HEAD_REVISION


AURORA = (  # an alliance row as the revisions from 0011 on store it
    "INSERT INTO alliances (id, name, partner, alliance_type, phase, criticality, "
    "complexity, north_star, strategic_value, financial_value, internal_only, "
    "created_at, updated_at, version) VALUES (7, 'Aurora', 'Borealis', 'licensing', "
    "'execution', 4, 4, '', 4, 12.5, 0, '2024-01-02 10:00:00', '2024-01-02 10:00:00', 1)"
)


def test_snoozes_arrive_on_a_portfolio_holding_rows_and_leave_it_intact(db_path: Path) -> None:
    """0019 → 0020 on a file with an alliance, a rule and a check-in: all kept, Today's
    snoozes work; and back to 0019, the rows are still there."""
    from datetime import date, timedelta

    from alliance_desk.store import habits, policy
    from alliance_desk.store import today as store_today

    location = resolve(db_path)
    db_path.touch(mode=0o600)
    upgrade(location, "0019_portfolio_policy")
    with sqlite3.connect(db_path) as connection:
        connection.execute(AURORA)
        connection.execute(
            "INSERT INTO portfolio_policy (name, value, updated_at) "
            "VALUES ('sla-level-1', '3', '2026-12-01 09:00:00')"
        )
        connection.execute(
            "INSERT INTO habit_checkins (habit, day, note, minutes, created_at, recorded_by) "
            "VALUES ('bridge', '2026-11-30', 'Lunch', 30, '2026-11-30 12:00:00', '')"
        )
    connection.close()
    store = open_store(db_path)
    try:
        assert [a.name for a in portfolio.list_alliances(store)] == ["Aurora"]
        assert policy.load_policy(store).sla_days[1] == 3
        day = date(2026, 11, 30)
        assert [c.note for c in habits.checkins(store, day, day)] == ["Lunch"]
        store_today.snooze(store, "call:3", wall.today() + timedelta(days=2))
        assert store_today.snoozes(store, wall.today()) == {
            "call:3": wall.today() + timedelta(days=2)
        }
    finally:
        store.close()
    from alembic import command

    command.downgrade(alembic_config(location), "0019_portfolio_policy")
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT name FROM alliances").fetchall() == [("Aurora",)]
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        assert "today_snoozes" not in tables
    connection.close()


def test_value_arrives_on_a_portfolio_holding_rows_and_leaves_it_intact(db_path: Path) -> None:
    """0020 → 0022 on a file with an alliance and a decision: both kept (the decision's
    question date unknown), milestones and KPIs work; and back down, the rows are still
    there."""
    from datetime import date

    from alembic import command

    from alliance_desk.core.value import validate_kpi, validate_milestone
    from alliance_desk.store import risks, value

    location = resolve(db_path)
    db_path.touch(mode=0o600)
    upgrade(location, "0020_today_snooze")
    with sqlite3.connect(db_path) as connection:
        connection.execute(AURORA)
        connection.execute(
            "INSERT INTO decisions (id, alliance_id, title, decided_on, forum, makers, "
            "alternatives, rationale, status, internal_only, created_at, updated_at, version, "
            "recorded_by) VALUES (3, 7, 'Go', '2026-03-01', 'JSC', '', '', '', 'pending', 0, "
            "'2026-03-01 10:00:00', '2026-03-01 10:00:00', 1, '')"
        )
    connection.close()
    store = open_store(db_path)
    try:
        (decision,) = risks.list_decisions(store, 7)
        assert (decision.draft.title, decision.draft.raised_on) == ("Go", None)
        value.add_milestone(
            store, 7, validate_milestone({"title": "M", "planned_on": "2027-01-01"})
        )
        kpi = value.add_kpi(store, 7, validate_kpi({"name": "K", "target": 3}))
        value.record_actual(store, kpi, date(2026, 12, 1), 2)
        assert [m.title for m in value.list_milestones(store, 7)] == ["M"]
        assert value.list_kpis(store, 7)[0].latest == 2
    finally:
        store.close()
    command.downgrade(alembic_config(location), "0020_today_snooze")
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT title FROM decisions").fetchall() == [("Go",)]
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        assert not tables & {"milestones", "kpis", "kpi_actuals", "practice_baselines"}
    connection.close()
