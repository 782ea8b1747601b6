"""People added to an alliance in bulk from a file: all of them or none, with the names
already there to catch duplicates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from sqlalchemy import CursorResult, func, insert, select, text
from sqlalchemy.orm import Session

from alliance_desk.core import wall
from alliance_desk.core.cadence import Cadence
from alliance_desk.core.people import PersonDraft
from alliance_desk.core.stakeholders import StakeholderDraft
from alliance_desk.store.database import Store
from alliance_desk.store.errors import StoreError
from alliance_desk.store.models import AllianceRow, PersonRow, RatingRow, StakeholderRow, table
from alliance_desk.store.retry import retried
from alliance_desk.store.stakeholders import detail_columns, person_columns


def existing_keys(store: Store, alliance_id: int) -> set[tuple[str, str]]:
    """(casefolded name, side) of everyone already on the alliance, to catch duplicates."""
    with store.read() as session:
        rows = session.execute(
            select(PersonRow.name, PersonRow.side)
            .join(StakeholderRow, StakeholderRow.person_id == PersonRow.id)
            .where(StakeholderRow.alliance_id == alliance_id)
        ).all()
    return {(name.casefold(), side) for name, side in rows}


@retried
def import_people(
    store: Store, alliance_id: int, people: Sequence[tuple[PersonDraft, StakeholderDraft]]
) -> list[int]:
    """Add many people to an alliance in one transaction: all of them, or none.
    Returns the new stakeholder ids.

    Rows go in as bulk INSERTs (executemany) with their ids taken up front, so 50,000 people
    take seconds rather than a minute of one-by-one ORM flushes."""
    today = wall.today()
    with store.write() as session:
        if not _alliance_held(session, alliance_id):
            raise StoreError("That alliance no longer exists.")
        person_ids = _new_ids(session, table(PersonRow), len(people))
        ids = _new_ids(session, table(StakeholderRow), len(people))
        session.execute(
            insert(table(PersonRow)),
            [
                {"id": pid, **person_columns(person)}
                for pid, (person, _d) in zip(person_ids, people, strict=True)
            ],
        )
        session.execute(
            insert(table(StakeholderRow)),
            [
                {
                    "id": sid,
                    "alliance_id": alliance_id,
                    "person_id": pid,
                    "planned_from": today if d.cadence is not Cadence.NONE else None,
                    **detail_columns(d),
                }
                for sid, pid, (_p, d) in zip(ids, person_ids, people, strict=True)
            ],
        )
        session.execute(
            insert(table(RatingRow)),
            [
                {"stakeholder_id": sid, "power": d.power, "interest": d.interest, "rated_on": today}
                for sid, (_p, d) in zip(ids, people, strict=True)
            ],
        )
        return ids


def _alliance_held(session: Session, alliance_id: int) -> bool:
    """Whether the alliance exists. On SQLite this is a write that changes nothing, so the
    transaction holds the file's write lock from here on and the ids taken next stay free."""
    if session.get_bind().dialect.name != "sqlite":
        return session.get(AllianceRow, alliance_id) is not None
    held = session.execute(text("UPDATE alliances SET id = id WHERE id = :id"), {"id": alliance_id})
    return cast(CursorResult, held).rowcount == 1


def _new_ids(session: Session, rows, count: int) -> list[int]:
    """`count` unused ids for `rows`: from the table's sequence on PostgreSQL, after the
    largest id on SQLite (whose whole file this transaction has locked)."""
    if not count:
        return []
    if session.get_bind().dialect.name == "postgresql":
        return list(
            session.scalars(
                text(
                    f"SELECT nextval(pg_get_serial_sequence('{rows.name}', 'id')) "
                    "FROM generate_series(1, :count)"
                ),
                {"count": count},
            )
        )
    start = session.scalar(select(func.max(rows.c.id))) or 0
    return list(range(start + 1, start + count + 1))
