"""Stakeholder rules: quadrants, next contact due, relationship health, coverage gaps."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alliance_desk.core.cadence import Cadence, due_by, next_contact_due
from alliance_desk.core.coverage import GapKind, coverage_gaps
from alliance_desk.core.people import Person, Side
from alliance_desk.core.stakeholders import (
    Quadrant,
    Stakeholder,
    StakeholderDraft,
    Stance,
    due_within,
    quadrant,
    relationship_health,
    validate_interaction,
    validate_stakeholder,
)
from alliance_desk.core.validation import ValidationError

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("power", "interest", "expected"),
    [
        (5, 5, Quadrant.MANAGE_CLOSELY),
        (4, 4, Quadrant.MANAGE_CLOSELY),
        (4, 3, Quadrant.KEEP_SATISFIED),
        (3, 4, Quadrant.KEEP_INFORMED),
        (3, 3, Quadrant.MONITOR),
        (1, 5, Quadrant.KEEP_INFORMED),
        (5, 1, Quadrant.KEEP_SATISFIED),
    ],
)
def test_quadrant(power: int, interest: int, expected: Quadrant) -> None:
    """4 and 5 are high; the lines fall between 3 and 4."""
    assert quadrant(power, interest) is expected


@pytest.mark.parametrize(
    ("last", "cadence", "rule", "expected"),
    [
        (date(2026, 3, 2), Cadence.WEEKLY, "", date(2026, 3, 9)),
        (date(2026, 3, 2), Cadence.FORTNIGHTLY, "", date(2026, 3, 16)),
        (date(2026, 1, 31), Cadence.MONTHLY, "", date(2026, 2, 28)),  # no 31 February
        (date(2025, 11, 30), Cadence.QUARTERLY, "", date(2026, 2, 28)),
        (date(2026, 1, 5), Cadence.CUSTOM, "FREQ=WEEKLY;INTERVAL=3", date(2026, 1, 26)),
        (date(2026, 1, 5), Cadence.CUSTOM, "FREQ=MONTHLY;BYDAY=1MO", date(2026, 2, 2)),
        (date(2026, 1, 5), Cadence.NONE, "", None),
    ],
)
def test_next_contact_due(last, cadence, rule, expected) -> None:
    """Due one cadence step after the last contact, calendar-aware."""
    assert next_contact_due(last, cadence, rule) == expected


def test_never_contacted_is_due_from_the_start_of_the_plan() -> None:
    assert next_contact_due(None, Cadence.MONTHLY, planned_from=TODAY) == TODAY


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


@pytest.mark.parametrize(
    ("cadence", "interactions", "expected"),
    [
        # monthly plan met (3 in 90 days), sentiments +2 (latest, counted twice), +1, +1
        (Cadence.MONTHLY, [(ago(2), 2), (ago(30), 1), (ago(60), 1)], 95),
        # weekly plan, nothing said: no contact, unknown sentiment
        (Cadence.WEEKLY, [], 20),
        # quarterly plan met once, but it went very badly
        (Cadence.QUARTERLY, [(ago(10), -2)], 60),
        # no plan: one neutral contact a quarter is what is expected
        (Cadence.NONE, [(ago(45), 0)], 80),
        (Cadence.NONE, [], 20),
        # weekly plan, 6 of about 12.9 expected, all neutral: 0.6 × 0.467 + 0.2
        (Cadence.WEEKLY, [(ago(d), 0) for d in (1, 15, 30, 45, 60, 75)], 48),
        # contacts older than 90 days do not count
        (Cadence.WEEKLY, [(ago(100), 2)], 20),
    ],
)
def test_relationship_health_known_values(cadence, interactions, expected) -> None:
    assert relationship_health(cadence, interactions, TODAY) == expected


def test_health_rises_with_contact_and_good_sentiment() -> None:
    """More contact and better conversations never lower the figure."""
    low = relationship_health(Cadence.MONTHLY, [(ago(5), -1)], TODAY)
    more = relationship_health(Cadence.MONTHLY, [(ago(5), -1), (ago(35), -1)], TODAY)
    better = relationship_health(Cadence.MONTHLY, [(ago(5), 1), (ago(35), -1)], TODAY)
    assert low < more < better


def test_coverage_gaps() -> None:
    """Unpaired partner people, overdue contacts and powerful people with no plan are flagged."""
    paired_partner = Stakeholder(
        id=2,
        alliance_id=1,
        person=Person(id=2, name="Paired", side=Side.PARTNER),
        details=StakeholderDraft(cadence=Cadence.MONTHLY, power=5),
        last_contact=ago(10),
        counterpart_ids=(1,),
    )
    people = [
        Stakeholder(1, 1, Person(id=1, name="Ours", side=Side.INTERNAL), StakeholderDraft()),
        paired_partner,
        Stakeholder(
            3,
            1,
            Person(id=3, name="Lonely", side=Side.PARTNER),
            StakeholderDraft(cadence=Cadence.WEEKLY),
            last_contact=ago(20),
        ),
        Stakeholder(4, 1, Person(id=4, name="Boss", side=Side.INTERNAL), StakeholderDraft(power=5)),
    ]
    gaps = coverage_gaps(people, TODAY)
    assert [(g.kind, g.name) for g in gaps] == [
        (GapKind.NO_COUNTERPART, "Lonely"),
        (GapKind.CONTACT_OVERDUE, "Lonely"),
        (GapKind.NO_PLAN, "Boss"),
    ]
    assert "13 days ago" in gaps[1].detail
    assert [s.name for s in due_within(people, TODAY, 7)] == ["Lonely"]
    assert [s.name for s in due_within(people, TODAY, 30)] == ["Lonely", "Paired"]


def test_stakeholder_fields_are_checked_together() -> None:
    """Ratings outside 1–5, unknown stance and a broken custom rule are each reported."""
    with pytest.raises(ValidationError) as caught:
        validate_stakeholder(
            {
                "power": 6,
                "interest": "x",
                "stance": "enemy",
                "cadence": "custom",
                "cadence_rule": "BAD",
            }
        )
    assert set(caught.value.errors) == {"power", "interest", "stance", "cadence_rule"}
    good = validate_stakeholder(
        {"power": "5", "stance": "Champion", "cadence": "every 2 weeks", "formality": "formal"}
    )
    assert (good.power, good.stance, good.cadence, good.formal) == (
        5,
        Stance.CHAMPION,
        Cadence.FORTNIGHTLY,
        True,
    )


def test_interaction_needs_a_date_a_person_and_a_sentiment_in_range() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_interaction({"occurred_on": "", "sentiment": 3, "person_ids": ()})
    assert set(caught.value.errors) == {"occurred_on", "sentiment", "person_ids"}
    made = validate_interaction({"occurred_on": "2026-11-20", "sentiment": "-2", "person_ids": [4]})
    assert made.sentiment == -2 and made.person_ids == (4,)


@given(
    last=st.one_of(st.none(), st.dates(date(2000, 1, 1), date(2060, 12, 31))),
    cadence=st.sampled_from(list(Cadence)),
    horizon=st.dates(date(2000, 1, 1), date(2060, 12, 31)),
)
def test_due_by_agrees_with_the_full_calendar_arithmetic(last, cadence, horizon) -> None:
    """The shortcut Today takes for recent contacts never hides anyone actually due."""
    rule = "FREQ=WEEKLY;INTERVAL=3"
    full = next_contact_due(last, cadence, rule, planned_from=TODAY)
    expected = full if full is not None and full <= horizon else None
    assert due_by(last, cadence, rule, TODAY, horizon) == expected


def test_adding_months_agrees_with_relativedelta_on_every_day_of_four_years() -> None:
    """Month steps of the contact plan: calendar-aware, month ends and leap days included."""
    from dateutil.relativedelta import relativedelta

    from alliance_desk.core.cadence import add_months

    day = date(2026, 1, 1)
    while day < date(2030, 1, 1):
        for months in (1, 3, 12, 14):
            assert add_months(day, months) == day + relativedelta(months=months), (day, months)
        day += timedelta(days=1)
