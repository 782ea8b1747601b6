"""Partner insights: what we learn about the partner, kept with where it came from."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from alliance_desk.core.insights import Insight, InsightDraft
from alliance_desk.store import registers
from alliance_desk.store.database import Store
from alliance_desk.store.models import InsightRow, table
from alliance_desk.store.retry import retried
from alliance_desk.store.risks import among_ids, enum_values


def list_insights(
    store: Store, alliance_id: int | None = None, *, ids: Collection[int] | None = None
) -> list[Insight]:
    """Insights about the partner, newest first (`ids`: only those)."""
    columns = table(InsightRow).c
    order = (columns.noted_on.desc(), columns.id.desc())
    with store.read() as session:
        rows = registers.rows_for(
            session, InsightRow, alliance_id, *order, where=among_ids(InsightRow, ids)
        )
    return [
        Insight(
            row.id,
            row.alliance_id,
            InsightDraft(row.title, row.noted_on, row.source, row.detail, row.internal_only),
            row.version,
        )
        for row in rows
    ]


@retried
def add_insight(store: Store, alliance_id: int, draft: InsightDraft) -> int:
    return registers.add(store, InsightRow, alliance_id, enum_values(draft))


@retried
def update_insight(
    store: Store, insight_id: int, draft: InsightDraft, *, expected_version: int | None = None
) -> None:
    registers.change(store, InsightRow, insight_id, enum_values(draft), expected_version)


@retried
def remove_insight(store: Store, insight_id: int) -> dict[str, Any]:
    return registers.delete(store, InsightRow, insight_id)


@retried
def restore_insight(store: Store, kept: dict[str, Any]) -> None:
    registers.put_back(store, InsightRow, kept)
