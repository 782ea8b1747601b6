"""Escalation rules: business days, SLA and trigger dates, aging, workflow checks, cost of time."""

from __future__ import annotations

from datetime import date

import pytest

from alliance_desk.core.business_days import (
    SlaPolicy,
    add_business_days,
    business_days_between,
    parse_holidays,
)
from alliance_desk.core.escalation_ages import age_bucket, age_buckets, cost_of_time
from alliance_desk.core.escalations import (
    Category,
    Escalation,
    EscalationDraft,
    FieldError,
    Status,
    check_reason,
    validate_escalation,
    validate_resolution,
)
from alliance_desk.core.validation import ValidationError

FRIDAY = date(2026, 12, 18)
CHRISTMAS = {date(2026, 12, 25), date(2026, 12, 28)}


@pytest.mark.parametrize(
    ("start", "days", "holidays", "expected"),
    [
        (date(2026, 12, 14), 1, (), date(2026, 12, 15)),  # Monday + 1 = Tuesday
        (FRIDAY, 1, (), date(2026, 12, 21)),  # over the weekend
        (FRIDAY, 5, (), date(2026, 12, 25)),
        (FRIDAY, 5, CHRISTMAS, date(2026, 12, 29)),  # skips Christmas and the bank holiday
        (date(2026, 12, 19), 1, (), date(2026, 12, 21)),  # from a Saturday
        (FRIDAY, 0, (), FRIDAY),
        (date(2027, 12, 30), 3, (date(2027, 12, 31),), date(2028, 1, 5)),  # across a year end
    ],
)
def test_add_business_days(start, days, holidays, expected) -> None:
    assert add_business_days(start, days, holidays) == expected


@pytest.mark.parametrize("start_offset", range(7))
@pytest.mark.parametrize("length", [0, 1, 4, 6, 7, 8, 13, 30, 365])
def test_arithmetic_count_agrees_with_rrule(start_offset: int, length: int) -> None:
    """The fast count equals a day-by-day rrule count, weekends and holidays included."""
    from datetime import datetime, timedelta

    from dateutil.rrule import DAILY, FR, MO, TH, TU, WE, rrule

    start = date(2026, 12, 14) + timedelta(days=start_offset)
    end = start + timedelta(days=length)
    holidays = {date(2026, 12, 25), date(2026, 12, 26), date(2027, 1, 1)}
    slow = (
        sum(
            1
            for moment in rrule(
                DAILY,
                byweekday=(MO, TU, WE, TH, FR),
                dtstart=datetime.combine(start + timedelta(days=1), datetime.min.time()),
                until=datetime.combine(end, datetime.min.time()),
            )
            if moment.date() not in holidays
        )
        if length
        else 0
    )
    assert business_days_between(start, end, holidays) == slow


@pytest.mark.parametrize("start_offset", range(7))
@pytest.mark.parametrize("days", [1, 2, 5, 10, 30])
def test_adding_then_counting_business_days_round_trips(start_offset: int, days: int) -> None:
    """The trigger day is a business day exactly `days` business days after the start."""
    from datetime import timedelta

    start = date(2026, 12, 14) + timedelta(days=start_offset)
    holidays = {date(2026, 12, 25), date(2026, 12, 28), date(2027, 1, 1)}
    trigger = add_business_days(start, days, holidays)
    assert trigger.weekday() < 5 and trigger not in holidays
    assert business_days_between(start, trigger, holidays) == days
    assert business_days_between(start, trigger - timedelta(days=1), holidays) == days - 1


def test_business_days_between_counts_working_days_only() -> None:
    assert business_days_between(FRIDAY, date(2026, 12, 29)) == 7
    assert business_days_between(FRIDAY, date(2026, 12, 29), CHRISTMAS) == 5
    assert business_days_between(FRIDAY, FRIDAY) == 0
    assert business_days_between(date(2026, 12, 29), FRIDAY) == 0


def make(level=1, since=FRIDAY, raised=date(2026, 12, 1), status=Status.ESCALATED, **draft):
    values = {
        "title": "Fill-finish slot",
        "category": Category.BUSINESS_PROBLEM,
        "raised_on": raised,
    }
    values.update(draft)
    return Escalation(
        id=1,
        alliance_id=1,
        alliance_name="HALO-7",
        draft=EscalationDraft(**values),
        level=level,
        level_since=since,
        status=status,
    )


def test_trigger_date_and_past_sla_follow_the_level() -> None:
    """Level 1 allows 5 business days from the day it got there; a day later it is past SLA."""
    policy = SlaPolicy(holidays=frozenset(CHRISTMAS))
    item = make(level=1)
    assert item.trigger_date(policy) == date(2026, 12, 29)
    assert not item.past_sla(date(2026, 12, 29), policy)
    assert item.sla_text(date(2026, 12, 22), policy) == "3 business days left"  # 23, 24, 29
    assert item.past_sla(date(2026, 12, 30), policy)
    assert item.sla_text(date(2026, 12, 31), policy) == "Past by 2 business days"
    level_two = make(level=2)
    assert level_two.trigger_date(policy) == date(2027, 1, 5)  # 10 business days at level 2


