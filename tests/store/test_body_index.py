"""Each alliance's committees are found through an index on their alliance (migration 0034):
Value and Today look up every live alliance's last and next meeting, and without it the
database read every committee for each alliance — PostgreSQL the whole table twice per
alliance (at ten times the heavy portfolio ≈ 40 ms of Value's statement). Asked of each
database's planner for the statements as they are run: the plan, not a timing."""

from __future__ import annotations

from datetime import date, datetime

from alliance_desk.store import value_facts
from alliance_desk.store.policy import load_policy
from tests.helpers import statements_run


def _plan(store, statement: str, parameters) -> str:
    """The database's plan for `statement`, one step a line. PostgreSQL is told to avoid
    reading whole tables wherever it can (its choice on a near-empty table says nothing):
    a whole-table read left in the plan has no index to use instead."""
    with store.engine.connect() as connection:
        cursor = connection.connection.dbapi_connection.cursor()
        if store.path is None:
            cursor.execute("SET enable_seqscan = off")
            cursor.execute(f"EXPLAIN {statement}", parameters)
            return "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)
        return "\n".join(row[3] for row in cursor.fetchall())


def test_value_finds_each_alliances_committees_through_their_index(store) -> None:
    policy = load_policy(store)

    def read(store) -> None:
        value_facts.value_picture(store, policy, date(2026, 12, 4), datetime(2026, 12, 4, 9))

    # The picture's statement, the one naming the committees (the kept sums are read apart).
    ((statement, parameters),) = [
        (statement, parameters)
        for statement, parameters in statements_run(store, lambda: read(store))
        if "governance_bodies" in statement
    ]
    plan = _plan(store, statement, parameters)
    assert "governance_bodies" in plan, plan
    if store.path is None:
        assert "Seq Scan on governance_bodies" not in plan, plan
    else:
        assert "ix_governance_bodies_alliance" in plan, plan
        assert "AUTOMATIC" not in plan, plan
