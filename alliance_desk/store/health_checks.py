"""Health checks: both companies' scores for each dimension of the relationship, recorded
and listed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date

from sqlalchemy import delete, select

from alliance_desk.core.health_checks import HealthCheck
from alliance_desk.store import registers
from alliance_desk.store.database import Store
from alliance_desk.store.models import HealthCheckRow, HealthScoreRow, table
from alliance_desk.store.retry import retried


def list_checks(store: Store, alliance_id: int | None = None) -> list[HealthCheck]:
    """Health checks, oldest first."""
    with store.read() as session:
        rows = registers.rows_for(
            session, HealthCheckRow, alliance_id, table(HealthCheckRow).c.checked_on
        )
        scored = table(HealthScoreRow).c  # plain Core: a pack's read configures no mapper
        scores = session.execute(
            select(scored.check_id, scored.dimension, scored.ours, scored.theirs).where(
                scored.check_id.in_([r.id for r in rows])
            )
        ).all()
    by_check: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    for score in scores:
        by_check[score.check_id][score.dimension] = (score.ours, score.theirs)
    return [
        HealthCheck(row.id, row.alliance_id, row.checked_on, by_check[row.id], row.note)
        for row in rows
    ]


@retried
def add_check(
    store: Store,
    alliance_id: int,
    checked_on: date,
    scores: Mapping[str, tuple[int, int]],
    note: str = "",
) -> int:
    """A health check with both sides' scores, in one transaction; returns its id."""
    with store.write() as session:
        check_id = registers.insert(
            session, HealthCheckRow, alliance_id, {"checked_on": checked_on, "note": note}
        )
        for key, (ours, theirs) in scores.items():
            session.add(HealthScoreRow(check_id=check_id, dimension=key, ours=ours, theirs=theirs))
        return check_id


@retried
def delete_check(store: Store, check_id: int) -> None:
    with store.write() as session:
        session.execute(delete(HealthCheckRow).where(HealthCheckRow.id == check_id))
