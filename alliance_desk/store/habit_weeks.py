"""The Habits section's year, counted by the database: check-ins and automatic credits (less
the credits the user took away) per habit and week in one GROUP BY, sent together with the
targets and the weekly reviews; and the week's check-ins a page at a time, oldest first. So
showing the section costs 52 weeks × 7 habits of counts and a page of check-ins, not every
interaction logged in a year (store/habits.py says what credits which habit)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import and_, func, literal, select, union_all
from sqlalchemy.orm import Session

from alliance_desk.core.habits import CheckIn, Habit, ListedCheckIn
from alliance_desk.store import batch, change_counts
from alliance_desk.store.database import Store
from alliance_desk.store.habits import (
    CREDIT_SOURCES,
    SOURCES,
    Source,
    credit_note,
    credit_sources,
    habits_query,
    reviews_query,
)
from alliance_desk.store.models import AllianceRow, CheckInRow, DismissedCreditRow, table
from alliance_desk.store.paging import PAGE, Page, Paged, day_number, read_page


@dataclass(frozen=True)
class HabitYear:
    """What the Habits section shows of the weeks from `first_week` to the week shown."""

    habits: list[Habit]
    counts: dict[str, dict[date, int]]  # habit -> week start -> check-ins
    minutes: dict[str, dict[date, int]]  # habit -> week start -> minutes checked in
    reviews: list[tuple[date, str, str, str]]  # every weekly review, newest first
    # The tables' change counters, read before the weeks: the week's first page of check-ins
    # is kept with them (`checkins_page`).
    counters: Mapping[str, int] | None = None


def _credits(first: date, last: date, user: str | None) -> list[tuple[str, Any]]:
    """(kind, subquery of id, day, alliance id, text) for each kind of credited work."""
    return [(kind, query.subquery()) for kind, query in credit_sources(first, last, user)]


def _per_day(source: Source, first: date, last: date, user: str | None) -> list[Any]:
    """(habit, day, 0, credits) rows of one kind of work, one per day: all of it, counted
    from the day's index alone, less that of deleted alliances (few, found through each
    one's own index). Joining each of the year's ≈ 59,000 interactions at ten times the heavy
    portfolio to its alliance to leave deleted ones out took most of the year's count."""
    rows = table(source.model).c
    day, habit = rows[source.day], literal(CREDIT_SOURCES[source.kind])
    chosen: list[Any] = [day.between(first, last)]
    if user is not None:
        chosen.append(rows[source.who] == user)
    every = select(habit, day, literal(0), func.count()).where(*chosen).group_by(day)
    if not source.of_alliance:
        return [every]
    alliances = table(AllianceRow).c
    deleted: Any = select(alliances.id).where(alliances.deleted_at.is_not(None))
    if source.via is None:
        held = rows.alliance_id.in_(deleted)
    else:  # a risk review: the reviews of the deleted alliances' risks
        holder, link = table(source.via[0]).c, source.via[1]
        held = rows[link].in_(select(holder.id).where(holder.alliance_id.in_(deleted)))
    gone = select(habit, day, literal(0), -func.count()).where(held, *chosen)
    return [every, gone.group_by(day)]


def _counted(first: date, last: date, user: str | None):
    """(habit, day, minutes, check-ins) rows, one per habit and day: each check-in and credit
    counts one (`_per_day`), each credit taken away minus one (counted from the few taken
    away, not by looking each credit up). Summed per day first, in the order of each day's
    index."""
    manual, dismissed = table(CheckInRow).c, table(DismissedCreditRow).c
    parts = [
        select(manual.habit, manual.day, func.sum(manual.minutes), func.count())
        .where(manual.day.between(first, last))
        .group_by(manual.day, manual.habit)
    ]
    for source in SOURCES:
        parts.extend(_per_day(source, first, last, user))
    for kind, rows in _credits(first, last, user):
        ident, day = list(rows.c)[:2]
        parts.append(
            select(literal(CREDIT_SOURCES[kind]), day, literal(0), -func.count())
            .select_from(table(DismissedCreditRow))
            .join(rows, and_(dismissed.kind == kind, dismissed.record_id == ident))
            .group_by(day)
        )
    return union_all(*parts).subquery()


def _weeks(session: Session, first_week: date, last: date, user: str | None):
    rows = _counted(first_week, last, user)
    habit, day, minutes, count = list(rows.c)
    week = (day_number(session, day) - first_week.toordinal()) // 7
    return select(
        habit.label("habit"),
        week.label("week"),
        func.sum(count).label("count"),
        func.sum(minutes).label("minutes"),
    ).group_by(habit, week)


