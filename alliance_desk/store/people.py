"""Queries and commands for people and their place on alliances."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, case, func, select

from alliance_desk.core.people import Person, PersonDraft, Side
from alliance_desk.store import batch, change_counts
from alliance_desk.store.database import Store
from alliance_desk.store.models import PersonRow, StakeholderRow
from alliance_desk.store.retry import retried

_PLACE, _PERSON = batch.record_of(StakeholderRow), batch.record_of(PersonRow)
_ENDS = len(_PLACE.columns), len(_PLACE.columns) + len(_PERSON.columns)


def split_place(row: Any) -> tuple[Any, Any, Any]:
    """A plain Core row of a stakeholder's columns, their person's and perhaps one more (None
    when not): each table's columns read by name (both have an id, so one row cannot)."""
    place, person = _ENDS
    more = row[person:]
    return _PLACE(row[:place]), _PERSON(row[place:person]), more[0] if more else None


def person_from_row(row: PersonRow) -> Person:
    return Person(
        id=row.id,
        name=row.name,
        side=Side(row.side),
        title=row.title,
        organisation=row.organisation,
        function=row.function,
        email=row.email,
        phone=row.phone,
        internal_only=row.internal_only,
        version=row.version,
    )


@retried
def create_person(store: Store, draft: PersonDraft) -> Person:
    with store.write() as session:
        row = PersonRow(
            name=draft.name,
            side=draft.side.value,
            title=draft.title,
            organisation=draft.organisation,
            function=draft.function,
            email=draft.email,
            phone=draft.phone,
            internal_only=draft.internal_only,
        )
        session.add(row)
        session.flush()
        return person_from_row(row)


@retried
def add_to_alliance(store: Store, alliance_id: int, person_id: int, role: str = "") -> None:
    with store.write() as session:
        session.add(StakeholderRow(alliance_id=alliance_id, person_id=person_id, role=role))


def people_on_alliance(store: Store, alliance_id: int) -> list[Person]:
    with store.read() as session:
        rows = session.scalars(
            select(PersonRow)
            .join(StakeholderRow, StakeholderRow.person_id == PersonRow.id)
            .where(StakeholderRow.alliance_id == alliance_id)
            .order_by(PersonRow.side, PersonRow.name)
        )
        return [person_from_row(row) for row in rows]


def people_counts(store: Store) -> dict[int, tuple[int, int]]:
    """Per alliance id (a deleted alliance's too: the portfolio lists only the live ones):
    (people on our side, people on the partner's side). Kept until a person or a place on an
    alliance changes (store/change_counts.py): the portfolio shown again after an edit of an
    alliance or anything else does not count 30,000 places again (≈ 10 ms at ten times the
    heavy portfolio)."""
    counters = batch.run(store, change_counts.counters_query(store.engine.dialect.name))
    needs = {"people": change_counts.PEOPLE}
    return change_counts.reused(
        store, ("people counts",), counters, needs, lambda _parts: {"people": _counted(store)}
    )["people"]


def people_counts_query() -> Select[Any]:
    """Grouped by the alliance alone, in the order of the stakeholders' own key (alliance,
    person), each side summed beside the count: grouping by side too made SQLite sort every
    stakeholder in a temporary tree first (30,000 at ten times: 14 → 8 ms)."""
    placed = StakeholderRow.__table__.c
    ours = func.sum(case((PersonRow.side == Side.INTERNAL.value, 1), else_=0))
    return (
        select(placed.alliance_id, ours, func.count())
        .join(PersonRow, PersonRow.id == placed.person_id)
        .group_by(placed.alliance_id)
    )


def _counted(store: Store) -> dict[int, tuple[int, int]]:
    with store.read() as session:
        rows = session.execute(people_counts_query())
        return {alliance_id: (internal, count - internal) for alliance_id, internal, count in rows}
