"""What Today counts of risks and decisions, and the risk heat map, are read from indexes alone
(migration 0033): at ten times the heavy portfolio reading each row behind them, or sorting
every open risk by its cell, took a fifth of Today and half of the heat map. Asked of SQLite's
query planner, as the statements are run: the plan, not a timing."""

from __future__ import annotations

import sqlite3

from alliance_desk.store import register_head
from alliance_desk.store.today import load_today
from tests.helpers import statements_run


def _plans(store, read) -> list[tuple[str, list[str]]]:
    """Each statement `read(store)` runs, with SQLite's plan for it (one line a step)."""
    run = statements_run(store, lambda: read(store))
    planner = sqlite3.connect(store.path)
    try:
        return [
            (statement, [row[3] for row in planner.execute(f"EXPLAIN QUERY PLAN {statement}", p)])
            for statement, p in run
        ]
    finally:
        planner.close()


def test_todays_counts_read_risks_and_decisions_from_their_indexes_alone(demo_store) -> None:
    plans = _plans(demo_store, load_today)
    counted = [plan for statement, plan in plans if "AS counts" in statement]
    assert counted, "Today counts its tasks in one statement"
    steps = counted[0]
    assert "SCAN risks USING COVERING INDEX ix_risks_due" in steps, steps
    assert "SCAN decisions USING COVERING INDEX ix_decisions_due" in steps, steps
    assert not [step for step in steps if step in ("SCAN risks", "SCAN decisions")], steps


def test_the_heat_map_counts_its_cells_from_an_index_in_their_order(demo_store) -> None:
    """Across the portfolio: every open risk, counted alliance by alliance in the index's
    order, none sorted (migration 0044)."""
    plans = _plans(demo_store, lambda store: register_head.risk_cells(store, None))
    ((_statement, steps),) = plans
    assert "SCAN risks USING COVERING INDEX ix_risks_alliance_cells" in steps, steps
    assert not [step for step in steps if "TEMP B-TREE" in step], steps


def test_todays_custom_cadences_are_found_from_their_index_not_every_stakeholder(
    demo_store,
) -> None:
    """Today lists the calls under a custom cadence for Python (migration 0042): the few
    are read from the partial index ix_stakeholders_custom; no step reads every stakeholder's
    row to find them."""
    (inputs,) = [
        steps for statement, steps in _plans(demo_store, load_today) if "AS habits" in statement
    ]
    assert any("ix_stakeholders_custom" in step for step in inputs), inputs
    assert "SCAN stakeholders" not in inputs, inputs
