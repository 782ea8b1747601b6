"""Milestones and KPIs kept in the portfolio: each change one transaction that says what it
changed, undo that puts back exactly what was there, and an upgrade that keeps old rows."""

from __future__ import annotations

from datetime import date

import pytest

from alliance_desk.core.changes import Kind
from alliance_desk.core.portfolio import validate_alliance
from alliance_desk.core.risks import validate_decision
from alliance_desk.core.value import KpiStatus, Trend, validate_kpi, validate_milestone
from alliance_desk.store import portfolio, risks, value
from alliance_desk.store.errors import StoreError


def _alliance(store, name="Aurora") -> int:
    return portfolio.create_alliance(store, validate_alliance({"name": name, "partner": "B"})).id


def test_milestones_round_trip_and_undo(store) -> None:
    aid = _alliance(store)
    told = []
    store.on_change(told.append)
    draft = validate_milestone(
        {
            "title": "Phase 2 readout",
            "planned_on": "2026-06-30",
            "forecast_on": "2026-09-30",
            "value": 40,
            "party": "theirs",
            "north_star": True,
            "shared": True,
        }
    )
    mid = value.add_milestone(store, aid, draft)
    assert told[-1].ids == {Kind.MILESTONE: frozenset({mid})}
    (stored,) = value.list_milestones(store, aid)
    assert stored.draft == draft
    assert stored.slip_days(date(2026, 7, 1)) == 92
    kept = value.remove_milestone(store, mid)
    assert value.list_milestones(store, aid) == []
    value.restore_milestone(store, kept)
    assert value.list_milestones(store, aid) == [stored]


def test_kpis_keep_dated_actuals_one_per_day(store) -> None:
    aid = _alliance(store)
    kid = value.add_kpi(store, aid, validate_kpi({"name": "Enrolment", "target": 100}))
    told = []
    store.on_change(told.append)
    assert value.record_actual(store, kid, date(2026, 1, 31), 40) is None
    assert told[-1].ids == {Kind.KPI: frozenset({kid})}
    value.record_actual(store, kid, date(2026, 2, 28), 95)
    assert value.record_actual(store, kid, date(2026, 2, 28), 92) == 95  # replaced, undoable
    (kpi,) = value.list_kpis(store, aid)
    assert kpi.actuals == ((date(2026, 1, 31), 40.0), (date(2026, 2, 28), 92.0))
    assert (kpi.status, kpi.trend) == (KpiStatus.CLOSE, Trend.IMPROVING)
    kept = value.remove_kpi(store, kid)
    assert value.list_kpis(store) == []
    value.restore_kpi(store, kept)
    assert value.list_kpis(store) == [kpi] and value.list_kpis(store)[0].actuals == kpi.actuals
    value.remove_actual(store, kid, date(2026, 2, 28))
    assert value.list_kpis(store)[0].latest == 40


def test_records_of_a_vanished_alliance_or_kpi_are_refused(store) -> None:
    with pytest.raises(StoreError):
        value.add_milestone(
            store, 999, validate_milestone({"title": "M", "planned_on": "2026-01-01"})
        )
    with pytest.raises(StoreError):
        value.record_actual(store, 999, date(2026, 1, 1), 1)


def test_a_deleted_alliance_hides_its_milestones_and_kpis(store) -> None:
    keep, gone = _alliance(store, "Keep"), _alliance(store, "Gone")
    for aid in (keep, gone):
        value.add_milestone(
            store, aid, validate_milestone({"title": "M", "planned_on": "2026-01-01"})
        )
        value.add_kpi(store, aid, validate_kpi({"name": "K", "target": 1}))
    portfolio.delete_alliance(store, gone)
    assert {m.alliance_id for m in value.list_milestones(store)} == {keep}
    assert {k.alliance_id for k in value.list_kpis(store)} == {keep}


def test_a_decision_remembers_when_its_question_was_raised(store) -> None:
    aid = _alliance(store)
    draft = validate_decision(
        {"title": "Go to phase 3", "raised_on": "2026-01-05", "decided_on": "2026-03-01"}
    )
    risks.add_decision(store, aid, draft)
    (stored,) = risks.list_decisions(store, aid)
    assert stored.draft.raised_on == date(2026, 1, 5)
