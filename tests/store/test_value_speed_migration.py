"""Revision 0028 adds the indexes Value and Habits count from, on a portfolio already holding
rows (file and team store): the rows are kept and counted, the counts read the new indexes,
and going back down drops them and keeps the rows."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from alliance_desk.core.habits import week_start
from alliance_desk.core.policy import Policy
from alliance_desk.store import habit_weeks, value_facts
from alliance_desk.store.database import open_store
from alliance_desk.store.location import resolve
from alliance_desk.store.migrate import alembic_config, upgrade
from tests.helpers import empty_database

TODAY = date(2026, 12, 3)
INDEXES = {
    "ix_escalations_clock",
    "ix_decisions_asked",
    "ix_risks_open",
    "ix_risk_ratings_risk_day",
    "ix_interactions_day_alliance",
    "ix_habit_checkins_week",
}
STAMPS = "'2026-01-02 10:00:00', '2026-01-02 10:00:00', 1"
ROWS = (
    "INSERT INTO alliances (id, name, partner, alliance_type, phase, criticality, complexity, "
    "north_star, strategic_value, financial_value, internal_only, created_at, updated_at, "
    f"version) VALUES (7, 'Aurora', 'Borealis', 'licensing', 'execution', 4, 4, '', 4, 12.5, "
    f"false, {STAMPS})",
    "INSERT INTO escalations (id, alliance_id, title, description, category, severity, "
    "raised_on, delay_days, value_at_stake, internal_only, level, level_since, status, "
    "root_cause, resolution, resolution_kind, created_at, updated_at, version) VALUES (5, 7, "
    "'Slot', '', 'conflict', 'high', '2026-10-01', 0, 0, false, 1, '2026-10-01', 'open', '', "
    f"'', '', {STAMPS})",
    "INSERT INTO decisions (id, alliance_id, title, forum, makers, alternatives, rationale, "
    "status, internal_only, created_at, updated_at, version, recorded_by, raised_on) VALUES "
    f"(3, 7, 'Who files', 'JSC', '', '', '', 'pending', false, {STAMPS}, '', '2026-09-01')",
    "INSERT INTO risks (id, alliance_id, title, category, likelihood, impact, mitigation, "
    f"status, internal_only, created_at, updated_at, version) VALUES (4, 7, 'Supply', "
    f"'business', 4, 4, '', 'open', false, {STAMPS})",
    "INSERT INTO risk_ratings (id, risk_id, likelihood, impact, rated_on) VALUES "
    "(9, 4, 4, 4, '2026-01-05')",
    "INSERT INTO habit_checkins (id, habit, day, alliance_id, note, minutes, created_at) "
    "VALUES (2, 'bridge', '2026-12-01', 7, 'Lunch', 45, '2026-12-01 12:00:00')",
)


def _indexes(url: str) -> set[str]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    listed = (
        "SELECT indexname FROM pg_indexes"
        if engine.dialect.name == "postgresql"
        else "SELECT name FROM sqlite_master WHERE type = 'index'"
    )
    try:
        with engine.connect() as connection:
            return set(connection.execute(text(listed)).scalars()) & INDEXES
    finally:
        engine.dispose()


def _upgrade_holding_rows(url: str) -> None:
    from sqlalchemy import create_engine, text

    upgrade(resolve(url), "0026_open_questions")
    engine = create_engine(url)
    with engine.begin() as connection:
        for statement in ROWS:
            connection.execute(text(statement))
    engine.dispose()
    assert _indexes(url) == set()
    store = open_store(url)  # upgrades to 0028
    try:
        (line,) = value_facts.value_picture(store, Policy(), TODAY, datetime(2026, 12, 3, 12))
        factors = line.placement.factors
        assert (factors.high_risks, factors.past_sla, line.waiting, line.longest_wait) == (
            1,
            1,
            1,
            93,
        )
        assert line.lost > 0 and any("not reviewed" in gap for gap in line.missing)
        week = week_start(TODAY)
        year = habit_weeks.habit_year(store, week, week)
        assert (year.counts["bridge"], year.minutes["bridge"]) == ({week: 1}, {week: 45})
    finally:
        store.close()
    assert _indexes(url) == INDEXES
    from alembic import command

    command.downgrade(alembic_config(resolve(url)), "0026_open_questions")
    assert _indexes(url) == set()
    engine = create_engine(url)
    with engine.connect() as connection:
        for table in ("alliances", "escalations", "decisions", "risks", "habit_checkins"):
            assert connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() == 1
    engine.dispose()


def test_a_file_holding_rows_gains_the_indexes_and_keeps_its_rows(db_path: Path) -> None:
    _upgrade_holding_rows(f"sqlite:///{db_path}")


def test_a_team_store_holding_rows_gains_the_indexes_and_keeps_its_rows(
    postgres_template,
) -> None:
    with empty_database(postgres_template) as url:
        _upgrade_holding_rows(url)


def test_the_counts_read_the_indexes_not_the_tables(db_path: Path) -> None:
    """On the file, the escalation and decision sums never read the wide rows."""
    import sqlite3

    store = open_store(db_path)
    store.close()
    connection = sqlite3.connect(db_path)
    try:
        plan = " ".join(
            str(row)
            for row in connection.execute(
                "EXPLAIN QUERY PLAN SELECT alliance_id, level, level_since, status, resolved_on, "
                "closed_on FROM escalations"
            )
        )
        assert "COVERING INDEX ix_escalations_clock" in plan
        plan = " ".join(
            str(row)
            for row in connection.execute(
                "EXPLAIN QUERY PLAN SELECT alliance_id, raised_on, decided_on FROM decisions "
                "WHERE raised_on IS NOT NULL"
            )
        )
        assert "COVERING INDEX ix_decisions_asked" in plan
    finally:
        connection.close()
