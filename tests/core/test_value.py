"""Milestones, KPIs, the risk × value placement and the cost of time, with known values."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from alliance_desk.core.business_days import SlaPolicy
from alliance_desk.core.escalations import Escalation, Status, validate_escalation
from alliance_desk.core.health_checks import HealthCheck
from alliance_desk.core.placement import (
    Quadrant,
    RiskFactors,
    health_gap,
    place,
    quadrant,
    value_score,
)
from alliance_desk.core.portfolio import Alliance
from alliance_desk.core.risks import Decision, Risk, validate_decision, validate_risk
from alliance_desk.core.time_cost import (
    cycle_times_by_level,
    decision_speed,
    decision_trend,
    time_lost,
)
from alliance_desk.core.validation import ValidationError
from alliance_desk.core.value import (
    Direction,
    Kpi,
    KpiDraft,
    KpiStatus,
    Milestone,
    MilestoneStatus,
    Trend,
    due_soon,
    kpi_status,
    kpi_trend,
    slipped,
    validate_actual,
    validate_kpi,
    validate_milestone,
)

TODAY = date(2026, 12, 3)


def milestone(mid=1, alliance=1, **values) -> Milestone:
    return Milestone(mid, alliance, validate_milestone({"title": "M", **values}))


# -- milestones ----------------------------------------------------------------------------------


def test_slip_is_measured_from_the_plan_to_the_actual_or_the_forecast() -> None:
    on_time = milestone(planned_on=date(2026, 6, 1), achieved_on=date(2026, 5, 28))
    late = milestone(planned_on=date(2026, 6, 1), achieved_on=date(2026, 6, 15))
    forecast = milestone(planned_on=date(2027, 1, 10), forecast_on=date(2027, 3, 1))
    overdue = milestone(planned_on=date(2026, 11, 23))  # open, no forecast, 10 days past
    future = milestone(planned_on=date(2027, 5, 1))
    assert on_time.slip_days(TODAY) == 0 and not on_time.slipped(TODAY)
    assert late.slip_days(TODAY) == 14
    assert forecast.slip_days(TODAY) == 50
    assert overdue.slip_days(TODAY) == 10
    assert future.slip_days(TODAY) == 0
    # an old forecast that has passed is no excuse: the slip grows with today
    stale = milestone(planned_on=date(2026, 11, 1), forecast_on=date(2026, 11, 20))
    assert stale.slip_days(TODAY) == 32
    found = slipped([on_time, late, forecast, overdue, future, stale], TODAY)
    assert [m.slip_days(TODAY) for m in found] == [50, 32, 14, 10]


def test_a_missed_milestone_counts_as_slipped_and_due_lists_the_open_ones() -> None:
    missed = milestone(planned_on=date(2027, 1, 1), status="missed")
    assert missed.slipped(TODAY)
    soon = milestone(2, planned_on=date(2026, 12, 20))
    later = milestone(3, planned_on=date(2027, 3, 1))
    done = milestone(4, planned_on=date(2026, 12, 10), achieved_on=date(2026, 12, 1))
    assert [m.id for m in due_soon([later, done, soon], TODAY, 30)] == [2]


def test_milestone_input_is_checked() -> None:
    with pytest.raises(ValidationError) as raised:
        validate_milestone({"title": "", "planned_on": "soon", "value": "-3"})
    assert set(raised.value.errors) == {"title", "planned_on", "value"}
    with pytest.raises(ValidationError, match="achieved_on"):
        validate_milestone({"title": "M", "planned_on": TODAY, "status": "achieved"})
    # an actual date on a planned milestone means it was achieved
    made = validate_milestone({"title": "M", "planned_on": TODAY, "achieved_on": TODAY})
    assert made.status is MilestoneStatus.ACHIEVED


# -- KPIs ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("direction", "target", "actual", "status"),
    [
        (Direction.HIGHER, 100, 100, KpiStatus.ON_TARGET),
        (Direction.HIGHER, 100, 91, KpiStatus.CLOSE),
        (Direction.HIGHER, 100, 90, KpiStatus.CLOSE),  # exactly 10 % short
        (Direction.HIGHER, 100, 89.9, KpiStatus.OFF_TARGET),
        (Direction.LOWER, 30, 25, KpiStatus.ON_TARGET),
        (Direction.LOWER, 30, 33, KpiStatus.CLOSE),
        (Direction.LOWER, 30, 40, KpiStatus.OFF_TARGET),
        (Direction.LOWER, 0, 1, KpiStatus.OFF_TARGET),  # zero tolerance round a zero target
        (Direction.HIGHER, 100, None, KpiStatus.NO_DATA),
    ],
)
def test_kpi_status_against_target(direction, target, actual, status) -> None:
    assert kpi_status(direction, target, actual) is status


def test_kpi_trend_follows_the_direction() -> None:
    assert kpi_trend(Direction.HIGHER, [1, 2]) is Trend.IMPROVING
    assert kpi_trend(Direction.LOWER, [1, 2]) is Trend.WORSENING
    assert kpi_trend(Direction.LOWER, [5, 2]) is Trend.IMPROVING
    assert kpi_trend(Direction.HIGHER, [2, 2]) is Trend.STEADY
    assert kpi_trend(Direction.HIGHER, [2]) is Trend.UNKNOWN
    kpi = Kpi(
        1,
        1,
        KpiDraft("Cycle time", "days", Direction.LOWER, 30),
        ((date(2026, 1, 1), 45.0), (date(2026, 7, 1), 38.0)),
    )
    assert (kpi.latest, kpi.status, kpi.trend) == (38.0, KpiStatus.OFF_TARGET, Trend.IMPROVING)
    assert kpi.show(38.0) == "38 days"


def test_a_figure_in_money_is_written_as_money_is() -> None:
    """A KPI in "$M" read "40 $M" on the scorecard and in the packs."""

    def kpi(unit: str) -> Kpi:
        return Kpi(1, 1, KpiDraft("Revenue", unit, Direction.HIGHER, 50), ())

    assert kpi("$M").show(40.0) == "$40M"
    assert kpi("€").show(1250.5) == "€1,250.5"
    assert kpi("£k").show(-3.0) == "-£3k"
    assert kpi("%").show(62.0) == "62%"
    assert kpi("patients").show(120.0) == "120 patients"
    assert kpi("").show(7.0) == "7"


def test_kpi_input_is_checked() -> None:
    assert validate_kpi({"name": "Margin", "target": "-2.5", "direction": "lower is better"}) == (
        KpiDraft("Margin", "", Direction.LOWER, -2.5)
    )
    with pytest.raises(ValidationError) as raised:
        validate_kpi({"name": "", "target": "lots", "direction": "sideways"})
    assert set(raised.value.errors) == {"name", "target", "direction"}
    with pytest.raises(ValidationError):
        validate_actual({"measured_on": "", "value": "nan"})
    assert validate_actual({"measured_on": "2026-01-31", "value": "1,200"}) == (
        date(2026, 1, 31),
        1200.0,
    )


# -- placement -----------------------------------------------------------------------------------


def test_value_score_known_values() -> None:
    # 0.5 × 4 + 0.3 × (1 + 4 × 50/100) + 0.2 × (1 + 4 × 0/10) = 2 + 0.9 + 0.2
    assert value_score(4, 50, 0, 100, 10) == 3.1
    assert value_score(5, 100, 10, 100, 10) == 5.0
    assert value_score(1, 0, 0, 0, 0) == 1.0  # nothing anywhere: every band is 1


def test_risk_factors_known_values() -> None:
    assert RiskFactors().score == 1.0
    assert RiskFactors(high_risks=1, past_sla=1, health_gap=0.5, slipped=1).score == 3.0
    assert RiskFactors(high_risks=9, past_sla=9, health_gap=4, slipped=9).score == 5.0
    check = HealthCheck(1, 1, TODAY, {"trust": (4, 2), "value": (3, 3)})
    assert health_gap(check) == 1.0  # mean |gap| (2 + 0) / 2
    low = HealthCheck(1, 1, TODAY, {"trust": (2, 2)})
    assert health_gap(low) == 1.0  # overall 2: one below 3
    assert health_gap(None) == 0.0


def test_quadrants_and_their_guidance() -> None:
    assert quadrant(3, 3) is Quadrant.MANAGE_CLOSELY
    assert quadrant(4, 2.9) is Quadrant.PROTECT
    assert quadrant(2.9, 4) is Quadrant.CONTAIN
    assert quadrant(1, 1) is Quadrant.MONITOR
    assert "senior sponsors" in Quadrant.MANAGE_CLOSELY.guidance


def _alliance(aid, name, strategic, financial, criticality=3):
    return Alliance(
        name=name,
        partner="P",
        strategic_value=strategic,
        financial_value=financial,
        criticality=criticality,
        id=aid,
    )


def _escalation(aid, raised, level=1, resolved=None) -> Escalation:
    draft = validate_escalation({"title": "E", "category": "conflict", "raised_on": raised})
    status = Status.RESOLVED if resolved else Status.OPEN
    return Escalation(
        aid * 100 + raised.day, aid, "A", draft, level, raised, status, resolved_on=resolved
    )


def test_place_puts_each_alliance_by_the_documented_formula() -> None:
    big = _alliance(1, "Big", 5, 200)
    small = _alliance(2, "Small", 2, 20)
    risk = Risk(
        1, 1, validate_risk({"title": "R", "category": "legal", "likelihood": 4, "impact": 4})
    )
    low_risk = Risk(
        2, 2, validate_risk({"title": "R", "category": "legal", "likelihood": 1, "impact": 2})
    )
    late = _escalation(1, date(2026, 10, 1))  # open for two months at level 1: past its SLA
    stake = milestone(1, 1, planned_on=date(2027, 6, 1), value=40)
    slip = milestone(2, 1, planned_on=date(2026, 11, 1), value=10)  # open, slipped
    placed = {
        p.name: p
        for p in place(
            [small, big],
            risks=[risk, low_risk],
            escalations=[late],
            checks=[HealthCheck(1, 1, TODAY, {"trust": (4, 3)})],
            milestones=[stake, slip],
            today=TODAY,
        )
    }
    # Big: 0.5×5 + 0.3×(1+4×1) + 0.2×(1+4×1) = 2.5 + 1.5 + 1 = 5
    # risk: 1 + 0.5 (one high risk) + 0.5 (one past SLA) + 1 (gap 1) + 0.5 (one slipped)
    assert (placed["Big"].value, placed["Big"].risk) == (5.0, 3.5)
    assert placed["Big"].stake == 50
    assert placed["Big"].quadrant is Quadrant.MANAGE_CLOSELY
    # Small: 0.5×2 + 0.3×(1+4×0.1) + 0.2×1 = 1 + 0.42 + 0.2
    assert (placed["Small"].value, placed["Small"].risk) == (1.62, 1.0)
    assert placed["Small"].quadrant is Quadrant.MONITOR
    assert "1 high risk," in placed["Big"].factors.describe() + ","


# -- the cost of time ----------------------------------------------------------------------------


def _decision(did, aid, raised, decided, forum="JSC") -> Decision:
    return Decision(
        did,
        aid,
        validate_decision(
            {"title": "D", "raised_on": raised, "decided_on": decided, "forum": forum}
        ),
    )


def test_time_to_decision_per_group_and_trend() -> None:
    decisions = [
        _decision(1, 1, date(2026, 1, 1), date(2026, 1, 11)),  # 10 days, Q1
        _decision(2, 1, date(2026, 1, 1), date(2026, 3, 2), "ExCo"),  # 60 days, Q1
        _decision(3, 2, date(2026, 4, 1), date(2026, 4, 21)),  # 20 days, Q2
        Decision(4, 2, validate_decision({"title": "D", "decided_on": date(2026, 5, 1)})),
    ]
    by_forum = decision_speed(decisions, lambda d: d.draft.forum)
    assert [(s.key, s.decisions, s.mean_days, s.longest_days) for s in by_forum] == [
        ("ExCo", 1, 60.0, 60),
        ("JSC", 2, 15.0, 20),
    ]
    assert decision_trend(decisions) == [("2026 Q1", 35.0), ("2026 Q2", 20.0)]
    with pytest.raises(ValidationError, match="raised_on"):
        validate_decision({"title": "D", "raised_on": "2026-02-01", "decided_on": "2026-01-01"})


def test_time_lost_adds_slow_decisions_and_escalations_past_their_sla() -> None:
    policy = SlaPolicy()  # level 1: a few business days
    decisions = [
        _decision(1, 1, date(2026, 1, 1), date(2026, 3, 2)),  # 60 days: 30 beyond the norm
        _decision(2, 1, date(2026, 1, 1), date(2026, 1, 20)),  # within the norm
    ]
    issue = _escalation(1, date(2026, 11, 2), level=1)
    trigger = issue.trigger_date(policy)
    lost = time_lost(decisions, [issue], TODAY, policy)
    assert lost[1].decision_days == 30
    assert lost[1].escalation_days == (TODAY - trigger).days
    assert lost[1].total == 30 + (TODAY - trigger).days
    resolved = replace(issue, status=Status.RESOLVED, resolved_on=trigger)
    assert time_lost([], [resolved], TODAY, policy)[1].escalation_days == 0


def test_cycle_times_by_level() -> None:
    issues = [
        _escalation(1, date(2026, 1, 1), 1, date(2026, 1, 11)),
        _escalation(1, date(2026, 1, 5), 1, date(2026, 1, 25)),
        _escalation(1, date(2026, 2, 1), 3, date(2026, 4, 2)),
        _escalation(1, date(2026, 2, 3), 2),  # still open: not counted
    ]
    assert cycle_times_by_level(issues) == {1: 15.0, 3: 60.0}


@pytest.mark.parametrize("score", [2.9, 2.95, 2.96, 2.999, 3.0, 3.04, 4.99, 1.0])
def test_a_score_reads_on_the_same_side_of_high_as_its_quadrant(score: float) -> None:
    """A value of 2.96 was shown as 3.0 beside 'Monitor' while 3 and above is high: shown to
    one decimal it now never crosses the line its quadrant is drawn by."""
    from alliance_desk.core.placement import HIGH, Quadrant, quadrant, shown

    assert (shown(score) >= HIGH) == (quadrant(score, 1.0) is Quadrant.PROTECT)
    assert (shown(score) >= HIGH) == (quadrant(1.0, score) is Quadrant.CONTAIN)
    assert shown(score) <= score < shown(score) + 0.1 + 1e-9
