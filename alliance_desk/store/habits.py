"""Check-ins for the seven habits. Manual check-ins are stored; automatic credits are derived
from the records that prove them, so deleting the record removes its credit by construction.
A credit the user takes away is remembered in `habit_dismissed_credits`.

Automatic credits:
- an interaction logged → engaging stakeholders;
- an escalation resolved → resolving problems (on the day it was resolved);
- a risk (re-)rated → enhancing value and managing risk; so is a decision recorded;
- a health check or a partner insight noted → gaining insights;
- a pack exported → publishing your work.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import delete, exists, func, insert, literal, select, union_all
from sqlalchemy.orm import Session

from alliance_desk.core.bundle import resource_path
from alliance_desk.core.habits import CheckIn, Habit, Tallies, WeekFacts, load_habits, summarise
from alliance_desk.core.habits import week_facts as week_facts_of
from alliance_desk.core.spreadsheet import inert
from alliance_desk.store import batch
from alliance_desk.store.database import Store
from alliance_desk.store.errors import StoreError
from alliance_desk.store.models import (
    AllianceRow,
    CheckInRow,
    DecisionRow,
    DismissedCreditRow,
    EscalationRow,
    HabitTargetRow,
    HealthCheckRow,
    InsightRow,
    InteractionRow,
    PackExportRow,
    PlanItemRow,
    RiskRatingRow,
    RiskRow,
    WeeklyReviewRow,
    table,
)
from alliance_desk.store.retry import retried

CREDIT_SOURCES = {  # record kind -> the habit it credits
    "interaction": "engage",
    "escalation": "resolve",
    "risk review": "value",
    "decision": "value",
    "health check": "insights",
    "insight": "insights",
    "pack": "publish",
}


def habits(store: Store) -> list[Habit]:
    """The seven habits with the user's own targets applied."""
    with store.read() as session:
        return _habits(session)


def _habits(session: Session) -> list[Habit]:
    query = habits_query()
    return query.convert(session.execute(query.statement).all())


def habits_query() -> batch.Query[list[Habit]]:
    targeted = table(HabitTargetRow).c
    return batch.Query(select(targeted.habit, targeted.target), _with_targets)


def _with_targets(rows: Sequence[Any]) -> list[Habit]:
    defaults = load_habits(resource_path("habits.json"))
    targets = {habit: target for habit, target in rows}
    return [
        Habit(h.key, h.name, h.description, h.prompts, targets.get(h.key, h.target))
        for h in defaults
    ]


@retried
def set_target(store: Store, habit: str, target: int) -> int:
    """Change a weekly target (0 pauses the habit); returns the previous one."""
    if not 0 <= target <= 50:
        raise StoreError("A weekly target goes from 0 (paused) to 50.")
    targets = table(HabitTargetRow)
    with store.write() as session:
        previous = next((h.target for h in _habits(session) if h.key == habit), None)
        if previous is None:
            raise StoreError(f"There is no habit called “{habit}”.")
        session.execute(delete(targets).where(targets.c.habit == habit))
        session.execute(insert(targets).values(habit=habit, target=target))
    return previous


@dataclass(frozen=True)
class Source:
    """A kind of recorded work that credits a habit: its table, the day it credits and the
    text a credit shows, who recorded it (the team store's user), and where its alliance is:
    on the row itself, or on the row `via` names (its table and the column pointing at it).
    Work of a deleted alliance credits nothing; a pack credits whatever it was of."""

    kind: str
    model: type[Any]
    day: str
    text: str
    who: str = "recorded_by"
    via: tuple[type[Any], str] | None = None
    of_alliance: bool = True


SOURCES = (  # in the order their credits of one day and habit are listed
    Source("interaction", InteractionRow, "occurred_on", "note", "owner"),
    Source("escalation", EscalationRow, "resolved_on", "title", "resolved_by"),
    Source("risk review", RiskRatingRow, "rated_on", "title", via=(RiskRow, "risk_id")),
    Source("decision", DecisionRow, "decided_on", "title"),
    Source("pack", PackExportRow, "exported_on", "file_name", of_alliance=False),
    Source("insight", InsightRow, "noted_on", "title"),
    Source("health check", HealthCheckRow, "checked_on", "note"),
)


