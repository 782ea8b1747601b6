"""The escalation log read a page at a time: every order and filter gives exactly the rows a
plain Python sort and filter of the whole log gives (ties, empty owners and holidays
included), on SQLite and PostgreSQL; a page costs the same statements however long the log;
the default order reads an index, never sorts the table."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date, timedelta

import pytest

from alliance_desk.core.business_days import SlaPolicy
from alliance_desk.core.escalation_ages import age_buckets, cost_of_time
from alliance_desk.core.escalations import validate_escalation, validate_resolution
from alliance_desk.core.people import validate_person
from alliance_desk.store import escalation_moves, escalations, people, portfolio
from alliance_desk.store.database import open_store
from alliance_desk.store.escalation_log import (
    COLUMNS,
    LogFilter,
    log_count,
    log_page,
)
from alliance_desk.store.escalation_totals import log_totals
from alliance_desk.store.paging import Order
from tests.helpers import draft, statements

TODAY = date(2026, 12, 3)  # a Thursday
POLICY = SlaPolicy(days=(2, 3, 5, 10), holidays=frozenset({date(2026, 11, 26), TODAY}))
TITLES = ("alpha", "Alpha", "ALPHA", "beta", "Zulu", "gamma 100%", "Delta_x")


def _fill(store, count: int = 42, first: int = 0) -> tuple[int, int]:
    """`count` escalations over two alliances (and one on a deleted alliance, never listed):
    every level and status, days on weekends, holidays and in ties, owners and none."""
    alliances = portfolio.list_alliances(store)
    if len(alliances) < 2:
        one = portfolio.create_alliance(store, draft(name="Aurora")).id
        two = portfolio.create_alliance(store, draft(name="borealis")).id
        gone = portfolio.create_alliance(store, draft(name="Gone")).id
        lost = validate_escalation({"title": "alpha", "category": "conflict", "raised_on": TODAY})
        escalations.raise_escalation(store, gone, lost)
        portfolio.delete_alliance(store, gone)
    else:
        one, two = sorted(a.id for a in alliances)[:2]
    owner = people.create_person(store, validate_person({"name": "Élodie", "side": "internal"}))
    other = people.create_person(store, validate_person({"name": "bo", "side": "partner"}))
    for alliance in (one, two):
        for person in (owner, other):
            people.add_to_alliance(store, alliance, person.id)
    categories = ("misunderstanding", "business problem", "conflict")
    severities = ("low", "medium", "high", "critical")
    for n in range(first, first + count):
        day = TODAY - timedelta(days=(n * 5) % 37)  # repeats: ties on the day
        made = validate_escalation(
            {
                "title": TITLES[n % len(TITLES)],
                "category": categories[n % 3],
                "severity": severities[(n // 2) % 4],
                "description": "the clause on cost-sharing" if n % 5 == 0 else "",
                "raised_on": day,
                "owner_id": (owner.id, other.id, None)[n % 3],
                "delay_days": n % 7,
                "value_at_stake": (n % 4) * 1.5,
            }
        )
        made_id = escalations.raise_escalation(store, (one, two)[n % 2], made, level=n % 4)
        if n % 6 == 5:
            resolution = {"root_cause": "r", "resolution": "s", "kind": "compromise"}
            escalation_moves.resolve(store, made_id, validate_resolution(resolution))
            if n % 12 == 11:
                escalation_moves.close(store, made_id)
    return one, two


def _listed(item, shown: LogFilter, today: date = TODAY, policy: SlaPolicy = POLICY) -> bool:
    if item.id == shown.pinned:
        return True
    status = item.status.value
    if shown.status == "active" and not item.status.active:
        return False
    if shown.status not in (None, "active") and status != shown.status:
        return False
    text = shown.text.strip().casefold()
    haystack = f"{item.title} {item.alliance_name} {item.draft.description}".casefold()
    return (
        (shown.alliance_id is None or item.alliance_id == shown.alliance_id)
        and (shown.category is None or item.draft.category.value == shown.category)
        and (shown.level is None or item.level == shown.level)
        and (not shown.past_only or item.past_sla(today, policy))
        and (not text or text in haystack)
    )


PLAIN = {  # each column's key of an escalation on a day
    "title": lambda e, _today: e.title.casefold(),
    "level": lambda e, _today: e.level,
    "days_open": lambda e, today: e.days_open(today),
    "alliance": lambda e, _today: e.alliance_name.casefold(),
    "severity": lambda e, _today: e.draft.severity.rank,
    "category": lambda e, _today: e.draft.category.value,
    "status": lambda e, _today: e.status.value,
    "raised": lambda e, _today: e.raised_on,
    "at_level": lambda e, today: e.days_at_level(today),
    "owner": lambda e, _today: e.person(e.draft.owner_id).casefold(),
}


def expected(
    store, shown: LogFilter, order: Order, today: date = TODAY, policy: SlaPolicy = POLICY
) -> list[int]:
    """The log as Python sorts and filters the whole of it: ties by id, reversed whole."""

    def key(e):
        if order.column == "sla":
            return (0 if e.past_sla(today, policy) else 1, e.trigger_date(policy), e.level_since)
        if order.column == "trigger":
            return (0 if e.status.active else 1, e.trigger_date(policy), e.level_since)
        return (PLAIN[order.column](e, today),)

    rows = [e for e in escalations.list_escalations(store) if _listed(e, shown, today, policy)]
    rows.sort(key=lambda e: (*key(e), e.id), reverse=order.descending)
    return [e.id for e in rows]


def paged(
    store,
    shown: LogFilter,
    order: Order,
    limit: int = 5,
    today: date = TODAY,
    policy: SlaPolicy = POLICY,
) -> list[int]:
    ids, cursor, more = [], None, True
    while more:
        page = log_page(store, shown, order, today=today, policy=policy, cursor=cursor, limit=limit)
        assert page is not None
        ids += [e.id for e in page.rows]
        cursor, more = page.cursor, page.more
    return ids


FILTERS = (
    LogFilter(),
    LogFilter(status=None),
    LogFilter(status="resolved"),
    LogFilter(status="active", past_only=True),
    LogFilter(status=None, text="ALPHA"),
    LogFilter(status=None, text="clause aur"),  # across the description and the alliance
    LogFilter(status=None, text="100%"),  # a % is a percent sign, not a wildcard
    LogFilter(status=None, text="a_x"),  # and _ an underscore
    LogFilter(category="conflict", level=2),
)


@pytest.mark.parametrize("column", COLUMNS)
def test_every_order_pages_exactly_as_python_sorts_the_whole_log(store, column: str) -> None:
    _fill(store)
    for descending in (False, True):
        for shown in (LogFilter(), LogFilter(status=None)):
            order = Order(column, descending)
            assert paged(store, shown, order) == expected(store, shown, order), (order, shown)


def test_every_filter_lists_what_the_whole_log_filtered_in_python_lists(store) -> None:
    one, _two = _fill(store)
    for shown in (*FILTERS, LogFilter(alliance_id=one, status=None)):
        for order in (Order("sla"), Order("title", True)):
            want = expected(store, shown, order)
            assert paged(store, shown, order, limit=4) == want, (shown, order)
            assert log_count(store, shown, today=TODAY, policy=POLICY) == len(want)
    assert expected(store, LogFilter(status=None, text="100%"), Order("sla"))  # not vacuous


def test_the_pinned_issue_stays_listed_in_its_place(store) -> None:
    _fill(store)
    closed = next(e for e in escalations.list_escalations(store) if not e.status.active)
    for column in ("sla", "trigger", "title"):
        shown, order = LogFilter(text="beta", pinned=closed.id), Order(column)
        listed = paged(store, shown, order, limit=3)
        assert closed.id in listed
        assert listed == expected(store, shown, order)


@pytest.mark.parametrize("column", ["sla", "trigger", "days_open"])
def test_reading_up_to_an_issue_far_down_lists_everything_before_it(store, column) -> None:
    """Opening an issue from Today or the palette: the log reads up to it, and the next page
    carries on where that stopped."""
    _fill(store)
    for descending in (False, True):
        order = Order(column, descending)
        shown = LogFilter(status=None)
        want = expected(store, shown, order)
        first = log_page(store, shown, order, today=TODAY, policy=POLICY, limit=3)
        target = want[-4]
        page = log_page(
            store,
            shown,
            order,
            today=TODAY,
            policy=POLICY,
            cursor=first.cursor,
            limit=3,
            until=target,
        )
        ids = [e.id for e in first.rows + page.rows]
        assert target in ids and ids == want[: len(ids)]
        rest = log_page(store, shown, order, today=TODAY, policy=POLICY, cursor=page.cursor)
        assert ids + [e.id for e in rest.rows] == want and not rest.more


def test_an_issue_the_filters_hide_is_not_found(store) -> None:
    _fill(store)
    closed = next(e for e in escalations.list_escalations(store) if not e.status.active)
    for column in ("sla", "title"):
        found = log_page(
            store, LogFilter(), Order(column), today=TODAY, policy=POLICY, until=closed.id
        )
        assert found is None


def test_totals_are_the_cost_of_time_and_ages_of_the_whole_log(store) -> None:
    one, _two = _fill(store)
    for alliance_id in (None, one):
        items = escalations.list_escalations(store, alliance_id)
        totals = log_totals(store, alliance_id, today=TODAY, policy=POLICY)
        assert totals.count == len(items)
        want = cost_of_time(items, TODAY, POLICY)
        assert totals.cost.value_at_stake == pytest.approx(want.value_at_stake)
        assert (totals.cost.open_count, totals.cost.delay_days, totals.cost.past_sla) == (
            want.open_count,
            want.delay_days,
            want.past_sla,
        )
        assert totals.ages == age_buckets(items, TODAY)


def test_a_page_costs_the_same_statements_however_long_the_log(store) -> None:
    _fill(store, 20)

    def first_pages() -> None:
        for column in ("sla", "title"):
            page = log_page(store, LogFilter(), Order(column), today=TODAY, policy=POLICY, limit=5)
            assert len(page.rows) == 5 and page.more

    small = len(statements(store, first_pages))
    _fill(store, 100, first=20)
    assert len(statements(store, first_pages)) == small <= 3


def test_the_streams_name_the_live_alliances_once_on_the_team_store(store) -> None:
    """On the team store every stream of the SLA order joined the alliances itself, and row
    security checked the alliances' policy once a join (up to 16 a statement): the streams
    now read the live alliances from one named list; with the text filter, which reads the
    alliance's name, and on the file they join as before. The rows are the same (the tests
    above compare every order and filter with Python's on both engines)."""
    _fill(store, 30)
    postgres = store.path is None

    def keys_statement(shown: LogFilter) -> str:
        ran = statements(
            store, lambda: log_page(store, shown, Order("sla"), today=TODAY, policy=POLICY)
        )
        return next(statement for statement in ran if "stream" in statement)

    plain = keys_statement(LogFilter(status=None))
    joins = plain.count("JOIN alliances")
    assert plain.count("UNION ALL") >= 7  # many streams: every status and level
    if postgres:
        assert joins == 0 and plain.count("live AS") == 1
    else:
        assert joins == plain.count("UNION ALL") + 1
    searched = keys_statement(LogFilter(status=None, text="alpha"))
    assert searched.count("JOIN alliances") == searched.count("UNION ALL") + 1


