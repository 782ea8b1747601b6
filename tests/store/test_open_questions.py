"""Open questions in the store: revision 0026 lets a decision wait for its decided day on a
portfolio already holding decisions (file and team store), search keeps finding them, the
register lists them first on both engines, and a decision earns its habit credit only once
it is decided."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from alliance_desk.core import wall
from alliance_desk.core.risks import validate_decision
from alliance_desk.store import habits, risks
from alliance_desk.store.database import open_store
from alliance_desk.store.location import resolve
from alliance_desk.store.migrate import alembic_config, upgrade
from tests.helpers import empty_database

ROWS = (
    "INSERT INTO alliances (id, name, partner, alliance_type, phase, criticality, complexity, "
    "north_star, strategic_value, financial_value, internal_only, created_at, updated_at, "
    "version) VALUES (7, 'Aurora', 'Borealis', 'licensing', 'execution', 4, 4, '', 4, 12.5, "
    "false, '2024-01-02 10:00:00', '2024-01-02 10:00:00', 1)",
    "INSERT INTO decisions (id, alliance_id, title, decided_on, forum, makers, alternatives, "
    "rationale, status, internal_only, created_at, updated_at, version, recorded_by, raised_on) "
    "VALUES (3, 7, 'Zephyr supply deal', '2026-03-01', 'JSC', 'Chairs', '', 'Cheaper', "
    "'pending', false, '2026-03-01 10:00:00', '2026-03-01 10:00:00', 1, '', '2026-02-01')",
)


def _titles(store, query: str) -> list[str]:
    from alliance_desk.store.search import search

    return [hit.title for hit in search(store, query, kinds=["decisions"])]


def _upgrade_holding_a_decision(url: str) -> None:
    """0024 with an alliance and a decision, upgraded by opening it: the decision is kept as
    it was, an open question can join it, is found by search, and is decided later."""
    from sqlalchemy import create_engine, text

    upgrade(resolve(url), "0024_search")
    engine = create_engine(url)
    with engine.begin() as connection:
        for statement in ROWS:
            connection.execute(text(statement))
    engine.dispose()
    store = open_store(url)
    try:
        (kept,) = risks.list_decisions(store, 7)
        assert (kept.id, kept.draft.title, kept.draft.forum, kept.draft.rationale) == (
            3,
            "Zephyr supply deal",
            "JSC",
            "Cheaper",
        )
        assert (kept.draft.raised_on, kept.draft.decided_on) == (
            date(2026, 2, 1),
            date(2026, 3, 1),
        )
        assert _titles(store, "zephyr") == ["Zephyr supply deal"]  # indexed before: still found
        asked = validate_decision({"title": "Quokka filing route", "raised_on": "2026-11-02"})
        question = risks.add_decision(store, 7, asked)
        assert [d.id for d in risks.list_decisions(store, 7)] == [question, 3]  # open first
        assert _titles(store, "quokka") == ["Quokka filing route"]  # the insert trigger works
        decided = replace(asked, title="Quokka filing route decided", decided_on=wall.today())
        risks.update_decision(store, question, decided)
        assert _titles(store, "decided") == ["Quokka filing route decided"]  # and the update
    finally:
        store.close()


def test_an_older_file_holding_decisions_upgrades_and_keeps_them(db_path: Path) -> None:
    db_path.touch(mode=0o600)
    _upgrade_holding_a_decision(resolve(db_path).url)
    with sqlite3.connect(db_path) as connection:
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    connection.close()
    assert {"ix_decisions_alliance", "ix_decisions_day"} <= names  # indexes survive the copy
    assert {f"search_decisions_{e}" for e in ("insert", "update", "delete")} <= names


def test_going_back_down_refuses_while_a_question_is_open(db_path: Path) -> None:
    """Down to 0024 would have to invent a decided day or drop the question: it refuses
    until no question is open, then keeps every decision."""
    from alembic import command

    db_path.touch(mode=0o600)
    store = open_store(db_path)
    try:
        with store.engine.begin() as connection:
            for statement in ROWS:
                connection.exec_driver_sql(statement)
        asked = risks.add_decision(
            store, 7, validate_decision({"title": "Open", "raised_on": "2026-11-02"})
        )
    finally:
        store.close()
    config = alembic_config(resolve(db_path))
    with pytest.raises(RuntimeError, match="Open questions are recorded"):
        command.downgrade(config, "0024_search")
    with sqlite3.connect(db_path) as connection:
        kept = connection.execute("SELECT id, decided_on FROM decisions ORDER BY id").fetchall()
        assert kept == [(3, "2026-03-01"), (asked, None)]  # nothing lost, nothing made up
        connection.execute("DELETE FROM decisions WHERE id = ?", (asked,))
    connection.close()
    command.downgrade(config, "0024_search")
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT title FROM decisions").fetchall() == [
            ("Zephyr supply deal",)
        ]
        with pytest.raises(sqlite3.IntegrityError):
            connection.execute(
                "INSERT INTO decisions (alliance_id, title, decided_on, status, internal_only, "
                "created_at, updated_at, version) VALUES (7, 'x', NULL, 'pending', 0, "
                "'2026-01-01', '2026-01-01', 1)"
            )
    connection.close()


def test_a_team_store_holding_decisions_upgrades_and_keeps_them(postgres_template) -> None:
    with empty_database(postgres_template) as url:
        _upgrade_holding_a_decision(url)


def test_the_register_lists_open_questions_first_on_both_engines(store) -> None:
    from alliance_desk.store import portfolio
    from tests.helpers import draft

    aid = portfolio.create_alliance(store, draft(name="A")).id
    day = date(2026, 11, 1)
    for title, decided in (("old", day - timedelta(days=9)), ("new", day), ("asked", None)):
        values = {"title": title, "decided_on": decided, "raised_on": day - timedelta(days=20)}
        risks.add_decision(store, aid, validate_decision(values))
    assert [d.draft.title for d in risks.list_decisions(store, aid)] == ["asked", "new", "old"]
    assert [d.draft.title for d in risks.list_decisions(store)] == ["asked", "new", "old"]


def test_a_decision_credit_counts_on_the_day_it_is_decided(store) -> None:
    """An open question earns nothing yet; decided, it credits its decided day."""
    from alliance_desk.store import portfolio
    from tests.helpers import draft

    aid = portfolio.create_alliance(store, draft(name="A")).id
    today = wall.today()
    first = today - timedelta(days=30)

    def credits() -> list[tuple[str, date]]:
        found = habits.checkins(store, first, today)
        return [(c.habit, c.day) for c in found if c.source and c.source[0] == "decision"]

    asked = validate_decision({"title": "Q", "raised_on": first})
    question = risks.add_decision(store, aid, asked)
    assert credits() == []
    risks.update_decision(store, question, replace(asked, decided_on=today))
    assert [day for _habit, day in credits()] == [today]
