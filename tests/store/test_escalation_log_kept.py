"""The escalation log's statements are built once for a shape of the filters, an order, a
day and the service levels (`escalation_log._KEPT`), then run with the filters' values bound:
read after other filters, days and service levels, every page, count and total is what the
whole log filtered and sorted in Python says — never what a kept statement said before."""

from __future__ import annotations

from datetime import timedelta

from alliance_desk.core.business_days import SlaPolicy
from alliance_desk.core.escalation_ages import age_buckets, cost_of_time
from alliance_desk.store import escalations
from alliance_desk.store.escalation_log import LogFilter, log_count, log_page
from alliance_desk.store.escalation_totals import log_totals
from alliance_desk.store.paging import Order
from tests.store.test_escalation_log import POLICY, TODAY, _fill, expected, paged

ORDERS = (Order("sla"), Order("trigger", True), Order("title"), Order("owner", True))


def _pairs(store) -> list[tuple[LogFilter, LogFilter]]:
    """Two filters of each shape, with other values: one kept statement serves both."""
    one, two = _fill(store)
    closed = [e.id for e in escalations.list_escalations(store) if not e.status.active]
    return [
        (LogFilter(status=None, text="alpha"), LogFilter(status=None, text="BETA")),
        (LogFilter(category="conflict"), LogFilter(category="misunderstanding")),
        (
            LogFilter(alliance_id=one, category="conflict"),
            LogFilter(alliance_id=two, category="business problem"),
        ),
        (LogFilter(text="clause", pinned=closed[0]), LogFilter(text="clause", pinned=closed[1])),
    ]


def test_a_kept_statement_lists_what_the_filters_say_now(store) -> None:
    for first, second in _pairs(store):
        assert first.shape() == second.shape()
        for order in ORDERS:
            wanted = {shown: expected(store, shown, order) for shown in (first, second)}
            assert wanted[first] != wanted[second], (first, order)  # not vacuous
            for shown in (first, second, first):
                want = wanted[shown]
                assert paged(store, shown, order, limit=4) == want, (shown, order)
                assert log_count(store, shown, today=TODAY, policy=POLICY) == len(want)
                found = log_page(
                    store, shown, order, today=TODAY, policy=POLICY, limit=2, until=want[-1]
                )
                assert found is not None and [e.id for e in found.rows] == want


def test_a_kept_statement_answers_for_its_day_and_service_levels_only(store) -> None:
    one, _two = _fill(store)
    stricter = SlaPolicy(days=(1, 1, 2, 3), holidays=frozenset())
    cases = [(TODAY, POLICY), (TODAY + timedelta(days=9), POLICY), (TODAY, stricter)]
    past = LogFilter(status="active", past_only=True)
    listed = {case: expected(store, past, Order("sla"), *case) for case in cases}
    assert len({tuple(ids) for ids in listed.values()}) == len(cases)  # each day its own
    for today, policy in [*cases, *reversed(cases)]:
        for shown in (LogFilter(), past):
            for order in (Order("sla"), Order("days_open", True)):
                want = expected(store, shown, order, today, policy)
                assert paged(store, shown, order, 4, today, policy) == want, (today, policy)
                assert log_count(store, shown, today=today, policy=policy) == len(want)
        for alliance_id in (None, one):
            items = escalations.list_escalations(store, alliance_id)
            totals = log_totals(store, alliance_id, today=today, policy=policy)
            cost = cost_of_time(items, today, policy)
            assert totals.count == len(items)
            assert (totals.cost.open_count, totals.cost.past_sla) == (
                cost.open_count,
                cost.past_sla,
            )
            assert totals.ages == age_buckets(items, today)