def test_the_default_order_reads_an_index_and_never_sorts_the_log(db_path) -> None:
    store = open_store(db_path)
    try:
        one, _two = _fill(store, 30)
        for shown in (LogFilter(), LogFilter(alliance_id=one), LogFilter(status=None)):
            ran = statements(
                store,
                lambda shown=shown: log_page(
                    store, shown, Order("sla"), today=TODAY, policy=POLICY
                ),
            )
            raw = sqlite3.connect(db_path)  # its own connection: the schema as the file has it
            raw.create_function("casefold", 1, str.casefold)
            try:
                plans = []
                for statement in ran:
                    # SQLAlchemy's literal rendering is not at hand here: bind dummies.
                    marks = statement.count("?")
                    plan = raw.execute(f"EXPLAIN QUERY PLAN {statement}", [None] * marks)
                    plans.append(" | ".join(row[3] for row in plan.fetchall()))
            finally:
                raw.close()
            text = "\n".join(plans)
            assert "TEMP B-TREE" not in text, text
            assert "ix_escalations_log" in text or "ix_escalations_alliance_log" in text, text
    finally:
        store.close()


def test_the_heading_counts_from_an_index_alone(db_path) -> None:
    """The log's heading (totals of the open issues, their count under the filters) reads
    every column it needs from an index: no issue's row is read behind it (at ten times the
    heavy portfolio that was 26,000 rows each time the log was shown)."""
    store = open_store(db_path)
    try:
        one, _two = _fill(store, 30)
        for alliance_id in (None, one):
            ran = statements(
                store,
                lambda a=alliance_id: (
                    log_totals(store, a, today=TODAY, policy=POLICY),
                    log_count(store, LogFilter(alliance_id=a), today=TODAY, policy=POLICY),
                ),
            )
            raw = sqlite3.connect(db_path)
            raw.create_function("casefold", 1, str.casefold)
            try:
                for statement in ran:
                    marks = statement.count("?")
                    plan = raw.execute(f"EXPLAIN QUERY PLAN {statement}", [None] * marks)
                    for step in (row[3] for row in plan.fetchall()):
                        if "escalations" in step:
                            assert "COVERING INDEX" in step, f"{step}\n{statement}"
            finally:
                raw.close()
    finally:
        store.close()


