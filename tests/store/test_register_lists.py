"""The risk register and the decision log read a page at a time: every order pages exactly as
a plain Python sort of the whole register (ties by id, empty days first; open questions
first by the day decided, either way, as the whole log lists them), on SQLite and
PostgreSQL; the heat map and the stalled count are those of every record; the default
orders read an index, never sort the table."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest

from alliance_desk.core.risks import heat_map, not_implemented, validate_decision, validate_risk
from alliance_desk.store import portfolio, risks
from alliance_desk.store.database import open_store
from alliance_desk.store.paging import Order
from alliance_desk.store.register_head import risk_cells
from alliance_desk.store.register_lists import (
    DECISION_SORTS,
    RISK_SORTS,
    decision_page,
    risk_page,
    stalled_count,
)
from tests.helpers import Statements, draft

TODAY = date(2026, 12, 3)
TITLES = ("alpha", "Alpha", "beta", "Zulu", "gamma")


def _fill(store, count: int = 30) -> int:
    one = portfolio.create_alliance(store, draft(name="Zephyr")).id  # last by name
    two = portfolio.create_alliance(store, draft(name="Borealis")).id
    gone = portfolio.create_alliance(store, draft(name="Gone")).id
    statuses = ("open", "mitigating", "closed")
    for n in range(count):
        alliance = (one, two, gone)[n % 3] if n < 3 else (one, two)[n % 2]
        review = (TODAY + timedelta(days=n % 9)).isoformat() if n % 4 else ""
        risks.add_risk(
            store,
            alliance,
            validate_risk(
                {
                    "title": TITLES[n % len(TITLES)],
                    "category": ("business", "human", "legal")[n % 3],
                    "likelihood": 1 + n % 5,
                    "impact": 1 + (n * 2) % 5,  # equal scores from other ratings: ties
                    "status": statuses[n % 3],
                    "next_review": review,
                    "mitigation": ("Talk", "talk", "")[n % 3],
                }
            ),
        )
        decided = TODAY - timedelta(days=(n * 17) % 200)
        question = n % 7 == 5  # an open question: raised, no day decided yet
        risks.add_decision(
            store,
            alliance,
            validate_decision(
                {
                    "title": TITLES[n % len(TITLES)],
                    "decided_on": "" if question else decided.isoformat(),
                    "raised_on": (decided - timedelta(days=n % 4)).isoformat()
                    if n % 3 or question
                    else "",
                    "forum": ("JSC", "jsc", "")[n % 3],
                    "status": ("pending", "in progress", "implemented")[n % 3],
                    "review_date": (TODAY + timedelta(days=n % 5)).isoformat() if n % 2 else "",
                }
            ),
        )
    portfolio.delete_alliance(store, gone)
    return one


def _none_first(value):
    return (value is not None, value)


RISK_KEYS = {
    "title": lambda r: r.draft.title.casefold(),
    "category": lambda r: r.draft.category.value,
    "score": lambda r: r.draft.score,
    "rating": lambda r: (r.draft.likelihood, r.draft.impact),
    "status": lambda r: r.draft.status.value,
    "next_review": lambda r: _none_first(r.draft.next_review),
    "mitigation": lambda r: r.draft.mitigation.casefold(),
}


def _waited(d):
    raised, decided = d.draft.raised_on, d.draft.decided_on
    return _none_first(None if None in (raised, decided) else max(0, (decided - raised).days))


DECISION_KEYS = {
    "title": lambda d: d.draft.title.casefold(),
    "decided": lambda d: _none_first(d.draft.decided_on),
    "days_to_decide": _waited,
    "forum": lambda d: d.draft.forum.casefold(),
    "status": lambda d: d.draft.status.value,
    "review": lambda d: _none_first(d.draft.review_date),
}


def _paged(read, limit: int = 4) -> list[int]:
    ids, cursor, more = [], None, True
    while more:
        page = read(cursor, limit)
        ids += [record.id for record in page.rows]
        cursor, more = page.cursor, page.more
    return ids


# Rows that lead whichever way a column sorts: open questions by the day decided.
LEADING = {"decided": lambda d: d.draft.open}


def _sorted(records, key, descending: bool, leading=None) -> list[int]:
    ordered = sorted(records, key=lambda r: (key(r), r.id), reverse=descending)
    if leading is not None:
        ordered = [r for r in ordered if leading(r)] + [r for r in ordered if not leading(r)]
    return [r.id for r in ordered]


REGISTERS = {  # what pages, what lists it whole, and how Python sorts each column
    "risks": (risk_page, risks.list_risks, RISK_KEYS),
    "decisions": (decision_page, risks.list_decisions, DECISION_KEYS),
}


@pytest.mark.parametrize(
    ("register", "column"),
    [("risks", c) for c in RISK_SORTS] + [("decisions", c) for c in DECISION_SORTS],
)
def test_every_order_pages_as_python_sorts_the_whole_register(store, register, column) -> None:
    page, whole, keys = REGISTERS[register]
    one = _fill(store)
    names = {a.id: a.name.casefold() for a in portfolio.list_alliances(store)}
    keys = {**keys, "alliance": lambda r: names[r.alliance_id]}
    for alliance_id in (None, one):
        everything = whole(store, alliance_id)
        for descending in (False, True):
            order = Order(column, descending)
            got = _paged(
                lambda cursor, limit, a=alliance_id, o=order: page(
                    store, a, o, cursor=cursor, limit=limit
                )
            )
            leading = LEADING.get(column) if register == "decisions" else None
            assert got == _sorted(everything, keys[column], descending, leading), order


def test_stalled_decisions_are_those_core_calls_not_implemented(store) -> None:
    _fill(store)
    everything = risks.list_decisions(store)
    late = not_implemented(everything, TODAY, 60)
    assert late and stalled_count(store, None, TODAY, 60) == len(late)
    got = _paged(
        lambda cursor, limit: decision_page(
            store, None, Order("decided"), stalled=(TODAY, 60), cursor=cursor, limit=limit
        )
    )
    assert got == _sorted(late, DECISION_KEYS["decided"], False)


def test_the_heat_map_counts_every_open_risk(store) -> None:
    one = _fill(store)
    for alliance_id in (None, one):
        assert risk_cells(store, alliance_id) == heat_map(risks.list_risks(store, alliance_id))


def test_a_page_of_risks_is_the_whole_register_s_records_read_in_one_statement(store) -> None:
    """A page of the risk register holds the very risks the whole register lists, read in one
    statement (each a round trip on the team store): the register shows no rating history,
    so none is read. Asked for, the history comes in a second statement, the same as the
    whole register's."""
    _fill(store)
    whole = {r.id: r for r in risks.list_risks(store, history=False)}
    with Statements(store) as counted:
        page = risk_page(store, None, Order("score", True), limit=5)
    assert len(counted.seen) == 1
    assert page.rows == [whole[r.id] for r in page.rows] and len(page.rows) == 5
    assert not any(r.history for r in page.rows)
    rated = {r.id: r for r in risks.list_risks(store)}
    assert all(r.history for r in rated.values())
    with Statements(store) as counted:
        page = risk_page(store, None, Order("score", True), limit=5, history=True)
    assert len(counted.seen) == 2
    assert page.rows == [rated[r.id] for r in page.rows]


