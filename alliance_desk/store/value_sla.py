"""The escalations' time past their service level, per alliance, counted by the database
(core.value_facts.SlaCalendar says the arithmetic): the Value section's largest sum — at ten
times the heavy portfolio 60,000 issues — which it keeps alliance by alliance
(store/alliance_counts.py), so its statement can be asked of some alliances only."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Date, Select, and_, case, func, literal, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from alliance_desk.core.business_days import SlaPolicy
from alliance_desk.core.escalations import Status
from alliance_desk.core.value_facts import SlaCalendar
from alliance_desk.store import batch
from alliance_desk.store.fence import fenced
from alliance_desk.store.models import EscalationRow, table
from alliance_desk.store.paging import day_number

ACTIVE = (Status.OPEN.value, Status.ESCALATED.value)


def positive(value: ColumnElement) -> ColumnElement:
    return case((value > 0, value), else_=0)


def count_of(condition: ColumnElement) -> ColumnElement:
    return func.sum(case((condition, 1), else_=0))


# -- the trigger date as day ordinals (core.value_facts.SlaCalendar) -----------------------------


def _rank(value: ColumnElement, bounds: Sequence[int], strict: bool) -> ColumnElement:
    """How many of the sorted `bounds` are below `value` (strict) or at most it, as a
    balanced CASE: a few comparisons a row whatever the number of holidays."""

    def between(low: int, high: int) -> ColumnElement:
        if low == high:
            return literal(low)
        middle = (low + high) // 2
        passed = bounds[middle] < value if strict else bounds[middle] <= value
        return case((passed, between(middle + 1, high)), else_=between(low, middle))

    return between(0, len(bounds))


def _fenced(query: Select) -> Any:
    """A subquery the database computes once a row instead of copying its expressions into
    the query around it (store/fence.py)."""
    return fenced(query).subquery()


def escalation_sums(
    session: Session, policy: SlaPolicy, today: date, only: batch.Ids | None = None
) -> Select:
    """Per alliance (of `only`, if given): open issues past their trigger date, and the days
    every issue ran past it (until resolved or closed, or until today). Each step a layer of
    its own, so each day is worked out once an issue, not again wherever the next step names
    it (the day an issue reached its level is named in every comparison with a holiday): at
    the heavy portfolio ≈ 5 ms less with a dozen holidays, ≈ 1 ms without."""
    issues = table(EscalationRow).c
    calendar = SlaCalendar.of(policy)
    allowed = case(
        {level: policy.allowed(level) for level in range(4)}, value=issues.level, else_=0
    )
    ends = func.coalesce(issues.resolved_on, issues.closed_on, literal(today, Date))
    days = _fenced(
        select(
            issues.alliance_id,
            case((issues.status.in_(ACTIVE), 1), else_=0).label("active"),
            allowed.label("allowed"),
            day_number(session, issues.level_since).label("since"),
            day_number(session, ends).label("ends"),
        )
        .select_from(table(EscalationRow))
        .where(*(() if only is None else (batch.among(issues.alliance_id, only),)))
    )
    since, rest = days.c.since, days.c.since % 7
    # The business day the issue is due by, counted from year 1 (`SlaCalendar`).
    target = (
        5 * (since // 7)
        + case((rest > 5, 5), else_=rest)
        - _rank(since, calendar.holidays, strict=False)
        + days.c.allowed
    )
    clocks = _fenced(select(days.c.alliance_id, days.c.active, days.c.ends, target.label("day")))
    # Its ordinal: the target-th weekday once the holidays before it are counted in.
    weekday = clocks.c.day + _rank(clocks.c.day, calendar.before, strict=True) - 1
    due = (7 * (weekday // 5) + weekday % 5 + 1).label("due")
    dues = _fenced(select(clocks.c.alliance_id, clocks.c.active, clocks.c.ends, due))
    return select(
        dues.c.alliance_id,
        count_of(and_(dues.c.active == 1, dues.c.due < today.toordinal())).label("past_sla"),
        func.sum(positive(dues.c.ends - dues.c.due)).label("escalation_days"),
    ).group_by(dues.c.alliance_id)