def test_the_indexes_arrive_on_a_portfolio_holding_escalations(db_path) -> None:
    """0024 → 0025 on a file with an alliance and two escalations: both kept and listed in
    order by the new indexes; and back down, the rows are still there."""
    from alembic import command

    from alliance_desk.store.location import resolve
    from alliance_desk.store.migrate import alembic_config, upgrade
    from tests.store.test_migrations import AURORA

    location = resolve(db_path)
    db_path.touch(mode=0o600)
    upgrade(location, "0024_search")
    with sqlite3.connect(db_path) as connection:
        connection.execute(AURORA)
        for ident, title, level, since in (
            (1, "Old", 1, "2026-10-01"),
            (2, "New", 0, "2026-12-01"),
        ):
            connection.execute(
                "INSERT INTO escalations (id, alliance_id, title, description, category, "
                "severity, raised_on, delay_days, value_at_stake, internal_only, level, "
                "level_since, status, root_cause, resolution, resolution_kind, created_at, "
                "updated_at) VALUES (?, 7, ?, '', 'conflict', 'high', ?, 0, 0, 0, ?, ?, "
                "?, '', '', '', '2026-10-01 10:00:00', '2026-10-01 10:00:00')",
                (ident, title, since, level, since, "escalated" if level else "open"),
            )
    connection.close()
    store = open_store(db_path)
    try:
        page = log_page(store, LogFilter(), Order("sla"), today=TODAY, policy=POLICY)
        assert [e.title for e in page.rows] == ["Old", "New"]  # past its SLA first
        with sqlite3.connect(db_path) as connection:
            names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        connection.close()
        assert {"ix_escalations_log", "ix_escalations_alliance_log"} <= names
    finally:
        store.close()
    command.downgrade(alembic_config(location), "0024_search")
    with sqlite3.connect(db_path) as connection:
        rows = connection.execute("SELECT title FROM escalations ORDER BY id").fetchall()
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    connection.close()
    assert rows == [("Old",), ("New",)] and "ix_escalations_log" not in names


def test_the_log_shown_again_after_an_edit_reads_its_keys_at_once(store) -> None:
    """A stream holding many of the first page's rows needed a second look each time the log
    was shown (≈ 11 ms on the team store at ten times the heavy portfolio): the first page
    now reads as many of each stream as the last first page held, and its rows stay those
    Python's sort of the whole log gives."""
    _fill(store, 160)
    shown, order = LogFilter(), Order("sla")

    def first_page() -> tuple[list[int], int]:
        pages = []
        ran = statements(
            store,
            lambda: pages.append(log_page(store, shown, order, today=TODAY, policy=POLICY)),
        )
        return [row.id for row in pages[0].rows], sum("stream" in s for s in ran)

    rows, looks = first_page()
    assert looks == 2  # the busiest stream holds more than its share of the first page
    assert rows == expected(store, shown, order)[:50]
    for item in escalations.list_escalations(store)[:3]:
        escalations.update_escalation(store, item.id, replace(item.draft, title="edited"))
        rows, looks = first_page()
        assert looks == 1
        assert rows == expected(store, shown, order)[:50]
