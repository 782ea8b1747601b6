"""Obligations: what the agreement binds either side to, by when, and whether it is met."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from alliance_desk.core.obligations import Obligation, ObligationDraft, ObligationStatus, Party
from alliance_desk.store import batch, registers
from alliance_desk.store.database import Store
from alliance_desk.store.models import ObligationRow, table
from alliance_desk.store.retry import retried
from alliance_desk.store.risks import among_ids, enum_values


def list_obligations(
    store: Store,
    alliance_id: int | None = None,
    *,
    open_only: bool = False,
    ids: Collection[int] | None = None,
) -> list[Obligation]:
    """Obligations, soonest due first (`open_only`: not done or waived; `ids`: only those)."""
    return batch.run(store, obligations_query(alliance_id, open_only=open_only, ids=ids))


def obligations_query(
    alliance_id: int | None = None,
    *,
    open_only: bool = False,
    ids: Collection[int] | None = None,
) -> batch.Query[list[Obligation]]:
    """The statement of `list_obligations`, with what its rows become."""
    columns = table(ObligationRow).c
    where = among_ids(ObligationRow, ids)
    if open_only:
        where += (columns.status == ObligationStatus.OPEN.value,)
    query = registers.rows_query(ObligationRow, alliance_id, columns.due_date, where=where)
    return batch.Query(query, _obligations)


def _obligations(rows: Sequence[Any]) -> list[Obligation]:
    return [
        Obligation(
            row.id,
            row.alliance_id,
            ObligationDraft(
                title=row.title,
                party=Party(row.party),
                due_date=row.due_date,
                notice_days=row.notice_days,
                status=ObligationStatus(row.status),
                internal_only=row.internal_only,
            ),
            row.version,
        )
        for row in rows
    ]


@retried
def add_obligation(store: Store, alliance_id: int, draft: ObligationDraft) -> int:
    return registers.add(store, ObligationRow, alliance_id, enum_values(draft))


@retried
def update_obligation(
    store: Store, obligation_id: int, draft: ObligationDraft, *, expected_version: int | None = None
) -> None:
    registers.change(store, ObligationRow, obligation_id, enum_values(draft), expected_version)


@retried
def remove_obligation(store: Store, obligation_id: int) -> dict[str, Any]:
    return registers.delete(store, ObligationRow, obligation_id)


@retried
def restore_obligation(store: Store, kept: dict[str, Any]) -> None:
    registers.put_back(store, ObligationRow, kept)