def test_resolved_issues_stop_ageing_and_are_never_past_sla() -> None:
    policy = SlaPolicy()
    item = make(status=Status.RESOLVED)
    resolved = Escalation(
        id=item.id,
        alliance_id=1,
        alliance_name="HALO-7",
        draft=item.draft,
        level=1,
        level_since=FRIDAY,
        status=Status.RESOLVED,
        resolved_on=date(2026, 12, 11),
    )
    assert resolved.days_open(date(2027, 6, 1)) == 10
    assert not resolved.past_sla(date(2027, 6, 1), policy)
    assert resolved.sla_text(date(2027, 6, 1), policy) == "—"


@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (0, "0–7 days"),
        (7, "0–7 days"),
        (8, "8–30 days"),
        (30, "8–30 days"),
        (31, "31–90 days"),
        (90, "31–90 days"),
        (91, "90+ days"),
        (400, "90+ days"),
    ],
)
def test_age_buckets_edges(days: int, bucket: str) -> None:
    assert age_bucket(days) == bucket


def test_age_buckets_and_cost_of_time_count_open_items_only() -> None:
    today = date(2027, 1, 15)
    items = [
        make(raised=date(2027, 1, 10), delay_days=10, value_at_stake=2.5),
        make(raised=date(2026, 12, 1), delay_days=30, value_at_stake=10, since=date(2027, 1, 14)),
        make(raised=date(2026, 6, 1), status=Status.CLOSED, delay_days=99, value_at_stake=99),
    ]
    assert age_buckets(items, today) == {
        "HALO-7": {"0–7 days": 1, "8–30 days": 0, "31–90 days": 1, "90+ days": 0}
    }
    totals = cost_of_time(items, today, SlaPolicy())
    assert (totals.open_count, totals.delay_days, totals.value_at_stake, totals.past_sla) == (
        2,
        40,
        12.5,
        1,
    )


def test_resolving_requires_root_cause_resolution_and_kind() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_resolution({"root_cause": " ", "resolution": "", "kind": "magic"})
    assert set(caught.value.errors) == {"root_cause", "resolution", "kind"}
    good = validate_resolution(
        {
            "root_cause": "Capacity plan not shared",
            "resolution": "Shared plan",
            "kind": "compromise",
        }
    )
    assert good.kind.value == "compromise"


def test_a_level_change_needs_a_reason() -> None:
    with pytest.raises(ValidationError):
        check_reason("   ")
    assert check_reason(" Sponsor decision needed ") == "Sponsor decision needed"


def test_escalation_form_checks() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_escalation(
            {
                "title": "",
                "category": "drama",
                "delay_days": -3,
                "value_at_stake": "lots",
                "raised_on": "2026-12-10",
                "target_date": "2026-12-01",
            }
        )
    assert set(caught.value.errors) == {
        "title",
        "category",
        "delay_days",
        "value_at_stake",
        "target_date",
    }
    draft = validate_escalation({"title": "Slot", "category": "conflict"}, today=FRIDAY)
    assert draft.raised_on == FRIDAY and draft.severity.value == "medium"


def test_holidays_are_parsed_or_refused() -> None:
    assert parse_holidays("2026-12-25, 2026-12-28\n2027-01-01") == {
        date(2026, 12, 25),
        date(2026, 12, 28),
        date(2027, 1, 1),
    }
    with pytest.raises(FieldError):
        parse_holidays("Christmas")


@pytest.mark.parametrize("start_offset", range(7))
def test_adding_business_days_agrees_with_a_day_by_day_walk(start_offset: int) -> None:
    """The arithmetic trigger date equals walking day by day, with holidays on weekdays,
    on weekends, back to back and right after the start."""
    from datetime import timedelta

    from alliance_desk.core.business_days import _add_business_days

    start = date(2026, 12, 14) + timedelta(days=start_offset)
    holiday_sets = [
        frozenset(),
        frozenset(CHRISTMAS),
        frozenset({start + timedelta(days=1), start + timedelta(days=2), date(2027, 1, 1)}),
        frozenset(start + timedelta(days=n) for n in range(3, 40, 3)),
    ]
    for holidays in holiday_sets:
        for days in range(0, 45):
            walked, left = start, days
            while left > 0:
                walked += timedelta(days=1)
                if walked.weekday() < 5 and walked not in holidays:
                    left -= 1
            assert _add_business_days(start, days, holidays) == walked, (start, days, holidays)
