"""Today's lists, without a window: the week start, the service levels and the alliance asked
for decide what is listed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from alliance_desk.core.escalations import SlaClock
from alliance_desk.core.habits import CheckIn, Habit
from alliance_desk.core.policy import Policy
from alliance_desk.core.portfolio import DRAFT_FIELDS, Alliance, validate_alliance
from alliance_desk.core.stakeholders import CallDue
from alliance_desk.core.today import TodayInputs, build, only_alliance

TODAY = date(2026, 12, 2)  # a Wednesday
NOW = datetime(2026, 12, 2, 9)
ENGAGE = Habit("engage", "Engage and manage stakeholders", "", (), 3)


def _alliance(alliance_id: int, name: str) -> Alliance:
    values = validate_alliance({"name": name, "partner": "P"})
    return Alliance(id=alliance_id, **{f: getattr(values, f) for f in DRAFT_FIELDS})


def _inputs(**lists) -> TodayInputs:
    base = dict(
        alliances=[_alliance(1, "Aurora"), _alliance(2, "Borealis")],
        calls=[],
        onboarding=[],
        clocks=[],
        reviews=[],
        obligations=[],
        decisions=[],
        meetings=[],
        late_actions=[],
        habits=[ENGAGE],
        checkins=[],
    )
    base.update(lists)
    return TodayInputs(**base)


def test_the_habit_line_counts_the_week_the_policy_starts() -> None:
    """Monday and Tuesday's check-ins are this week with Monday weeks, last week with
    Wednesday weeks; Today used to count from Monday whatever the preference said."""
    checkins = [CheckIn("engage", TODAY - timedelta(days=2)), CheckIn("engage", TODAY)]
    inputs = _inputs(checkins=checkins)
    assert build(inputs, Policy(), TODAY, NOW).habits == "Engage 2/3"
    wednesday = replace(Policy(), week_start=2)
    assert build(inputs, wednesday, TODAY, NOW).habits == "Engage 1/3"


def test_escalations_follow_the_policys_service_levels() -> None:
    clock = SlaClock(7, "Aurora", "Slot", 1, TODAY - timedelta(days=2), TODAY, 1)
    inputs = _inputs(clocks=[clock])
    assert build(inputs, Policy(), TODAY, NOW).section("escalations").total == 0
    tight = replace(Policy(), sla_days=(1, 1, 1, 1))
    (line,) = build(inputs, tight, TODAY, NOW).section("escalations").lines
    assert line.late and "Past by 1 business day" in line.text
    assert (line.opens.what, line.opens.alliance_id, line.opens.record_id) == ("escalation", 1, 7)


def test_one_alliance_and_the_line_limit() -> None:
    calls = [
        CallDue(i, 1 + i % 2, f"Person {i}", "", None, TODAY + timedelta(days=i % 5))
        for i in range(120)
    ]
    whole = build(_inputs(calls=calls), Policy(), TODAY, NOW)
    assert (whole.section("calls").total, len(whole.section("calls").lines)) == (120, 50)
    assert whole.section("calls").more == 70
    aurora = build(only_alliance(_inputs(calls=calls), 1), Policy(), TODAY, NOW, limit=None)
    assert aurora.section("calls").total == 60 == len(aurora.section("calls").lines)
    assert {line.opens.alliance_id for line in aurora.section("calls").lines} == {1}
    assert [tile.value for tile in aurora.tiles][:1] == [1]
