"""Today without a window: what is listed, how it is ranked (urgency × importance × the
alliance's tier and value), what the cards count, and snoozing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from alliance_desk.core.escalations import SlaClock
from alliance_desk.core.governance import ComingMeeting
from alliance_desk.core.habits import CheckIn, Habit
from alliance_desk.core.policy import Policy
from alliance_desk.core.portfolio import DRAFT_FIELDS, Alliance, Phase, validate_alliance
from alliance_desk.core.risks import Decision, DecisionDraft, DecisionStatus
from alliance_desk.core.stakeholders import CallDue
from alliance_desk.core.task import alliance_weight, urgency
from alliance_desk.core.today import TodayInputs, build, only_alliance

TODAY = date(2026, 12, 2)  # a Wednesday
NOW = datetime(2026, 12, 2, 9)
ENGAGE = Habit("engage", "Engage and manage stakeholders", "", (), 3)


def _alliance(alliance_id: int, name: str, **values) -> Alliance:
    draft = validate_alliance({"name": name, "partner": "P", **values})
    return Alliance(id=alliance_id, **{f: getattr(draft, f) for f in DRAFT_FIELDS})


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


def _call(stakeholder_id: int, alliance_id: int, due: date, name: str = "") -> CallDue:
    return CallDue(stakeholder_id, alliance_id, name or f"Person {stakeholder_id}", "", None, due)


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
    relaxed = build(inputs, Policy(), TODAY, NOW)
    assert relaxed.total == 0 and relaxed.cards[1].value == 0  # days left: not today's business
    tight = build(inputs, replace(Policy(), sla_days=(1, 1, 1, 1)), TODAY, NOW)
    (task,) = tight.tasks
    assert task.late and "Past by 1 business day" in task.why
    assert (task.opens.what, task.opens.alliance_id, task.opens.record_id) == ("escalation", 1, 7)
    assert tight.cards[1].key == "sla" and tight.cards[1].value == 1


def test_an_escalation_is_as_late_as_its_service_level_counts_not_by_the_calendar() -> None:
    """Today said "9 days late" beside "Past by 5 business days", and the escalation log's
    SLA column "5 d late": one escalation, two numbers. Its lateness is its SLA's."""
    since = TODAY - timedelta(days=14)  # a Wednesday; one business day allowed: due Thursday
    clock = SlaClock(7, "Aurora", "Slot", 1, since, since, 1)
    policy = replace(Policy(), sla_days=(1, 1, 1, 1))
    (task,) = build(_inputs(clocks=[clock]), policy, TODAY, NOW).tasks
    assert task.late_days == 13  # calendar days since it fell due
    assert task.when == "9 business days late"
    assert "Past by 9 business days" in task.why
    (one,) = build(
        _inputs(clocks=[replace(clock, level_since=TODAY - timedelta(days=2))]), policy, TODAY, NOW
    ).tasks
    assert one.when == "1 business day late"


@pytest.mark.parametrize(
    ("days", "expected"),
    [(0, 1.0), (3, 1.3), (30, 4.0), (90, 4.0), (-1, 0.9), (-7, 0.3), (-30, 0.3)],
)
def test_urgency_grows_with_lateness_and_fades_with_distance(days: int, expected: float) -> None:
    assert urgency(TODAY - timedelta(days=days), TODAY) == pytest.approx(expected)


def test_the_weight_of_an_alliance_comes_from_its_tier_and_value() -> None:
    small = _alliance(1, "Small", criticality=1, complexity=1, strategic_value=1)
    assert alliance_weight(small) == pytest.approx(1.0)  # tier 3, no value recorded
    big = _alliance(2, "Big", tier_override=1, strategic_value=5, financial_value="999")
    assert alliance_weight(big) == pytest.approx(2.0 * (1 + 0.5 + 0.5))
    leaving = replace(big, phase=Phase.EXIT)
    assert alliance_weight(leaving) == pytest.approx(alliance_weight(big) / 2)


