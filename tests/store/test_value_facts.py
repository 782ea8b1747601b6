"""The Value section's numbers counted by the database equal the in-memory computation they
replaced (core/placement.py's `value_picture` over every record) on a varied portfolio —
every escalation level and status, clocks started on weekends and around holidays, ties
between health checks, milestones of every status, open and undecided questions, a deleted
alliance — on several days, on SQLite and PostgreSQL; the trigger-date arithmetic is the
business-day walk's, for any holidays."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import update

from alliance_desk.core import wall
from alliance_desk.core.business_days import SlaPolicy, add_business_days
from alliance_desk.core.escalations import validate_escalation
from alliance_desk.core.placement import value_picture
from alliance_desk.core.policy import Policy
from alliance_desk.core.risks import validate_decision, validate_risk
from alliance_desk.core.time_cost import open_questions
from alliance_desk.core.value import validate_milestone
from alliance_desk.core.value_facts import SlaCalendar, facts_of
from alliance_desk.store import (
    escalations,
    health_checks,
    portfolio,
    risks,
    value,
    value_facts,
)
from alliance_desk.store.models import EscalationRow, RiskRatingRow
from tests.helpers import Statements, draft, every_page

TODAY = date(2026, 12, 3)  # a Thursday
HOLIDAYS = frozenset({date(2026, 12, 25), date(2026, 11, 26), date(2026, 12, 5), TODAY})
POLICY = Policy(sla_days=(2, 3, 7, 11), holidays=HOLIDAYS)
DAYS = (TODAY, date(2026, 12, 5), date(2026, 12, 25), date(2027, 3, 1))


def _portfolio(store) -> list[int]:
    """Five alliances (one deleted afterwards) with a seeded mix of every kind of record."""
    chance = random.Random(25)
    ids = [
        portfolio.create_alliance(
            store,
            draft(
                name=f"Alliance {n}",
                strategic_value=1 + n % 5,
                financial_value=[0, 250, 1000, 75.5, 10][n],
                criticality=1 + (n * 2) % 5,
                complexity=1 + n % 5,
            ),
        ).id
        for n in range(5)
    ]
    statuses = ("open", "mitigating", "closed")
    for n in range(40):
        aid = ids[n % 5]
        risks.add_risk(
            store,
            aid,
            validate_risk(
                {
                    "title": f"Risk {n}",
                    "category": "business",
                    "likelihood": 1 + chance.randrange(5),
                    "impact": 1 + chance.randrange(5),
                    "status": statuses[n % 3],
                }
            ),
            today=TODAY - timedelta(days=chance.randrange(200)),
        )
        raised = TODAY - timedelta(days=chance.randrange(150))
        decided = raised + timedelta(days=chance.randrange(-3, 90))
        risks.add_decision(
            store,
            aid,
            validate_decision(
                {
                    "title": f"Question {n % 7} {'ABC'[n % 3]}",
                    "raised_on": "" if n % 6 == 0 else raised.isoformat(),
                    "decided_on": "" if n % 4 == 1 and n % 6 else decided.isoformat(),
                }
            ),
        )
        status = ("planned", "at risk", "achieved", "missed")[n % 4]
        planned = TODAY + timedelta(days=chance.randrange(-90, 90))
        value.add_milestone(
            store,
            aid,
            validate_milestone(
                {
                    "title": f"Milestone {n}",
                    "planned_on": planned.isoformat(),
                    "forecast_on": (planned + timedelta(days=chance.randrange(-10, 40))).isoformat()
                    if n % 3
                    else "",
                    "achieved_on": (planned + timedelta(days=n % 9)).isoformat()
                    if status == "achieved"
                    else "",
                    "status": status,
                    "value": [0, 12.5, 100, 2.25][n % 4],
                }
            ),
        )
    for n in range(120):
        issue = escalations.raise_escalation(
            store,
            ids[n % 5],
            validate_escalation({"title": f"Issue {n}", "category": "conflict"}, TODAY),
            level=n % 4,
        )
        since = TODAY - timedelta(days=chance.randrange(60))  # weekends and holidays too
        status = ("open", "escalated", "resolved", "closed")[chance.randrange(4)]
        ended = since + timedelta(days=chance.randrange(40))
        with store.write() as session:
            session.execute(
                update(EscalationRow)
                .where(EscalationRow.id == issue)
                .values(
                    level_since=since,
                    raised_on=since - timedelta(days=3),
                    status=status,
                    resolved_on=ended if status == "resolved" else None,
                    closed_on=ended if status == "closed" else None,
                )
            )
    # Open issues whose trigger date is exactly each day compared: past it the day after.
    for n, (policy, day, level) in enumerate(
        (p, d, lv) for p in (POLICY, Policy()) for d in DAYS for lv in range(4)
    ):
        since = _since_due_on(day, level, policy.sla)
        if since is None:
            continue
        issue = escalations.raise_escalation(
            store,
            ids[n % 4],
            validate_escalation({"title": f"Due {n}", "category": "conflict"}, since),
            level=level,
        )
        with store.write() as session:
            session.execute(
                update(EscalationRow).where(EscalationRow.id == issue).values(level_since=since)
            )
    scores = {"trust": (4, 2), "value": (3, 3), "speed": (1, 5)}
    for n, aid in enumerate(ids[:4]):
        health_checks.add_check(store, aid, TODAY - timedelta(days=40), {"trust": (5, 5)})
        # Two checks on the same day: the one recorded last is the latest.
        health_checks.add_check(store, aid, TODAY - timedelta(days=n), dict(scores))
        health_checks.add_check(store, aid, TODAY - timedelta(days=n), {"trust": (n + 1, 1)})
    with store.write() as session:  # a risk never rated
        first = session.execute(RiskRatingRow.__table__.select().limit(1)).first()
        session.execute(RiskRatingRow.__table__.delete().where(RiskRatingRow.id == first.id))
    portfolio.delete_alliance(store, ids[4])
    return ids


def _since_due_on(day: date, level: int, policy: SlaPolicy) -> date | None:
    """A day an issue reaching `level` then is due exactly on `day` (None: none is)."""
    for back in range(1, 40):
        since = day - timedelta(days=back)
        if add_business_days(since, policy.allowed(level), policy.holidays) == day:
            return since
    return None


def _in_memory(store, policy: Policy, today: date, now: datetime):
    return value_picture(
        portfolio.list_alliances(store),
        risks=risks.list_risks(store, history=False),
        escalations=escalations.list_escalations(store),
        checks=health_checks.list_checks(store),
        milestones=value.list_milestones(store),
        decisions=risks.list_decisions(store),
        facts=value.rhythm_facts(store, now),
        policy=policy,
        today=today,
    )


@pytest.mark.parametrize("policy", [POLICY, Policy()], ids=["holidays", "defaults"])
def test_the_picture_counted_in_sql_is_the_one_counted_in_memory(store, policy) -> None:
    """Placement, risk factors, time lost, days to decide, open questions and rhythm gaps of
    every live alliance, on a day that is a holiday, a Saturday, Christmas and next year."""
    ids = _portfolio(store)
    for today in DAYS:
        now = datetime.combine(today, datetime.min.time()).replace(hour=12)
        expected = _in_memory(store, policy, today, now)
        assert value_facts.value_picture(store, policy, today, now) == expected
        assert {line.id for line in expected} == set(ids[:4])  # the deleted one is not there
        counted = value_facts.facts(store, policy, today)
        in_memory = facts_of(
            risks=risks.list_risks(store, history=False),
            escalations=escalations.list_escalations(store),
            checks=health_checks.list_checks(store),
            milestones=value.list_milestones(store),
            decisions=risks.list_decisions(store),
            today=today,
            policy=policy.sla,
        )
        assert {a: counted[a] for a in ids[:4] if a in counted} == in_memory
    # Something of every kind was counted: the comparison above is not of empty pictures.
    lines = value_facts.value_picture(store, policy, TODAY, wall.now())
    assert all(line.placement.factors.past_sla and line.lost for line in lines)
    assert any(line.placement.factors.health_gap for line in lines)
    assert any(line.waiting for line in lines) and any(line.decide for line in lines)
    assert any(line.placement.factors.slipped and line.placement.stake for line in lines)


def test_open_questions_are_read_slowest_first_a_page_at_a_time(store) -> None:
    _portfolio(store)
    expected = open_questions(risks.list_decisions(store), TODAY)
    assert expected and value_facts.open_questions(store, None, TODAY) == expected
    read = every_page(
        lambda at: value_facts.open_questions_page(store, None, TODAY, cursor=at, limit=3)
    )
    assert read == expected
    one = expected[0].alliance_id
    mine = value_facts.open_questions_page(store, one, TODAY).rows
    assert mine == [q for q in expected if q.alliance_id == one]


def test_the_picture_is_one_statement_however_many_records(store) -> None:
    _portfolio(store)
    value_facts.value_picture(store, POLICY, TODAY, wall.now())  # built once
    with Statements(store) as counted:
        value_facts.value_picture(store, POLICY, TODAY, wall.now())
    assert len(counted.seen) == 1


@settings(max_examples=200, deadline=None)
@given(
    since=st.dates(date(2020, 1, 1), date(2030, 12, 31)),
    days=st.integers(1, 60),
    holidays=st.frozensets(st.dates(date(2019, 12, 1), date(2031, 3, 1)), max_size=30),
)
def test_the_trigger_arithmetic_is_the_business_day_walk(since, days, holidays) -> None:
    calendar = SlaCalendar.of(SlaPolicy(holidays=holidays))
    assert calendar.trigger(since, days) == add_business_days(since, days, holidays)


def test_holidays_near_the_clocks_move_the_trigger_the_same_in_sql(store) -> None:
    """Dense holidays (a fortnight of them) around every clock: the SQL still agrees."""
    _portfolio(store)
    dense = frozenset(TODAY - timedelta(days=n) for n in range(0, 60, 2))
    policy = replace(POLICY, holidays=dense | HOLIDAYS)
    now = wall.now()
    assert value_facts.value_picture(store, policy, TODAY, now) == _in_memory(
        store, policy, TODAY, now
    )