def credit_sources(first: date, last: date, user: str | None):
    """Each kind of recorded work that credits a habit, as (kind, query of id, day, alliance,
    text) for the days from `first` to `last`; with `user` (the team store), only the work
    that user recorded. Plain Core: Today counts the week at start."""
    alliances = table(AllianceRow)
    found = []
    for source in SOURCES:
        rows = table(source.model)
        holder = table(source.via[0]) if source.via is not None else rows
        query = select(rows.c.id, rows.c[source.day], holder.c.alliance_id, holder.c[source.text])
        if source.via is not None:
            query = query.join_from(rows, holder, holder.c.id == rows.c[source.via[1]])
        if source.of_alliance:
            query = query.join(alliances, alliances.c.id == holder.c.alliance_id).where(
                alliances.c.deleted_at.is_(None)
            )
        query = query.where(rows.c[source.day].between(first, last))
        found.append(
            (source.kind, query if user is None else query.where(rows.c[source.who] == user))
        )
    return tuple(found)


def checkins(store: Store, first: date, last: date) -> list[CheckIn]:
    """Manual check-ins and automatic credits between two days, oldest first."""
    queries = checkins_queries(first, last, store.user or None)
    with store.read() as session:
        found = {name: q.convert(session.execute(q.statement).all()) for name, q in queries.items()}
    return merged_checkins(found)


def checkins_queries(first: date, last: date, user: str | None) -> dict[str, batch.Query[Any]]:
    """What `checkins` reads (with `user`, the team store's: only their credits), by name;
    `merged_checkins` of their values is its answer."""
    manual, dismissed_rows = table(CheckInRow).c, table(DismissedCreditRow).c
    # One statement for all seven sources: each costs a compilation on first use.
    credits = union_all(
        *(
            query.add_columns(literal(kind).label("kind"))
            for kind, query in credit_sources(first, last, user)
        )
    )
    return {
        "checkins": batch.Query(
            select(table(CheckInRow)).where(manual.day.between(first, last)),
            lambda rows: [
                CheckIn(row.habit, row.day, row.note, row.minutes, row.alliance_id, row.id)
                for row in rows
            ],
        ),
        "dismissed": batch.Query(
            select(dismissed_rows.kind, dismissed_rows.record_id),
            lambda rows: {tuple(row) for row in rows},
        ),
        "credits": batch.Query(credits, list),
    }


def tallies_query(first: date, last: date, user: str | None) -> batch.Query[Tallies]:
    """What `checkins` reads, counted in SQL by habit and day with the minutes checked in
    (core/habits.py's `tally_days` of `checkins`): Today's habit week, without writing out
    thousands of credits at scale. A credit dismissed is not counted."""
    manual, dismissed = table(CheckInRow).c, table(DismissedCreditRow).c
    parts = [
        select(manual.habit, manual.day, func.count(), func.sum(manual.minutes))
        .where(manual.day.between(first, last))
        .group_by(manual.habit, manual.day)
    ]
    for kind, query in credit_sources(first, last, user):
        found = query.subquery()
        record, day = list(found.c)[:2]
        kept = ~exists().where(dismissed.kind == kind, dismissed.record_id == record)
        parts.append(
            select(literal(CREDIT_SOURCES[kind]), day, func.count(), literal(0))
            .where(kept)
            .group_by(day)
        )

    def tallied(rows: Sequence[Any]) -> Tallies:
        found: dict[tuple[str, date], tuple[int, int]] = {}
        for habit, day, n, minutes in rows:  # a day's credits may come in several rows
            had, spent = found.get((habit, day), (0, 0))
            found[(habit, day)] = (had + n, spent + (minutes or 0))
        return found

    return batch.Query(union_all(*parts), tallied)


def credit_note(kind: str, text: str | None) -> str:
    """What a credit says: its kind and the first line of the record's text."""
    first_line = text.splitlines()[0] if text else ""
    return f"{kind.capitalize()}: {first_line}" if first_line else kind.capitalize()


def merged_checkins(found: dict[str, Any]) -> list[CheckIn]:
    """Check-ins and the credits not dismissed, oldest first (see `checkins_queries`)."""
    checkins, dismissed = list(found["checkins"]), found["dismissed"]
    for record_id, day, alliance_id, text, kind in found["credits"]:
        if (kind, record_id) not in dismissed:
            note = credit_note(kind, text)
            checkins.append(
                CheckIn(CREDIT_SOURCES[kind], day, note, 0, alliance_id, 0, (kind, record_id))
            )
    return sorted(checkins, key=lambda c: (c.day, c.habit, c.id))


@retried
def add_checkin(store: Store, checkin: CheckIn) -> int:
    with store.write() as session:
        row = CheckInRow(
            habit=checkin.habit,
            day=checkin.day,
            alliance_id=checkin.alliance_id,
            note=checkin.note,
            minutes=checkin.minutes,
        )
        session.add(row)
        session.flush()
        return row.id


