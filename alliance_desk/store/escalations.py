"""Queries and commands for the escalation log: raising, editing and reading escalations (their
course — levels, resolution, closing, undo — is store/escalation_moves.py). Every change writes
an event; events are never rewritten (the database refuses), so undo appends an "undone" event
instead of erasing one."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import fields
from datetime import date, datetime, time

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from alliance_desk.core import wall
from alliance_desk.core.escalations import (
    LEVELS,
    Category,
    Escalation,
    EscalationDraft,
    Event,
    EventKind,
    Resolution,
    ResolutionKind,
    Severity,
    SlaClock,
    Status,
)
from alliance_desk.store import batch, versions
from alliance_desk.store.database import Store
from alliance_desk.store.errors import StoreError
from alliance_desk.store.id_lists import Unindexed
from alliance_desk.store.models import (
    AllianceRow,
    EscalationEventRow,
    EscalationRow,
    PersonRow,
    table,
    utcnow,
)
from alliance_desk.store.retry import retried

DRAFT_FIELDS = tuple(f.name for f in fields(EscalationDraft))


def _columns(draft: EscalationDraft) -> dict[str, object]:
    values = {name: getattr(draft, name) for name in DRAFT_FIELDS}
    values["category"] = draft.category.value
    values["severity"] = draft.severity.value
    return values


# Stored values to members by dictionary: the log turns thousands of rows into records at
# each load, and calling the enum class costs ten times as much.
_CATEGORIES = {member.value: member for member in Category}
_SEVERITIES = {member.value: member for member in Severity}
_STATUSES = {member.value: member for member in Status}


def _draft(values) -> EscalationDraft:
    """The editable fields, from a row's values by column name (`row._mapping`): read by key,
    four times faster than a result row's attributes over the thousands the log lists."""
    return EscalationDraft(
        title=values["title"],
        category=_CATEGORIES[values["category"]],
        severity=_SEVERITIES[values["severity"]],
        description=values["description"],
        raised_on=values["raised_on"],
        raised_by_id=values["raised_by_id"],
        owner_id=values["owner_id"],
        counterpart_id=values["counterpart_id"],
        target_date=values["target_date"],
        delay_days=values["delay_days"],
        value_at_stake=values["value_at_stake"],
        internal_only=values["internal_only"],
        shared_with_partner=values["shared_with_partner"],
    )


def append_event(
    session: Session,
    escalation_id: int,
    kind: EventKind,
    text: str = "",
    on: date | None = None,
    **levels,
):
    """Append to the history. An event for a past day (back-dated entry) is stamped at noon of
    that day; anything else at the moment it is written."""
    at = utcnow() if on is None or on >= wall.today() else datetime.combine(on, time(12))
    session.add(
        EscalationEventRow(
            escalation_id=escalation_id, occurred_at=at, kind=kind.value, text=text, **levels
        )
    )


def escalation_row(session: Session, escalation_id: int) -> EscalationRow:
    row = session.get(EscalationRow, escalation_id)
    if row is None:
        raise StoreError("That escalation no longer exists.")
    return row


# -- reading -------------------------------------------------------------------------------------


def log_select(alliances_live: bool = True):
    """The escalation log's statement (before filters and order): each escalation with its
    alliance's name and the names of the people involved, in plain Core."""
    issues, alliances, people = table(EscalationRow), table(AllianceRow), table(PersonRow)
    raiser, owner, counterpart = people.alias(), people.alias(), people.alias()
    query = (
        select(
            issues,
            alliances.c.name.label("alliance_name"),
            raiser.c.name.label("raised_by_name"),
            owner.c.name.label("owner_name"),
            counterpart.c.name.label("counterpart_name"),
        )
        .join_from(issues, alliances, alliances.c.id == issues.c.alliance_id)
        .outerjoin(raiser, raiser.c.id == issues.c.raised_by_id)
        .outerjoin(owner, owner.c.id == issues.c.owner_id)
        .outerjoin(counterpart, counterpart.c.id == issues.c.counterpart_id)
    )
    return query.where(alliances.c.deleted_at.is_(None)) if alliances_live else query


def list_escalations(
    store: Store,
    alliance_id: int | None = None,
    escalation_id: int | None = None,
    *,
    ids: Collection[int] | None = None,
) -> list[Escalation]:
    """Escalations on live alliances, newest first, with the names of the people involved, in
    one plain Core statement. `ids`: only those. (The log pages: `escalation_log`.)"""
    issues = table(EscalationRow)
    query = log_select()
    if alliance_id is not None:
        query = query.where(issues.c.alliance_id == alliance_id)
    if escalation_id is not None:
        query = query.where(issues.c.id == escalation_id)
    if ids is not None:
        query = query.where(issues.c.id.in_(list(ids)))
    with store.read() as session:
        rows = session.execute(query.order_by(issues.c.raised_on.desc(), issues.c.id.desc())).all()
    return [escalation_of(row._mapping) for row in rows]


def escalation_of(values) -> Escalation:
    """An escalation from a row of `log_select` (its values by column name)."""
    resolution = None
    if values["resolution_kind"]:
        resolution = Resolution(
            values["root_cause"],
            values["resolution"],
            ResolutionKind(values["resolution_kind"]),
        )
    names = {
        values[key]: values[name]
        for key, name in _NAMED
        if values[key] is not None and values[name] is not None
    }
    return Escalation(
        id=values["id"],
        alliance_id=values["alliance_id"],
        alliance_name=values["alliance_name"],
        draft=_draft(values),
        level=values["level"],
        level_since=values["level_since"],
        status=_STATUSES[values["status"]],
        resolution=resolution,
        resolved_on=values["resolved_on"],
        closed_on=values["closed_on"],
        names=names,
        version=values["version"],
    )