def test_the_same_lateness_ranks_a_tier_1_alliance_first() -> None:
    """The issue's question — what to focus on — answered by the alliance's weight: the same
    call, equally late, comes first on the tier-1, high-value alliance."""
    alliances = [
        _alliance(1, "Flagship", tier_override=1, strategic_value=5, financial_value="400"),
        _alliance(2, "Side bet", tier_override=3, strategic_value=2),
    ]
    late = TODAY - timedelta(days=3)
    calls = [_call(10, 2, late, "Ana"), _call(11, 1, late, "Bo")]
    tasks = build(_inputs(alliances=alliances, calls=calls), Policy(), TODAY, NOW).tasks
    assert [t.what for t in tasks] == ["Call Bo", "Call Ana"]
    assert tasks[0].score > tasks[1].score


def test_lateness_and_the_kind_of_task_rank_within_an_alliance() -> None:
    """On one alliance: later means more pressing; an escalation past its SLA outranks a call
    as late; a call a week ahead comes last."""
    calls = [
        _call(10, 1, TODAY + timedelta(days=6), "Ahead"),
        _call(11, 1, TODAY - timedelta(days=9), "Very late"),
        _call(12, 1, TODAY - timedelta(days=2), "Late"),
    ]
    clock = SlaClock(7, "Aurora", "Stuck", 2, TODAY - timedelta(days=14), TODAY, 1, 3)
    today = build(_inputs(calls=calls, clocks=[clock]), Policy(), TODAY, NOW)
    whats = [t.what for t in today.tasks]
    assert whats.index("Call Very late") < whats.index("Call Late") < whats.index("Call Ahead")
    assert whats[0] == "Stuck"  # level 2, critical, past its SLA
    assert [t.when for t in today.tasks][-1] == "due Tue 8 Dec"


def test_decisions_to_review_and_to_chase_and_the_stalled_card() -> None:
    def decision(i: int, decided: int, review: int | None, status=DecisionStatus.PENDING):
        review_date = TODAY + timedelta(days=review) if review is not None else None
        draft = DecisionDraft(f"D{i}", TODAY - timedelta(days=decided), status=status)
        return Decision(i, 1, replace(draft, review_date=review_date))

    decisions = [
        decision(1, 10, -2),  # its review date passed
        decision(2, 90, None),  # not implemented 90 days on: stalled (the rule says 60)
        decision(3, 20, 5),  # young, review ahead: nothing to do
    ]
    today = build(_inputs(decisions=decisions), Policy(), TODAY, NOW)
    assert sorted(t.what for t in today.tasks) == ["Chase decision: D2", "Review decision: D1"]
    stalled = next(card for card in today.cards if card.key == "decisions")
    assert stalled.value == 1 and "60 days" in stalled.hint
    assert build(_inputs(decisions=decisions), replace(Policy(), not_implemented_days=100),
                 TODAY, NOW).cards[2].value == 0  # fmt: skip


def test_a_snoozed_task_leaves_until_its_day() -> None:
    calls = [_call(10, 1, TODAY - timedelta(days=1)), _call(11, 1, TODAY)]
    snoozed = {"call:10": TODAY + timedelta(days=2)}
    today = build(_inputs(calls=calls, snoozed=snoozed), Policy(), TODAY, NOW)
    assert [t.key for t in today.tasks] == ["call:11"]
    assert [(t.key, t.snoozed_until) for t in today.snoozed] == [("call:10", snoozed["call:10"])]
    assert today.cards[0].value == 0  # the snoozed one is not counted as overdue
    later = TODAY + timedelta(days=2)
    back = build(_inputs(calls=calls, snoozed=snoozed), Policy(), later, NOW + timedelta(days=2))
    assert {t.key for t in back.tasks} == {"call:10", "call:11"} and not back.snoozed


