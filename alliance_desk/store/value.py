"""Queries and commands for milestones and KPIs (core/value.py). Each command is one
transaction; the change set it reports comes from what it wrote (store/changes.py)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import String, delete, func, literal, select, type_coerce, union_all

from alliance_desk.core.obligations import Party
from alliance_desk.core.rhythm import RhythmFacts
from alliance_desk.core.risks import RiskStatus
from alliance_desk.core.value import (
    Direction,
    Kpi,
    KpiDraft,
    Milestone,
    MilestoneDraft,
    MilestoneStatus,
)
from alliance_desk.store import batch, registers
from alliance_desk.store.database import Store
from alliance_desk.store.errors import StoreError
from alliance_desk.store.models import (
    AllianceRow,
    GovernanceBodyRow,
    HealthCheckRow,
    InteractionRow,
    KpiActualRow,
    KpiRow,
    MeetingRow,
    MilestoneRow,
    RiskRatingRow,
    RiskRow,
    table,
)
from alliance_desk.store.retry import retried


def _columns(draft: Any) -> dict[str, Any]:
    return {
        name: (value.value if hasattr(value, "value") else value)
        for name, value in ((n, getattr(draft, n)) for n in draft.__dataclass_fields__)
    }


def _only(model: Any, ids: Collection[int] | None) -> tuple:
    return () if ids is None else (table(model).c.id.in_(list(ids)),)


# -- milestones ----------------------------------------------------------------------------------


def _milestone(row: Any) -> Milestone:
    return Milestone(
        row.id,
        row.alliance_id,
        MilestoneDraft(
            title=row.title,
            planned_on=row.planned_on,
            forecast_on=row.forecast_on,
            achieved_on=row.achieved_on,
            status=MilestoneStatus(row.status),
            value=row.value,
            party=Party(row.party),
            north_star=row.north_star,
            shared=row.shared,
        ),
        row.version,
    )


def list_milestones(
    store: Store, alliance_id: int | None = None, *, ids: Collection[int] | None = None
) -> list[Milestone]:
    """Milestones of live alliances (one, or all), in planned order."""
    return batch.run(store, milestones_query(alliance_id, ids=ids))


def milestones_query(
    alliance_id: int | None = None, *, ids: Collection[int] | None = None
) -> batch.Query[list[Milestone]]:
    columns = table(MilestoneRow).c
    order = (columns.planned_on, columns.id)
    query = registers.rows_query(MilestoneRow, alliance_id, *order, where=_only(MilestoneRow, ids))
    return batch.Query(query, lambda rows: [_milestone(row) for row in rows])


@retried
def add_milestone(store: Store, alliance_id: int, draft: MilestoneDraft) -> int:
    return registers.add(store, MilestoneRow, alliance_id, _columns(draft))


@retried
def update_milestone(
    store: Store, milestone_id: int, draft: MilestoneDraft, *, expected_version: int | None = None
) -> None:
    registers.change(store, MilestoneRow, milestone_id, _columns(draft), expected_version)


@retried
def remove_milestone(store: Store, milestone_id: int) -> dict[str, Any]:
    return registers.delete(store, MilestoneRow, milestone_id)


@retried
def restore_milestone(store: Store, kept: dict[str, Any]) -> None:
    registers.put_back(store, MilestoneRow, kept)


# -- KPIs ----------------------------------------------------------------------------------------


def list_kpis(
    store: Store, alliance_id: int | None = None, *, ids: Collection[int] | None = None
) -> list[Kpi]:
    """KPIs of live alliances (one, or all) with their actuals oldest first, by name."""
    columns = table(KpiRow).c
    with store.read() as session:
        rows = registers.rows_for(
            session, KpiRow, alliance_id, columns.name, columns.id, where=_only(KpiRow, ids)
        )
        measured = table(KpiActualRow).c
        actuals = session.execute(
            select(measured.kpi_id, measured.measured_on, measured.value)
            .where(measured.kpi_id.in_([row.id for row in rows]))
            .order_by(measured.measured_on)
        ).all()
    by_kpi: dict[int, list[tuple[date, float]]] = defaultdict(list)
    for kpi_id, measured_on, value in actuals:
        by_kpi[kpi_id].append((measured_on, value))
    return [
        Kpi(
            row.id,
            row.alliance_id,
            KpiDraft(
                name=row.name,
                unit=row.unit,
                direction=Direction(row.direction),
                target=row.target,
                shared=row.shared,
            ),
            tuple(by_kpi[row.id]),
            row.version,
        )
        for row in rows
    ]


@retried
def add_kpi(store: Store, alliance_id: int, draft: KpiDraft) -> int:
    return registers.add(store, KpiRow, alliance_id, _columns(draft))


@retried
def update_kpi(
    store: Store, kpi_id: int, draft: KpiDraft, *, expected_version: int | None = None
) -> None:
    registers.change(store, KpiRow, kpi_id, _columns(draft), expected_version)


@retried
def remove_kpi(store: Store, kpi_id: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Delete a KPI with its actuals; returns what `restore_kpi` needs."""
    with store.write() as session:
        actuals = session.scalars(select(KpiActualRow).where(KpiActualRow.kpi_id == kpi_id))
        kept_actuals = [registers.as_dict(row) for row in actuals]
        return registers.remove(session, KpiRow, kpi_id), kept_actuals