# The people an escalation names: their id column, and the name the query joins in.
_NAMED = (
    ("raised_by_id", "raised_by_name"),
    ("owner_id", "owner_name"),
    ("counterpart_id", "counterpart_name"),
)


def sla_clocks(store: Store) -> list[SlaClock]:
    """Every open or escalated escalation on a live alliance, as its SLA clock only."""
    return batch.run(store, sla_clocks_query())


def sla_clocks_query(ids: batch.Ids | None = None) -> batch.Query[list[SlaClock]]:
    """Active escalations' clocks, by id (`ids`: only those)."""
    issues, alliances = table(EscalationRow), table(AllianceRow)
    only = () if ids is None else (batch.among(issues.c.id, ids),)
    # With ids, they drive: not the index on the status (every open escalation).
    status = issues.c.status if ids is None else Unindexed(issues.c.status)
    return batch.Query(
        (  # plain Core: Today ranks them at start
            select(
                issues.c.id,
                alliances.c.name,
                issues.c.title,
                issues.c.level,
                issues.c.level_since,
                issues.c.raised_on,
                issues.c.alliance_id,
                issues.c.severity,
            )
            .join_from(issues, alliances, alliances.c.id == issues.c.alliance_id)
            .where(
                alliances.c.deleted_at.is_(None),
                status.in_((Status.OPEN.value, Status.ESCALATED.value)),
                *only,
            )
            .order_by(issues.c.id)
        ),
        lambda rows: [
            SlaClock(id, name, title, level, since, raised, alliance, _SEVERITIES[severity].rank)
            for id, name, title, level, since, raised, alliance, severity in rows
        ],
    )


def get_escalation(store: Store, escalation_id: int) -> Escalation:
    found = list_escalations(store, escalation_id=escalation_id)
    if not found:
        raise StoreError("That escalation no longer exists.")
    return found[0]


def history(store: Store, escalation_id: int) -> list[Event]:
    """Every event in the order it was recorded (a back-dated entry keeps its own date)."""
    return recent_history(store, escalation_id, None)[0]


def recent_history(store: Store, escalation_id: int, newest: int | None) -> tuple[list[Event], int]:
    """The last `newest` events (None: every one) in the order they were recorded, and how
    many it has in all. Every row is read — a few columns each, under a millisecond for
    hundreds — and only the last are made into events: a LIMIT in the statement let
    SQLCipher's planner (built with STAT4) choose its plan by the escalation's id and compile
    the statement again for each escalation chosen."""
    events = table(EscalationEventRow)
    query = (
        select(
            events.c.occurred_at,
            events.c.kind,
            events.c.text,
            events.c.from_level,
            events.c.to_level,
        )
        .where(events.c.escalation_id == escalation_id)
        .order_by(events.c.id)  # the order it was recorded in
    )
    with store.read() as session:
        rows = session.execute(query).all()
    last = rows if newest is None else rows[max(0, len(rows) - newest) :]
    found = [Event(at, EventKind(kind), text, low, high) for at, kind, text, low, high in last]
    return found, len(rows)


# -- writing -------------------------------------------------------------------------------------


@retried
def raise_escalation(store: Store, alliance_id: int, draft: EscalationDraft, level: int = 0) -> int:
    with store.write() as session:
        if session.get(AllianceRow, alliance_id) is None:
            raise StoreError("That alliance no longer exists.")
        row = EscalationRow(
            alliance_id=alliance_id,
            level=level,
            level_since=draft.raised_on,
            status=(Status.ESCALATED if level else Status.OPEN).value,
            **_columns(draft),
        )
        session.add(row)
        session.flush()
        append_event(
            session,
            row.id,
            EventKind.RAISED,
            f"at level {level} ({LEVELS[level].lower()})",
            on=draft.raised_on,
            to_level=level,
        )
        return row.id


@retried
def delete_escalation(store: Store, escalation_id: int) -> None:
    """Remove an escalation and its history entirely (only used to undo raising it)."""
    with store.write() as session:
        session.execute(delete(EscalationRow).where(EscalationRow.id == escalation_id))


@retried
def update_escalation(
    store: Store,
    escalation_id: int,
    draft: EscalationDraft,
    *,
    expected_version: int | None = None,
) -> int:
    """Change the editable fields; the history records which ones changed. Returns the new
    version; with `expected_version`, a change saved elsewhere since raises ConflictError."""
    with store.write() as session:
        row = escalation_row(session, escalation_id)
        versions.check(row, expected_version, row.title)
        before = _draft({column.key: getattr(row, column.key) for column in row.__table__.columns})
        changed = [name for name in DRAFT_FIELDS if getattr(before, name) != getattr(draft, name)]
        if not changed:
            return row.version
        for name, value in _columns(draft).items():
            setattr(row, name, value)
        labels = ", ".join(name.replace("_id", "").replace("_", " ") for name in changed)
        append_event(session, row.id, EventKind.EDITED, f"Changed {labels}")
        session.flush()
        return row.version
