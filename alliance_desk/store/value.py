"""Queries and commands for milestones and KPIs (core/value.py). Each command is one
transaction; the change set it reports comes from what it wrote (store/changes.py)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import delete, select

from alliance_desk.core.risks import Party
from alliance_desk.core.value import (
    Direction,
    Kpi,
    KpiDraft,
    Milestone,
    MilestoneDraft,
    MilestoneStatus,
)
from alliance_desk.store import registers
from alliance_desk.store.database import Store
from alliance_desk.store.errors import StoreError
from alliance_desk.store.models import KpiActualRow, KpiRow, MilestoneRow, table


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
    columns = table(MilestoneRow).c
    with store.read() as session:
        rows = registers.rows_for(
            session,
            MilestoneRow,
            alliance_id,
            columns.planned_on,
            columns.id,
            where=_only(MilestoneRow, ids),
        )
    return [_milestone(row) for row in rows]


def add_milestone(store: Store, alliance_id: int, draft: MilestoneDraft) -> int:
    return registers.add(store, MilestoneRow, alliance_id, _columns(draft))


def update_milestone(
    store: Store, milestone_id: int, draft: MilestoneDraft, *, expected_version: int | None = None
) -> None:
    registers.change(store, MilestoneRow, milestone_id, _columns(draft), expected_version)


def remove_milestone(store: Store, milestone_id: int) -> dict[str, Any]:
    return registers.delete(store, MilestoneRow, milestone_id)


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
        actuals = session.execute(
            select(KpiActualRow.kpi_id, KpiActualRow.measured_on, KpiActualRow.value)
            .where(KpiActualRow.kpi_id.in_([row.id for row in rows]))
            .order_by(KpiActualRow.measured_on)
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


def add_kpi(store: Store, alliance_id: int, draft: KpiDraft) -> int:
    return registers.add(store, KpiRow, alliance_id, _columns(draft))


def update_kpi(
    store: Store, kpi_id: int, draft: KpiDraft, *, expected_version: int | None = None
) -> None:
    registers.change(store, KpiRow, kpi_id, _columns(draft), expected_version)


def remove_kpi(store: Store, kpi_id: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Delete a KPI with its actuals; returns what `restore_kpi` needs."""
    with store.write() as session:
        actuals = session.scalars(select(KpiActualRow).where(KpiActualRow.kpi_id == kpi_id))
        kept_actuals = [registers.as_dict(row) for row in actuals]
        return registers.remove(session, KpiRow, kpi_id), kept_actuals


def restore_kpi(store: Store, kept: tuple[dict[str, Any], list[dict[str, Any]]]) -> None:
    row, actuals = kept
    with store.write() as session:
        registers.restore(session, KpiRow, row)
        for actual in actuals:
            session.add(KpiActualRow(**actual))


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


def remove_actual(store: Store, kpi_id: int, measured_on: date) -> None:
    with store.write() as session:
        session.execute(
            delete(KpiActualRow).where(
                KpiActualRow.kpi_id == kpi_id, KpiActualRow.measured_on == measured_on
            )
        )