def test_meetings_this_week_are_counted_and_listed_to_prepare() -> None:
    def meeting(i: int, days: int) -> ComingMeeting:
        return ComingMeeting(i, 1, f"JSC {i}", NOW + timedelta(days=days), "Basel", 3)

    today = build(_inputs(meetings=[meeting(1, 2), meeting(2, 12)]), Policy(), TODAY, NOW)
    assert today.cards[3].value == 1
    assert [t.what for t in today.tasks] == ["Prepare the JSC 1"]
    assert today.tasks[0].acts == ("pack",)
    assert [m.body_name for m in today.meetings] == ["JSC 1", "JSC 2"]


def test_one_alliance_and_the_task_limit() -> None:
    calls = [_call(i, 1 + i % 2, TODAY + timedelta(days=i % 5)) for i in range(120)]
    whole = build(_inputs(calls=calls), Policy(), TODAY, NOW)
    assert (whole.total, len(whole.tasks), whole.more) == (120, 50, 70)
    aurora = build(only_alliance(_inputs(calls=calls), 1), Policy(), TODAY, NOW, limit=None)
    assert aurora.total == 60 == len(aurora.tasks)
    assert {t.opens.alliance_id for t in aurora.tasks} == {1}
    assert aurora.alliances == 1


def test_milestones_due_this_week_or_slipped_are_on_the_list_and_counted() -> None:
    """A slipped milestone is late from its planned day and counted on its card; one due in
    the week is listed on its day; one far ahead or achieved is not Today's business; and the
    tier-1 alliance's slipped milestone ranks above the same one on a tier-3 alliance."""
    from alliance_desk.core.value import Milestone, validate_milestone

    def milestone(mid, alliance_id, **values):
        return Milestone(mid, alliance_id, validate_milestone({"title": f"M{mid}", **values}))

    alliances = [
        _alliance(1, "Aurora", criticality=5, complexity=5),
        _alliance(2, "Borealis", criticality=1, complexity=1),
    ]
    milestones = [
        milestone(1, 1, planned_on=TODAY - timedelta(days=20)),  # slipped, tier 1
        milestone(2, 2, planned_on=TODAY - timedelta(days=20)),  # slipped, tier 3
        milestone(3, 1, planned_on=TODAY + timedelta(days=3)),  # due this week
        milestone(4, 1, planned_on=TODAY + timedelta(days=60)),  # not this week's
        milestone(5, 1, planned_on=TODAY - timedelta(days=60), achieved_on=TODAY),
    ]
    today = build(_inputs(alliances=alliances, milestones=milestones), Policy(), TODAY, NOW)
    listed = [t for t in today.tasks if t.kind == "milestone"]
    assert [t.key for t in listed] == ["milestone:1", "milestone:2", "milestone:3"]
    assert listed[0].when == "20 days late" and "Slipped 20 days" in listed[0].why
    assert listed[2].when == "due Sat 5 Dec"  # 3 days on, no year (this one's), no "05"
    assert listed[0].opens.what == "milestones"
    card = next(c for c in today.cards if c.key == "milestones")
    assert card.value == 2
    mine = build(only_alliance(_inputs(alliances=alliances, milestones=milestones), 2),
                 Policy(), TODAY, NOW)  # fmt: skip
    assert [t.key for t in mine.tasks if t.kind == "milestone"] == ["milestone:2"]


def test_a_scored_task_keeps_every_field_of_the_task() -> None:
    """`ranked.scored` copies a task field by field (faster than `replace`): a field it
    missed fell back to its default — an escalation lost its business days late."""
    from dataclasses import fields

    from alliance_desk.core.ranked import scored
    from alliance_desk.core.records import Opens
    from alliance_desk.core.task import Task

    values = {
        "key": "escalation:7", "kind": "escalation", "what": "Slot", "alliance": "Aurora",
        "why": "Past", "due": TODAY, "today": TODAY, "opens": Opens("escalation", 1, 7),
        "score": 1.0, "person_id": 3, "item_id": 4, "snoozed_until": TODAY,
        "business_days_late": 5,
    }  # fmt: skip
    assert set(values) == {field.name for field in fields(Task)}  # a new field: add it here
    task = Task(**values)
    assert scored(task, 2.5) == replace(task, score=2.5)
