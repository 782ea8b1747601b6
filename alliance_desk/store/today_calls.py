"""Today's calls under a fixed cadence (weekly … quarterly), ranked and counted in SQL as the
other bulk kinds are (store/today_rank.py): a team store plans contacts with twenty thousand
people, and listing each call due in Python took a third of Today.

SQL does no calendar arithmetic. The next call falls due one cadence step after the last
contact (core/cadence.py's `next_contact_due`), which never comes earlier for a later
contact, so for each cadence Python works out the latest last contact still due by the
horizon, the latest already late, and the urgency of each last contact in between; SQL compares
each person's last contact (the day the database keeps, store/last_contacts.py) with those
days. A custom cadence (an RRULE) stays with Python (store/today.py lists those calls)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Date, case, func, literal, select
from sqlalchemy.sql import Select

from alliance_desk.core.cadence import Cadence, next_contact_due
from alliance_desk.core.task import MAX_LATE_DAYS, urgency
from alliance_desk.store.fence import fenced
from alliance_desk.store.id_lists import among
from alliance_desk.store.last_contacts import last_contact_of
from alliance_desk.store.models import StakeholderRow, table

FIXED = (Cadence.WEEKLY, Cadence.FORTNIGHTLY, Cadence.MONTHLY, Cadence.QUARTERLY)


def _latest(cadence: Cadence, by: date) -> date:
    """The latest last contact whose next call is due on or before `by`."""
    last = by
    while _next(last, cadence) > by:
        last -= timedelta(days=1)
    return last


def _next(last: date, cadence: Cadence) -> date:
    return next_contact_due(last, cadence) or last


def _by_cadence(cadence: Any, days: dict[Cadence, date]) -> Any:
    return case(*((cadence == plan.value, literal(day, Date)) for plan, day in days.items()))


def planned(today: date, only: int | None, weights: Any = None, within: Any = None) -> Any:
    """Everyone with a fixed cadence on a live (the chosen) alliance (among `within`, a select
    of alliance ids, if given): id, alliance, cadence, first planned day, last contact and the
    alliance's weight from `weights` (today_rank.weighed; without it 0: only to count them).
    Fenced (OFFSET 0) to be scored, so the last contact is worked out once a person, not once
    for each use of it in the score. Only to count them, not fenced: the few uses left are
    cheaper than reading each person's row back out of the fenced subquery (SQLite decodes
    it again for each column named), and the counts' GROUP BY then follows the index on the
    alliance instead of sorting every person (counting 20,000 calls: 79 -> 54 ms)."""
    from alliance_desk.store.today_rank import live_ids

    placed, last = table(StakeholderRow), last_contact_of(today)
    where: list[Any] = [placed.c.cadence.in_([plan.value for plan in FIXED])]
    if within is not None:
        where.append(among(placed.c.alliance_id, within))
    columns = (
        placed.c.id,
        placed.c.alliance_id,
        placed.c.cadence,
        func.coalesce(placed.c.planned_from, literal(today, Date)).label("first"),
        last.day.label("last"),
    )
    if weights is not None:
        found = select(*columns, weights.c.weight).join_from(
            placed, weights, weights.c.id == placed.c.alliance_id
        )
    else:
        found = select(*columns, literal(0.0).label("weight"))
        where.append(placed.c.alliance_id.in_(live_ids(only)))
    query = last.joined(found).where(*where)
    return (fenced(query) if weights is not None else query).subquery("planned")


def _urgency(
    today: date,
    due_by: dict[Cadence, date],
    people: Any,
    urgency_of: Callable[..., Any],
    looked_up: Callable[[Any, date, list[float]], Any],
) -> Any:
    """core/tasks.py's urgency of each call, from its last contact (Python's for each day
    between 30 days late and the horizon, looked up by the day; SQL's own for a plan's first
    call)."""
    capped = {plan: _latest(plan, today - timedelta(days=MAX_LATE_DAYS)) for plan in FIXED}
    last, cadence = people.c.last, people.c.cadence
    near = []  # a month's calls: the urgency of each last contact's due day
    for plan in (Cadence.MONTHLY, Cadence.QUARTERLY):
        first = capped[plan] + timedelta(days=1)
        lasts = [first + timedelta(days=n) for n in range((due_by[plan] - capped[plan]).days)]
        if not lasts:
            continue
        near.append((
            (cadence == plan.value)
            & last.between(literal(first, Date), literal(lasts[-1], Date)),
            looked_up(last, first, [urgency(_next(day, plan), today) for day in lasts]),
        ))  # fmt: skip
    return case(
        (last.is_(None), urgency_of(people.c.first)),  # never met: due from the plan's start
        (last <= _by_cadence(cadence, capped), 1.0 + MAX_LATE_DAYS / 10),
        *near,
        # A week's or a fortnight's call: due that many days after the last contact.
        *(
            (cadence == plan.value, urgency_of(last, (_next(today, plan) - today).days))
            for plan in (Cadence.WEEKLY, Cadence.FORTNIGHTLY)
        ),
        else_=1.0 + MAX_LATE_DAYS / 10,
    )


def calls(
    today: date,
    horizon: date,
    people: Any,
    asleep: Callable[[str, Any], Any],
    urgency_of: Callable[..., Any],
    looked_up: Callable[[Any, date, list[float]], Any],
    scored: bool = True,
) -> Select[Any]:
    """Each call due by `horizon`: kind, id, alliance, late, snoozed, score (as
    core/tasks.py scores it: urgency × 1 × the alliance's weight). `people`: `planned(…)`."""
    due_by = {plan: _latest(plan, horizon) for plan in FIXED}
    late_by = {plan: _latest(plan, today - timedelta(days=1)) for plan in FIXED}
    last, cadence = people.c.last, people.c.cadence
    score = (
        _urgency(today, due_by, people, urgency_of, looked_up) * people.c.weight if scored else 0.0
    )
    late = (last.is_(None) & (people.c.first < today)) | (last <= _by_cadence(cadence, late_by))
    return select(
        literal("call").label("kind"),
        people.c.id.label("id"),
        people.c.alliance_id.label("alliance_id"),
        case((late, 1), else_=0).label("late"),
        asleep("call", people.c.id).label("snoozed"),
        (literal(score) if isinstance(score, float) else score).label("score"),
        literal(0).label("stalled"),
    ).where((last.is_(None) & (people.c.first <= horizon)) | (last <= _by_cadence(cadence, due_by)))
