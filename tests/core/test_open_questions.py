"""Open questions (a decision raised, not decided yet), with known values: recorded, listed
slowest first, left out of time to decision, counted in time lost so far, and never taken
for a decision to implement."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from alliance_desk.core.business_days import SlaPolicy
from alliance_desk.core.minutes import awaiting_review
from alliance_desk.core.policy import Policy
from alliance_desk.core.risks import Decision, DecisionStatus, not_implemented, validate_decision
from alliance_desk.core.time_cost import (
    TIME_LOST_FORMULA,
    days_to_decide,
    decision_speed,
    decision_trend,
    open_questions,
    time_lost,
)
from alliance_desk.core.today import TodayInputs, build
from alliance_desk.core.validation import ValidationError
from alliance_desk.core.value_facts import DECISION_NORM_DAYS

TODAY = date(2026, 12, 3)


def _question(did: int, aid: int, raised: date, title: str = "Q", **more) -> Decision:
    values = {"title": title, "raised_on": raised, "decided_on": "", **more}
    return Decision(did, aid, validate_decision(values))


def _decided(did: int, aid: int, raised: date, decided: date) -> Decision:
    values = {"title": "D", "raised_on": raised, "decided_on": decided}
    return Decision(did, aid, validate_decision(values))


def test_an_open_question_needs_the_day_it_was_raised() -> None:
    draft = validate_decision({"title": "Who files?", "raised_on": "2026-11-01"})
    assert draft.open and draft.decided_on is None and draft.raised_on == date(2026, 11, 1)
    with pytest.raises(ValidationError) as refused:
        validate_decision({"title": "Who files?", "decided_on": "", "raised_on": ""})
    assert "raised" in refused.value.errors["decided_on"]
    with pytest.raises(ValidationError) as typo:  # a typo is reported as a typo, not as missing
        validate_decision({"title": "Who files?", "decided_on": "2026-13-45"})
    assert "raised" not in typo.value.errors["decided_on"]
    assert set(typo.value.errors) == {"decided_on"}


def test_open_questions_are_listed_slowest_first_with_their_days_open() -> None:
    decisions = [
        _question(1, 1, date(2026, 11, 23), "Recent"),  # 10 days
        _question(2, 2, date(2026, 8, 5), "Oldest"),  # 120 days
        _decided(3, 1, date(2026, 1, 1), date(2026, 2, 1)),  # decided: not open
        _question(4, 1, date(2026, 10, 4), "Middle"),  # 60 days
    ]
    found = open_questions(decisions, TODAY)
    assert [(q.title, q.alliance_id, q.days_open) for q in found] == [
        ("Oldest", 2, 120),
        ("Middle", 1, 60),
        ("Recent", 1, 10),
    ]


def test_time_to_decision_counts_only_decided_ones() -> None:
    decisions = [
        _decided(1, 1, date(2026, 1, 1), date(2026, 1, 21)),  # 20 days, Q1
        _question(2, 1, date(2025, 1, 1)),  # open for ages: not a time to decision
    ]
    assert days_to_decide(decisions[1]) is None
    speeds = decision_speed(decisions, lambda d: str(d.alliance_id))
    assert [(s.decisions, s.mean_days, s.longest_days) for s in speeds] == [(1, 20.0, 20)]
    assert decision_trend(decisions) == [("2026 Q1", 20.0)]


def test_time_lost_includes_open_questions_days_so_far_beyond_the_norm() -> None:
    decisions = [
        _decided(1, 1, date(2026, 1, 1), date(2026, 3, 2)),  # 60 days: 30 beyond
        _question(2, 1, date(2026, 8, 5)),  # 120 days so far: 90 beyond
        _question(3, 1, date(2026, 11, 23)),  # 10 days so far: within the norm
        _question(4, 2, date(2026, 10, 4)),  # 60 days so far: 30 beyond
    ]
    lost = time_lost(decisions, [], TODAY, SlaPolicy())
    assert DECISION_NORM_DAYS == 30
    assert lost[1].decision_days == 30 + 90 and lost[1].total == 120
    assert lost[2].decision_days == 30
    assert "open question" in TIME_LOST_FORMULA


def test_an_open_question_is_not_a_decision_to_implement_or_chase() -> None:
    question = _question(1, 1, date(2026, 1, 1), status="pending")
    stalled = _decided(2, 1, date(2025, 12, 1), date(2026, 1, 1))
    assert question.draft.status is DecisionStatus.PENDING
    assert not_implemented([question, stalled], TODAY, 60) == [stalled]
    assert awaiting_review([question, stalled], TODAY) == [stalled]
    today = build(
        TodayInputs(
            alliances=[],
            calls=[],
            onboarding=[],
            clocks=[],
            reviews=[],
            obligations=[],
            decisions=[question, stalled],
            meetings=[],
            late_actions=[],
            habits=[],
            checkins=[],
        ),
        Policy(),
        TODAY,
        datetime(2026, 12, 3, 9, 0),
    )
    assert [t.key for t in today.tasks] == ["decision:2"]
    assert next(c for c in today.cards if c.key == "decisions").value == 1
