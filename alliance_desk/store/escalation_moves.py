"""An escalation's course: up and down its levels, noted, resolved, closed, reopened, and
undone to an earlier state — each step appended to its history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from alliance_desk.core import wall
from alliance_desk.core.escalations import EventKind, Resolution, Status, check_reason
from alliance_desk.store import versions
from alliance_desk.store.database import Store
from alliance_desk.store.errors import StoreError
from alliance_desk.store.escalations import append_event, escalation_row
from alliance_desk.store.models import EscalationRow
from alliance_desk.store.retry import retried


@dataclass(frozen=True, slots=True)
class State:
    """The workflow fields of an escalation, as kept for undo."""

    level: int
    level_since: date
    status: str
    root_cause: str
    resolution: str
    resolution_kind: str
    resolved_on: date | None
    closed_on: date | None


def _state(row: EscalationRow) -> State:
    return State(**{name: getattr(row, name) for name in State.__dataclass_fields__})


def state(store: Store, escalation_id: int) -> tuple[State, int]:
    """The workflow fields as stored now, and the escalation's version."""
    with store.read() as session:
        row = escalation_row(session, escalation_id)
        return _state(row), row.version


def _moving(session: Session, escalation_id: int, expected_version: int | None) -> EscalationRow:
    """The escalation a workflow step applies to, still at the version the user saw."""
    row = escalation_row(session, escalation_id)
    versions.check(row, expected_version, row.title, versions.SHOWN_NOW)
    return row


@retried
def change_level(
    store: Store,
    escalation_id: int,
    to_level: int,
    reason: str,
    today: date | None = None,
    *,
    expected_version: int | None = None,
) -> State:
    """Move up or down a level, saying why. Returns the state before (for undo). Each step
    here takes `expected_version`: a step begun before a teammate's change raises
    ConflictError, so a de-escalation never silently undoes their escalation."""
    reason = check_reason(reason)
    if not 0 <= to_level <= 3:
        raise StoreError("Levels go from 0 (working team) to 3 (executive sponsors).")
    with store.write() as session:
        row = _moving(session, escalation_id, expected_version)
        if not Status(row.status).active:
            raise StoreError("Reopen a resolved or closed escalation before changing its level.")
        if to_level == row.level:
            raise StoreError(f"It is already at level {to_level}.")
        before = _state(row)
        kind = EventKind.LEVEL_UP if to_level > row.level else EventKind.LEVEL_DOWN
        append_event(
            session, row.id, kind, reason, on=today, from_level=row.level, to_level=to_level
        )
        row.level, row.level_since = to_level, today or wall.today()
        row.status = (Status.ESCALATED if to_level > 0 else Status.OPEN).value
        return before


@retried
def add_note(store: Store, escalation_id: int, text: str) -> None:
    with store.write() as session:
        escalation_row(session, escalation_id)
        append_event(session, escalation_id, EventKind.NOTE, text)


@retried
def resolve(
    store: Store,
    escalation_id: int,
    resolution: Resolution,
    today: date | None = None,
    *,
    expected_version: int | None = None,
) -> State:
    with store.write() as session:
        row = _moving(session, escalation_id, expected_version)
        if not Status(row.status).active:
            raise StoreError("Only an open or escalated issue can be resolved.")
        before = _state(row)
        row.status = Status.RESOLVED.value
        row.root_cause, row.resolution = resolution.root_cause, resolution.resolution
        row.resolution_kind = resolution.kind.value
        row.resolved_on = today or wall.today()
        row.resolved_by = store.user  # whose "resolve problems" it credits
        append_event(
            session,
            row.id,
            EventKind.RESOLVED,
            f"{resolution.kind.label}: {resolution.resolution} "
            f"(root cause: {resolution.root_cause})",
            on=today,
        )
        return before


@retried
def close(
    store: Store,
    escalation_id: int,
    today: date | None = None,
    *,
    expected_version: int | None = None,
) -> State:
    with store.write() as session:
        row = _moving(session, escalation_id, expected_version)
        if row.status != Status.RESOLVED.value:
            raise StoreError("Resolve the issue before closing it.")
        before = _state(row)
        row.status, row.closed_on = Status.CLOSED.value, today or wall.today()
        append_event(session, row.id, EventKind.CLOSED, on=today)
        return before


@retried
def reopen(
    store: Store,
    escalation_id: int,
    reason: str,
    today: date | None = None,
    *,
    expected_version: int | None = None,
) -> State:
    reason = check_reason(reason)
    with store.write() as session:
        row = _moving(session, escalation_id, expected_version)
        if Status(row.status).active:
            raise StoreError("It is still open.")
        before = _state(row)
        row.status = (Status.ESCALATED if row.level else Status.OPEN).value
        row.level_since = today or wall.today()
        row.resolved_on = row.closed_on = None
        append_event(session, row.id, EventKind.REOPENED, reason, on=today)
        return before


@retried
def undo_to(
    store: Store,
    escalation_id: int,
    state: State,
    what: str,
    *,
    expected_version: int | None = None,
) -> None:
    """Put the workflow fields back and say so in the history (which is never erased)."""
    with store.write() as session:
        row = _moving(session, escalation_id, expected_version)
        for name in State.__dataclass_fields__:
            setattr(row, name, getattr(state, name))
        append_event(session, row.id, EventKind.UNDONE, what)
