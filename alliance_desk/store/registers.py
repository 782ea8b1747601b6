"""Plain create / change / remove-and-restore for register tables whose rows are a record's
fields plus an alliance id. Each capability module maps its `core` drafts to columns.

The helpers work in the session the store function calling them opened, so that an operation
built of several of them is still one transaction; `add`, `change`, `delete` and `put_back`
are whole operations of one helper each, for the registers that need no more.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, select
from sqlalchemy.orm import Session

from alliance_desk.store import versions
from alliance_desk.store.database import Store
from alliance_desk.store.errors import StoreError
from alliance_desk.store.models import AllianceRow, Base, table
from alliance_desk.store.retry import retried


def as_dict(row: Base) -> dict[str, Any]:
    return {column.key: getattr(row, column.key) for column in row.__table__.columns}


def insert(session: Session, model: type[Base], alliance_id: int, columns: dict[str, Any]) -> int:
    if session.get(AllianceRow, alliance_id) is None:
        raise StoreError("That alliance no longer exists.")
    row: Any = model(alliance_id=alliance_id, **columns)
    session.add(row)
    session.flush()
    return row.id


def get(session: Session, model: type[Base], record_id: int) -> Any:
    row = session.get(model, record_id)
    if row is None:
        raise StoreError("That record no longer exists.")
    return row


def update(
    session: Session,
    model: type[Base],
    record_id: int,
    columns: dict[str, Any],
    expected_version: int | None = None,
) -> int:
    """Change a row; returns its new version. With `expected_version` (the version the edit
    started from), a newer one saved meanwhile elsewhere raises ConflictError instead."""
    row = get(session, model, record_id)
    versions.check(row, expected_version, getattr(row, "title", "This record"))
    for name, value in columns.items():
        setattr(row, name, value)
    session.flush()
    return row.version


def remove(session: Session, model: type[Base], record_id: int) -> dict[str, Any]:
    """Delete a row; returns its values so `restore` can put it back exactly."""
    row = get(session, model, record_id)
    kept = as_dict(row)
    session.delete(row)
    session.flush()
    return kept


def restore(session: Session, model: type[Base], kept: dict[str, Any]) -> None:
    session.add(model(**kept))
    session.flush()


def rows_for(
    session: Session,
    model: type[Base],
    alliance_id: int | None,
    *order: Any,
    where: Sequence[ColumnElement[bool]] = (),
) -> list[Row[Any]]:
    """Rows of live alliances (one, or all), optionally filtered by `where` conditions, as
    plain rows with the model's attribute names. `order` and `where` name table columns
    (`table(model).c`), so the query runs as plain Core (Today lists some at start)."""
    return list(session.execute(rows_query(model, alliance_id, *order, where=where)).all())


def rows_query(
    model: type[Base],
    alliance_id: int | None,
    *order: Any,
    where: Sequence[ColumnElement[bool]] = (),
) -> Select[Any]:
    """The statement of `rows_for`."""
    rows, alliances = table(model), table(AllianceRow)
    query = (
        select(rows)
        .join_from(rows, alliances, alliances.c.id == rows.c.alliance_id)
        .where(alliances.c.deleted_at.is_(None))
    )
    if alliance_id is not None:
        query = query.where(rows.c.alliance_id == alliance_id)
    for condition in where:
        query = query.where(condition)
    return query.order_by(*order)


@retried
def add(store: Store, model: type[Base], alliance_id: int, columns: dict[str, Any]) -> int:
    """Insert a record, as one operation; returns its id."""
    with store.write() as session:
        return insert(session, model, alliance_id, columns)


@retried
def change(
    store: Store,
    model: type[Base],
    record_id: int,
    columns: dict[str, Any],
    expected_version: int | None = None,
) -> int:
    """Change a record, as one operation (see `update`); returns its new version."""
    with store.write() as session:
        return update(session, model, record_id, columns, expected_version)


@retried
def delete(store: Store, model: type[Base], record_id: int) -> dict[str, Any]:
    """Delete a record, as one operation; returns what `put_back` needs."""
    with store.write() as session:
        return remove(session, model, record_id)


@retried
def put_back(store: Store, model: type[Base], kept: dict[str, Any]) -> None:
    """Undo `delete`, as one operation."""
    with store.write() as session:
        restore(session, model, kept)
