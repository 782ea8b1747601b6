"""Queries and commands for the alliance portfolio."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Any

from sqlalchemy import func, select

from alliance_desk.core.portfolio import DRAFT_FIELDS, Alliance, AllianceDraft, AllianceType, Phase
from alliance_desk.store import batch, change_counts, versions
from alliance_desk.store.database import Store
from alliance_desk.store.errors import StoreError
from alliance_desk.store.models import AllianceRow, NorthStarRow, table, utcnow
from alliance_desk.store.retry import retried


def _to_core(row) -> Alliance:
    return Alliance(
        id=row.id,
        name=row.name,
        partner=row.partner,
        alliance_type=AllianceType(row.alliance_type),
        phase=Phase(row.phase),
        criticality=row.criticality,
        complexity=row.complexity,
        tier_override=row.tier_override,
        north_star=row.north_star,
        strategic_value=row.strategic_value,
        financial_value=row.financial_value,
        start_date=row.start_date,
        internal_only=row.internal_only,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )


def _columns(draft: AllianceDraft) -> dict[str, object]:
    values = {name: getattr(draft, name) for name in DRAFT_FIELDS}
    values["alliance_type"] = draft.alliance_type.value
    values["phase"] = draft.phase.value
    return values


def list_alliances(store: Store, *, ids: Collection[int] | None = None) -> list[Alliance]:
    """Every alliance not deleted (`ids`: only those), by name (plain Core: the window lists
    them at start)."""
    return batch.run(store, alliances_query(ids))


def alliances_query(ids: Collection[int] | None = None) -> batch.Query[list[Alliance]]:
    alliances = table(AllianceRow)
    query = select(*(alliances.c[name] for name in _FIELDS))
    query = query.where(alliances.c.deleted_at.is_(None))
    if ids is not None:
        query = query.where(alliances.c.id.in_(list(ids)))
    return batch.Query(query.order_by(func.lower(alliances.c.name), alliances.c.id), _listed)


# An alliance's columns, in the order `_listed` reads them.
_FIELDS = (*DRAFT_FIELDS, "id", "created_at", "updated_at", "version")
_TYPES = {member.value: member for member in AllianceType}
_PHASES = {member.value: member for member in Phase}


def _listed(rows: Iterable[Sequence[Any]]) -> list[Alliance]:
    """Alliances from rows of `_FIELDS`, each row unpacked by position and its type and
    phase looked up in a dict: reading each field of a row by name and each enum through its
    class took half the time of listing 600 alliances (Today reads them all; 14 → 7 ms)."""
    listed = []
    for row in rows:
        values = dict(zip(_FIELDS, row, strict=True))
        kind, phase = values["alliance_type"], values["phase"]
        values["alliance_type"] = _TYPES.get(kind) or AllianceType(kind)
        values["phase"] = _PHASES.get(phase) or Phase(phase)
        listed.append(Alliance(**values))
    return listed


def alliance_names(store: Store) -> dict[int, str]:
    """Each alliance not deleted: id -> name (a register's alliance column across the
    portfolio: two columns read, where listing whole alliances read and converted every
    field of six hundred of them on each showing at ten times the heavy portfolio)."""
    alliances = table(AllianceRow).c
    query = select(alliances.id, alliances.name).where(alliances.deleted_at.is_(None))
    with store.read() as session:
        return {alliance_id: name for alliance_id, name in session.execute(query)}


# The chooser's alliances are read again only when an alliance or a grant changed.
CHOICES = {"choices": change_counts.EVERY}


def alliance_choices(store: Store) -> list[tuple[int, str, str]]:
    """Each alliance not deleted as a chooser lists it: (id, name, partner), in
    `list_alliances`' order. Packs fills its chooser at every showing: the 600 alliances of
    ten times the heavy portfolio were read each time, though an edit seldom changes one —
    now one statement reads the change counters and the alliances only if an alliance or a
    grant changed since they were kept (store/change_counts.py)."""
    with store.read() as session:
        dialect = session.get_bind().dialect.name
        built = batch.prepared(
            session,
            ("alliance choices",),
            lambda: {"counters": change_counts.counters_query(dialect), "choices": _choices()},
            lambda dialect: change_counts.unchanged(dialect, CHOICES),
        )
        found = change_counts.parts_kept(
            store, ("alliance choices",), CHOICES, lambda seen: built.run(session, seen)
        )
    return list(found["choices"])


def _choices() -> batch.Query[list[tuple[int, str, str]]]:
    alliances = table(AllianceRow).c
    query = (
        select(alliances.id, alliances.name, alliances.partner)
        .where(alliances.deleted_at.is_(None))
        .order_by(func.lower(alliances.name), alliances.id)
    )
    return batch.Query(query, lambda rows: [(row[0], row[1], row[2]) for row in rows])


def get_alliance(store: Store, alliance_id: int) -> Alliance:
    """One alliance not deleted (plain Core, as every read of a pack: no mapper is configured
    for a command that only reads)."""
    found = batch.run(store, alliances_query((alliance_id,)))
    if not found:
        raise StoreError(f"Alliance {alliance_id} no longer exists.")
    return found[0]


@retried
def create_alliance(store: Store, draft: AllianceDraft) -> Alliance:
    with store.write() as session:
        row = AllianceRow(**_columns(draft))
        session.add(row)
        session.flush()
        if draft.north_star:
            session.add(NorthStarRow(alliance_id=row.id, statement=draft.north_star))
        session.flush()
        return _to_core(row)


@retried
def update_alliance(
    store: Store, alliance_id: int, draft: AllianceDraft, *, expected_version: int | None = None
) -> Alliance:
    """Replace an alliance's fields; a new North Star statement is added to its history.

    With `expected_version` (the version the user's edit started from), a newer version saved
    meanwhile by another window or teammate raises `ConflictError` and nothing is written.
    """
    with store.write() as session:
        row = session.get(AllianceRow, alliance_id)
        if row is None or row.deleted_at is not None:
            raise StoreError(f"Alliance {alliance_id} no longer exists.")
        versions.check(row, expected_version, row.name)
        if draft.north_star != row.north_star and draft.north_star:
            session.add(NorthStarRow(alliance_id=row.id, statement=draft.north_star))
        for name, value in _columns(draft).items():
            setattr(row, name, value)
        session.flush()
        return _to_core(row)


@retried
def delete_alliance(store: Store, alliance_id: int) -> None:
    """Hide an alliance and everything recorded under it; `undelete_alliance` brings it back."""
    with store.write() as session:
        row = session.get(AllianceRow, alliance_id)
        if row is not None:
            row.deleted_at = utcnow()


@retried
def undelete_alliance(store: Store, alliance_id: int) -> Alliance:
    with store.write() as session:
        row = session.get(AllianceRow, alliance_id)
        if row is None:
            raise StoreError(f"Alliance {alliance_id} no longer exists.")
        row.deleted_at = None
        session.flush()
        return _to_core(row)


def north_star_history(store: Store, alliance_id: int) -> list[tuple[str, str]]:
    """(ISO date, statement) pairs, oldest first."""
    with store.read() as session:
        rows = session.execute(
            select(NorthStarRow.set_on, NorthStarRow.statement)
            .where(NorthStarRow.alliance_id == alliance_id)
            .order_by(NorthStarRow.set_on, NorthStarRow.id)
        )
        return [(set_on.date().isoformat(), statement) for set_on, statement in rows]