def test_a_record_far_down_is_read_up_to(store) -> None:
    _fill(store)
    want = _sorted(risks.list_risks(store), RISK_KEYS["score"], True)
    first = risk_page(store, None, Order("score", True), limit=3)
    page = risk_page(
        store, None, Order("score", True), cursor=first.cursor, limit=3, until=want[-2]
    )
    ids = [r.id for r in first.rows + page.rows]
    assert want[-2] in ids and ids == want[: len(ids)]
    stalled = {d.id for d in not_implemented(risks.list_decisions(store), TODAY, 60)}
    hidden = next(d.id for d in risks.list_decisions(store) if d.id not in stalled)
    assert decision_page(store, None, Order("decided"), stalled=(TODAY, 60), until=hidden) is None


def test_the_default_orders_read_an_index(db_path) -> None:
    store = open_store(db_path)
    try:
        one = _fill(store, 12)
        with Statements(store) as counted:
            for alliance_id in (None, one):
                risk_page(store, alliance_id, Order("score", True))
                decision_page(store, alliance_id, Order("decided", True))
        ran = counted.seen
        raw = sqlite3.connect(db_path)
        plans = []
        for statement in ran:
            if "LIMIT" in statement:  # the pages, not the ratings of the risks on them
                plan = raw.execute(f"EXPLAIN QUERY PLAN {statement}", [None] * statement.count("?"))
                plans.append(" | ".join(row[3] for row in plan.fetchall()))
        raw.close()
        assert len(plans) == 4
        for plan in plans:
            assert "TEMP B-TREE" not in plan, plan
            assert any(name in plan for name in ("ix_risks_", "ix_decisions_")), plan
    finally:
        store.close()


def test_the_risk_register_by_score_can_be_read_off_an_index_on_the_team_store(store) -> None:
    """Every key of the score order is never empty, so it is written without a NULLS clause:
    PostgreSQL reads an ascending index backwards only as DESC NULLS FIRST, and with NULLS
    LAST it sorted every risk for the first page (9 ms at ten times the heavy portfolio,
    against 1 ms off the index). The index holds the id after the score (revision 0045), so
    a page is read off it in order, ties included, for the portfolio or one alliance, both
    ways: no sort at all. On the file the plan is the one above."""
    if store.path is not None:
        pytest.skip("SQLite reads DESC and DESC NULLS LAST off its index alike")
    from sqlalchemy import text

    _fill(store, 12)
    with Statements(store) as counted:
        for alliance_id in (None, _fill(store, 3)):
            risk_page(store, alliance_id, Order("score", True))
            risk_page(store, alliance_id, Order("score", False))
    pages = [
        (statement, parameters)
        for statement, parameters in zip(counted.seen, counted.parameters, strict=True)
        if "LIMIT" in statement
    ]
    assert len(pages) == 4
    with store.engine.connect() as connection:
        # Sorting made too dear to choose: only an index giving the whole order avoids it.
        connection.execute(text("SET enable_sort = off"))
        connection.execute(text("SET enable_incremental_sort = off"))
        for statement, parameters in pages:
            assert "NULLS" not in statement, statement
            plan = connection.exec_driver_sql(f"EXPLAIN {statement}", parameters).all()
            lines = [row[0].strip().removeprefix("->  ") for row in plan]
            sorts = ("Sort  (", "Incremental Sort  (")  # nodes (not a "Sort Key:")
            assert not any(line.startswith(sorts) for line in lines), lines
            assert any("ix_risks_" in line for line in lines), lines


def test_open_questions_lead_the_decision_log_as_the_whole_log_lists_them(store) -> None:
    """In the log's default order (newest decided first) the open questions come first on
    both engines, as in store.risks.list_decisions (NULL sorts low on SQLite, high on
    PostgreSQL: the order states it)."""
    one = _fill(store)
    for alliance_id in (None, one):
        whole = risks.list_decisions(store, alliance_id)
        questions = [d.id for d in whole if d.draft.open]
        assert questions and len(questions) < len(whole)
        got = _paged(
            lambda cursor, limit, a=alliance_id: decision_page(
                store, a, Order("decided", True), cursor=cursor, limit=limit
            )
        )
        assert got == [d.id for d in whole]
        assert got[: len(questions)] == questions