@retried
def delete_checkin(store: Store, checkin_id: int) -> None:
    with store.write() as session:
        session.execute(delete(CheckInRow).where(CheckInRow.id == checkin_id))


# Check-ins, targets, reviews and dismissed credits are the user's own: on the team store the
# server fills in who recorded each row and row-level security shows each user only theirs, so
# these writes never name the user and replace rows by what they are about, not by key.


@retried
def dismiss_credit(store: Store, kind: str, record_id: int) -> None:
    dismissed = table(DismissedCreditRow).c
    with store.write() as session:
        session.execute(
            delete(table(DismissedCreditRow)).where(
                dismissed.kind == kind, dismissed.record_id == record_id
            )
        )
        session.execute(insert(table(DismissedCreditRow)).values(kind=kind, record_id=record_id))


@retried
def restore_credit(store: Store, kind: str, record_id: int) -> None:
    dismissed = table(DismissedCreditRow).c
    with store.write() as session:
        session.execute(
            delete(table(DismissedCreditRow)).where(
                dismissed.kind == kind, dismissed.record_id == record_id
            )
        )


def review(store: Store, week: date) -> tuple[str, str, str] | None:
    reviews = table(WeeklyReviewRow).c
    with store.read() as session:
        row = session.execute(
            select(reviews.went_well, reviews.got_in_the_way, reviews.focus).where(
                reviews.week == week
            )
        ).first()
    return tuple(row) if row else None


@retried
def delete_review(store: Store, week: date) -> None:
    reviews = table(WeeklyReviewRow)
    with store.write() as session:
        session.execute(delete(reviews).where(reviews.c.week == week))


@retried
def save_review(store: Store, week: date, went_well: str, got_in_the_way: str, focus: str) -> None:
    reviews = table(WeeklyReviewRow)
    with store.write() as session:
        session.execute(delete(reviews).where(reviews.c.week == week))
        session.execute(
            insert(reviews).values(
                week=week, went_well=went_well, got_in_the_way=got_in_the_way, focus=focus
            )
        )


def checkins_csv(store: Store, first: date, last: date) -> bytes:
    """Check-ins (manual and automatic) as a CSV that Excel opens as UTF-8; notes that look
    like formulas are made inert (`core.spreadsheet`). An alliance is named, not numbered
    (its id meant nothing in a spreadsheet)."""
    from alliance_desk.store.portfolio import alliance_names

    names = {h.key: h.name for h in habits(store)}
    alliances = alliance_names(store)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["date", "habit", "automatic", "source", "alliance", "minutes", "note"])
    for c in checkins(store, first, last):
        row = [
            c.day.isoformat(),
            names.get(c.habit, c.habit),
            "yes" if c.automatic else "no",
            c.source[0] if c.source else "",
            alliances.get(c.alliance_id, "") if c.alliance_id else "",
            c.minutes,
            c.note,
        ]
        writer.writerow([inert(cell) for cell in row])  # no cell a spreadsheet would run
    return buffer.getvalue().encode("utf-8-sig")


def week_facts(store: Store, week: date, start_weekday: int = 0) -> WeekFacts:
    """What the week starting `week` held, for its review (core/habits.WeekFacts)."""
    from alliance_desk.store.calls_due import calls_due

    last = week + timedelta(days=6)
    first_week = week - timedelta(weeks=52)
    year = checkins(store, first_week, last)
    summaries = summarise(
        habits(store), year, week, first_week=first_week, start_weekday=start_weekday
    )
    items = table(PlanItemRow).c
    with store.read() as session:
        done = session.execute(
            select(func.count())
            .select_from(table(PlanItemRow))
            .where(items.done_on.between(week, last))
        ).scalar_one()
    missed = sum(1 for call in calls_due(store, last, 0) if call.due >= week)
    return week_facts_of(week, year, summaries, items_done=done, calls_missed=missed)


def reviews(store: Store) -> list[tuple[date, str, str, str]]:
    """Every weekly review the user saved, newest first: (week, went well, got in the way,
    focus)."""
    return batch.run(store, reviews_query())


def reviews_query() -> batch.Query[list[tuple[date, str, str, str]]]:
    rows = table(WeeklyReviewRow).c
    query = select(rows.week, rows.went_well, rows.got_in_the_way, rows.focus)
    return batch.Query(query.order_by(rows.week.desc()), lambda found: [tuple(r) for r in found])
