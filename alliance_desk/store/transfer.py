"""Moving a whole portfolio between stores: a laptop's SQLite file into the team's PostgreSQL
database, or back. Every table is copied row for row with its ids, in foreign-key order, in
one transaction on the target; the target must be empty, so nothing is ever merged or lost.

Rows say who recorded them (the columns marked `info={"who": True}`): what the copying user
recorded in the source is theirs in the target. A file's own rows (recorded by '') become the
user's on the team store, and the user's rows on the team store become the file's.
"""

from __future__ import annotations

from sqlalchemy import func, insert, select, text

from alliance_desk.store.database import Store
from alliance_desk.store.errors import StoreError
from alliance_desk.store.models import Base

BATCH = 2_000


def record_counts(store: Store) -> dict[str, int]:
    """How many rows each table of the portfolio holds."""
    with store.read() as session:
        return {
            table.name: session.execute(select(func.count()).select_from(table)).scalar_one()
            for table in Base.metadata.sorted_tables
        }


def copy_portfolio(source: Store, target: Store) -> dict[str, int]:
    """Copy everything in `source` into the empty `target`; returns the rows copied per table.

    Refuses (StoreError, nothing written) when the target already holds records.
    """
    held = {name: count for name, count in record_counts(target).items() if count}
    if held:
        sample = ", ".join(f"{count} {name}" for name, count in sorted(held.items())[:3])
        raise StoreError(
            f"The target portfolio is not empty ({sample}…). Copy into a new, empty one so "
            "that nothing is merged or overwritten."
        )
    copied: dict[str, int] = {}
    mine = {source.user: target.user}
    with source.read() as reading, target.write() as writing:
        for table in Base.metadata.sorted_tables:
            who = [column.key for column in table.columns if column.info.get("who")]
            rows = [dict(row) for row in reading.execute(select(table)).mappings()]
            for row in rows:
                for key in who:
                    row[key] = mine.get(row[key], row[key])
            for start in range(0, len(rows), BATCH):
                writing.execute(insert(table), rows[start : start + BATCH])
            copied[table.name] = len(rows)
        if writing.bind.dialect.name == "postgresql":
            _advance_sequences(writing)
    return copied


def _advance_sequences(session) -> None:
    """Rows came with their ids; move each id sequence past them so new rows do not collide."""
    for table in Base.metadata.sorted_tables:
        column = table.c.get("id")
        if column is None or not column.primary_key or not column.autoincrement:
            continue
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT max(id) FROM {table.name}), 0) + 1, false)"
            )
        )