@retried
def restore_kpi(store: Store, kept: tuple[dict[str, Any], list[dict[str, Any]]]) -> None:
    row, actuals = kept
    with store.write() as session:
        registers.restore(session, KpiRow, row)
        for actual in actuals:
            session.add(KpiActualRow(**actual))


@retried
def record_actual(store: Store, kpi_id: int, measured_on: date, value: float) -> float | None:
    """Record a KPI's value on a day (replacing that day's value); returns the value it
    replaced, or None, so the change can be undone with `record_actual` / `remove_actual`."""
    with store.write() as session:
        kpi = session.get(KpiRow, kpi_id)
        if kpi is None:
            raise StoreError("That KPI no longer exists.")
        row = session.scalars(
            select(KpiActualRow).where(
                KpiActualRow.kpi_id == kpi_id, KpiActualRow.measured_on == measured_on
            )
        ).first()
        if row is not None:
            before = row.value
            row.value = value
            return before
        session.add(
            KpiActualRow(
                kpi_id=kpi_id, alliance_id=kpi.alliance_id, measured_on=measured_on, value=value
            )
        )
        return None


@retried
def remove_actual(store: Store, kpi_id: int, measured_on: date) -> None:
    with store.write() as session:
        session.execute(
            delete(KpiActualRow).where(
                KpiActualRow.kpi_id == kpi_id, KpiActualRow.measured_on == measured_on
            )
        )


# -- the rhythm of each alliance -------------------------------------------------------------


def rhythm_facts(store: Store, now: datetime) -> dict[int, RhythmFacts]:
    """When each alliance last saw contact, a health check, a committee meeting (and its next
    one), and each open risk's last rating — what its tier's rhythm is checked against. One
    statement (Today reads it with its other lists: `rhythm_facts_query`)."""
    return batch.run(store, rhythm_facts_query(now))


def rhythm_facts_query(
    now: batch.When, *, risks: bool = True
) -> batch.Query[dict[int, RhythmFacts]]:
    """The statement of `rhythm_facts`, with what its rows become (without `risks`, no open
    risk's last rating: Today counts them in SQL, store/today_rank.py)."""
    return batch.Query(_rhythm_statement(now, risks), _rhythm_facts)


def _rhythm_facts(found: Sequence[Any]) -> dict[int, RhythmFacts]:
    days: dict[int, dict[str, date | None]] = defaultdict(dict)
    reviews: dict[int, list[date | None]] = defaultdict(list)
    for part, alliance_id, day in found:
        if part == "risk":
            reviews[alliance_id].append(_day(day))
        elif day is not None:  # an alliance never met has no last contact
            days[alliance_id][part] = _day(day)
    return {
        aid: RhythmFacts(
            aid,
            days[aid].get("contact"),
            days[aid].get("check"),
            days[aid].get("met"),
            days[aid].get("coming"),
            tuple(reviews.get(aid, ())),
        )
        for aid in set(days) | set(reviews)
    }


def _rhythm_statement(now: batch.When, with_risks: bool = True):
    """(part, alliance id, day) rows: the last contact, health check and meeting, the next
    meeting, and one row per open risk with its last rating (NULL: never rated)."""
    interactions, checks = table(InteractionRow).c, table(HealthCheckRow).c
    meetings, bodies = table(MeetingRow).c, table(GovernanceBodyRow).c
    risks, ratings = table(RiskRow).c, table(RiskRatingRow).c
    joined = table(MeetingRow).join(table(GovernanceBodyRow), bodies.id == meetings.body_id)

    def latest(part: str, alliance, day):
        # Dates and times in one column: read as they come, never as the first row's type.
        day = type_coerce(day, String()).label("day")
        return select(literal(part).label("part"), alliance.label("alliance_id"), day)

    alliances = table(AllianceRow).c
    # Each live alliance's last contact, one index look-up each (grouping every interaction
    # read the whole index: 25 ms at ten times the heavy portfolio, against 1 ms); named once
    # (an alliance never met comes back without a day): `IS NOT NULL` on it looked each
    # alliance's up again (≈ 5 ms of Today at ten times on the team store).
    contact = (
        select(func.max(interactions.occurred_on))
        .where(interactions.alliance_id == alliances.id)
        .scalar_subquery()
    )
    return union_all(
        latest("contact", alliances.id, contact).where(alliances.deleted_at.is_(None)),
        latest("check", checks.alliance_id, func.max(checks.checked_on)).group_by(
            checks.alliance_id
        ),
        latest("met", bodies.alliance_id, func.max(meetings.starts_at))
        .select_from(joined)
        .where(meetings.starts_at <= now)
        .group_by(bodies.alliance_id),
        latest("coming", bodies.alliance_id, func.min(meetings.starts_at))
        .select_from(joined)
        .where(meetings.starts_at > now)
        .group_by(bodies.alliance_id),
        *[
            latest("risk", risks.alliance_id, func.max(ratings.rated_on))
            .select_from(
                table(RiskRow).outerjoin(table(RiskRatingRow), ratings.risk_id == risks.id)
            )
            .where(risks.status != RiskStatus.CLOSED.value)
            .group_by(risks.id, risks.alliance_id)
        ][: 1 if with_risks else 0],
    )


def _day(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])  # SQLite hands MAX() of a date back as text
