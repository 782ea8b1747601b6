"""Plain create / change / remove-and-restore for register tables whose rows are a record's
fields plus an alliance id. Each capability module maps its `core` drafts to columns."""

from __future__ import annotations

from sqlalchemy import select

from alliance_desk.store import versions
from alliance_desk.store.database import Store
from alliance_desk.store.errors import StoreError
from alliance_desk.store.models import AllianceRow, Base, table


def as_dict(row: Base) -> dict:
    return {column.key: getattr(row, column.key) for column in row.__table__.columns}


def insert(store: Store, table: type[Base], alliance_id: int, columns: dict) -> int:
    with store.write() as session:
        if session.get(AllianceRow, alliance_id) is None:
            raise StoreError("That alliance no longer exists.")
        row = table(alliance_id=alliance_id, **columns)
        session.add(row)
        session.flush()
        return row.id


def update(
    store: Store,
    table: type[Base],
    record_id: int,
    columns: dict,
    expected_version: int | None = None,
) -> int:
    """Change a row; returns its new version. With `expected_version` (the version the edit
    started from), a newer one saved meanwhile elsewhere raises ConflictError instead."""
    with store.write() as session:
        row = session.get(table, record_id)
        if row is None:
            raise StoreError("That record no longer exists.")
        versions.check(row, expected_version, getattr(row, "title", "This record"))
        for name, value in columns.items():
            setattr(row, name, value)
        session.flush()
        return row.version


def remove(store: Store, table: type[Base], record_id: int) -> dict:
    """Delete a row; returns its values so `restore` can put it back exactly."""
    with store.write() as session:
        row = session.get(table, record_id)
        if row is None:
            raise StoreError("That record no longer exists.")
        kept = as_dict(row)
        session.delete(row)
        return kept


def restore(store: Store, table: type[Base], kept: dict) -> None:
    with store.write() as session:
        session.add(table(**kept))


def rows_for(store: Store, model: type[Base], alliance_id: int | None, *order, where=()) -> list:
    """Rows of live alliances (one, or all), optionally filtered by `where` conditions, as
    plain rows with the model's attribute names. `order` and `where` name table columns
    (`table(model).c`), so the query runs as plain Core (Today lists some at start)."""
    rows, alliances = table(model), table(AllianceRow)
    with store.read() as session:
        query = (
            select(rows)
            .join_from(rows, alliances, alliances.c.id == rows.c.alliance_id)
            .where(alliances.c.deleted_at.is_(None))
        )
        if alliance_id is not None:
            query = query.where(rows.c.alliance_id == alliance_id)
        for condition in where:
            query = query.where(condition)
        return list(session.execute(query.order_by(*order)).all())