def habit_year(store: Store, first_week: date, week: date) -> HabitYear:
    """Per habit, the check-ins and minutes of each week from `first_week` to the week
    starting `week` (both week starts), with the targets and the reviews: one statement, and
    one more for the weeks when a table they count has changed since they were last read
    (store/change_counts.py)."""
    last, user = week + timedelta(days=6), store.user or None
    key = ("habit year", first_week, last, user)
    with store.read() as session:
        dialect = session.get_bind().dialect.name
        found = batch.prepared(
            session,
            key,
            lambda: {
                "habits": habits_query(),
                "reviews": reviews_query(),
                "counters": change_counts.counters_query(dialect),
            },
        ).run(session)

        def weeks(_parts: tuple[str, ...]) -> dict[str, list[Any]]:
            counted = batch.prepared(
                session,
                (*key, "weeks"),
                lambda: {"weeks": batch.Query(_weeks(session, first_week, last, user), list)},
            ).run(session)
            return {"weeks": counted["weeks"]}

        kept = change_counts.reused(
            store, key, found["counters"], {"weeks": change_counts.HABIT_WEEKS}, weeks
        )
    counts: dict[str, dict[date, int]] = defaultdict(dict)
    minutes: dict[str, dict[date, int]] = defaultdict(dict)
    for habit, number, count, spent in kept["weeks"]:
        start = first_week + timedelta(weeks=int(number))
        if count:
            counts[habit][start] = int(count)
            minutes[habit][start] = int(spent or 0)
    return HabitYear(
        found["habits"], dict(counts), dict(minutes), found["reviews"], found["counters"]
    )


# -- the week's check-ins, a page at a time -------------------------------------------------------


@lru_cache(maxsize=8)
def _listed(first: date, last: date, user: str | None):
    """Every check-in and credit not taken away between two days, with its alliance's name,
    as the statements of its pages. Built once per week and user: building it (its union's
    columns) took ≈ 12 ms, most of the time the week's list took to show again after an
    edit; and its page statements ≈ 0.7 ms more."""
    manual, dismissed = table(CheckInRow).c, table(DismissedCreditRow).c
    empty = literal("")
    parts = [
        select(
            manual.habit.label("habit"),
            manual.day.label("day"),
            manual.note.label("note"),
            manual.minutes.label("minutes"),
            manual.alliance_id.label("alliance_id"),
            manual.id.label("id"),
            empty.label("kind"),
            literal(0).label("record_id"),
        ).where(manual.day.between(first, last))
    ]
    for kind, rows in _credits(first, last, user):
        ident, day, alliance, text = list(rows.c)[:4]
        # The ids taken away, gathered once (not looked for again for each credit, where no
        # index fits: the table's key starts with who took them away).
        taken_away = ident.in_(select(dismissed.record_id).where(dismissed.kind == kind))
        parts.append(
            select(
                literal(CREDIT_SOURCES[kind]),
                day,
                text,
                literal(0),
                alliance,
                literal(0),
                literal(kind),
                ident,
            ).where(~taken_away)
        )
    listed = union_all(*parts).subquery()
    alliances = table(AllianceRow).c
    name = func.coalesce(alliances.name, empty).label("alliance")
    query = select(listed, name).outerjoin(
        table(AllianceRow),
        and_(alliances.id == listed.c.alliance_id, alliances.deleted_at.is_(None)),
    )
    order = (listed.c.day, listed.c.habit, listed.c.id, listed.c.kind, listed.c.record_id)
    return Paged.of(query, order, listed.c.id)


def _listed_checkin(row: Any) -> ListedCheckIn:
    if row.kind:
        checkin = CheckIn(
            CREDIT_SOURCES[row.kind],
            row.day,
            credit_note(row.kind, row.note),
            0,
            row.alliance_id,
            0,
            (row.kind, row.record_id),
        )
    else:
        checkin = CheckIn(row.habit, row.day, row.note, row.minutes, row.alliance_id, row.id)
    return ListedCheckIn(checkin, row.alliance)


def checkins_page(
    store: Store,
    first: date,
    last: date,
    *,
    cursor: Any = None,
    limit: int = PAGE,
    counters: Mapping[str, int] | None = None,
) -> Page[ListedCheckIn]:
    """Check-ins and credits not taken away between two days, oldest first (then by habit),
    a page from `cursor`. The first page is kept until a table it reads changes, given the
    change `counters` read before it (`HabitYear.counters`): a habit's target edited, the
    week's list is not read again (≈ 4 ms at ten times the heavy portfolio)."""
    user = store.user or None

    def read(_parts: tuple[str, ...] = ()) -> dict[str, Page[ListedCheckIn]]:
        with store.read() as session:
            page = read_page(session, _listed(first, last, user), _listed_checkin, cursor, limit)
        assert page is not None  # no `until`: always a page
        return {"page": page}

    if cursor is not None or counters is None:
        return read()["page"]
    key = ("check-ins page", first, last, user, limit)
    needs = {"page": change_counts.HABIT_WEEKS}
    return change_counts.reused(store, key, counters, needs, read)["page"]
