"""Working out what a transaction changed, from what it writes (core/changes.py says why).

Every write session records, as it flushes, each row added, changed or deleted, and each
INSERT / UPDATE / DELETE statement it runs, as the kind of record the row belongs to and that
record's id. Nothing depends on each store function remembering to say what it did, so a new
function is covered as soon as it writes. Rows deleted by the database itself (foreign keys
ON DELETE) are counted from the schema.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from sqlalchemy import Table, event
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import (
    BinaryExpression,
    BindParameter,
    BooleanClauseList,
    ColumnElement,
)

from alliance_desk.core.changes import Changes, Kind

# Table -> the kind of record its rows are part of, and the columns holding that record's id.
TRACKED: dict[str, tuple[Kind, tuple[str, ...]]] = {
    "alliances": (Kind.ALLIANCE, ("id",)),
    "north_star_history": (Kind.ALLIANCE, ("alliance_id",)),
    "people": (Kind.PERSON, ("id",)),
    "stakeholders": (Kind.STAKEHOLDER, ("id",)),
    "stakeholder_ratings": (Kind.RATING, ("stakeholder_id",)),
    "counterparts": (Kind.COUNTERPART, ("internal_id", "partner_id")),
    "interactions": (Kind.INTERACTION, ("id",)),
    "interaction_people": (Kind.INTERACTION, ("interaction_id",)),
    # Kept by the database from the contacts (migration 0035): a change there is theirs.
    "last_contacts": (Kind.INTERACTION, ()),
    "private_last_contacts": (Kind.INTERACTION, ()),  # the same for private ones (0041)
    # How many writes Today's tables have seen (migration 0037): only the database's triggers
    # write it, for a write to one of those tables, which says what changed.
    "change_counts": (Kind.POLICY, ()),
    "onboarding_templates": (Kind.TEMPLATE, ("id",)),
    "onboarding_template_items": (Kind.TEMPLATE, ("template_id",)),
    "onboarding_plans": (Kind.PLAN, ("id",)),
    "onboarding_items": (Kind.PLAN, ("plan_id",)),
    "escalations": (Kind.ESCALATION, ("id",)),
    "escalation_events": (Kind.ESCALATION, ("escalation_id",)),
    "risks": (Kind.RISK, ("id",)),
    "risk_ratings": (Kind.RISK, ("risk_id",)),
    "decisions": (Kind.DECISION, ("id",)),
    "obligations": (Kind.OBLIGATION, ("id",)),
    "insights": (Kind.INSIGHT, ("id",)),
    "governance_bodies": (Kind.COMMITTEE, ("id",)),
    "governance_body_members": (Kind.COMMITTEE, ("body_id",)),
    "meetings": (Kind.MEETING, ("id",)),
    "meeting_attendees": (Kind.MEETING, ("meeting_id",)),
    "agenda_items": (Kind.MEETING, ("meeting_id",)),
    "action_items": (Kind.MEETING, ("meeting_id",)),
    "minutes_amendments": (Kind.MEETING, ("meeting_id",)),
    "health_checks": (Kind.HEALTH_CHECK, ("id",)),
    "health_scores": (Kind.HEALTH_CHECK, ("check_id",)),
    "habit_targets": (Kind.HABIT, ()),
    "habit_checkins": (Kind.HABIT, ("id",)),
    "habit_dismissed_credits": (Kind.HABIT, ()),
    "habit_weekly_reviews": (Kind.HABIT, ()),
    "pack_exports": (Kind.PACK_EXPORT, ("id",)),
    "portfolio_policy": (Kind.POLICY, ()),
    "today_snoozes": (Kind.SNOOZE, ()),
    "milestones": (Kind.MILESTONE, ("id",)),
    "kpis": (Kind.KPI, ("id",)),
    "kpi_actuals": (Kind.KPI, ("kpi_id",)),
    "practice_baselines": (Kind.BASELINE, ("id",)),
    "baseline_answers": (Kind.BASELINE, ("baseline_id",)),
}


class Recorder:
    """What one write session has changed so far."""

    def __init__(self) -> None:
        self.ids: dict[Kind, set[int] | None] = {}

    def add(self, kind: Kind, ids: Iterable[Any] | None) -> None:
        if ids is None:
            self.ids[kind] = None
            return
        known = self.ids.setdefault(kind, set())
        if known is not None:
            known.update(i for i in ids if isinstance(i, int))

    def row(self, name: str, ids: Iterable[Any] | None, *, deleted: bool = False) -> None:
        """Rows of table `name` written, as the ids of the records they belong to (None: not
        known which)."""
        if name not in TRACKED:  # a table this module does not know yet: assume anything
            for kind in Kind:
                self.add(kind, None)
            return
        kind, columns = TRACKED[name]
        ids = None if ids is None or not columns else list(ids)
        self.add(kind, ids)
        if not deleted:
            return
        for dependent, via in cascades(name):
            dependent_kind, dependent_columns = TRACKED.get(dependent, (kind, ()))
            # A part deleted with its record (an escalation's history) is that same record;
            # otherwise which records lost a part is not known here.
            same = via is not None and columns == ("id",) and dependent_columns == (via,)
            self.add(dependent_kind, ids if same else None)

    def changes(self) -> Changes:
        return Changes(
            {kind: None if ids is None else frozenset(ids) for kind, ids in self.ids.items()}
        )


@cache
def cascades(name: str) -> tuple[tuple[str, str | None], ...]:
    """Tables whose rows the database deletes or changes when a row of `name` is deleted,
    each with the column that refers to `name` directly (None for a table further down)."""
    from alliance_desk.store.models import Base

    found: dict[str, str | None] = {}
    for other in Base.metadata.tables.values():
        for key in other.foreign_keys:
            if key.column.table.name != name or key.ondelete not in ("CASCADE", "SET NULL"):
                continue
            found[other.name] = key.parent.name if other.name not in found else None
            if key.ondelete == "CASCADE" and other.name != name:
                for further, _via in cascades(other.name):
                    found[further] = None
    return tuple(found.items())


def ids_named(where: ColumnElement | None, columns: tuple[str, ...]) -> list[Any] | None:
    """From a statement's WHERE, the record ids it is limited to (`id = 3`, `plan_id IN
    (…)`, alone or inside an AND); None when it does not name them that way."""
    if where is None or not columns:
        return None
    if isinstance(where, BooleanClauseList) and where.operator is operators.and_:
        for clause in where.clauses:
            found = ids_named(clause, columns)
            if found is not None:
                return found
        return None
    if (
        isinstance(where, BinaryExpression)
        and isinstance(where.right, BindParameter)
        and getattr(where.left, "key", None) in columns
        and where.operator in (operators.eq, operators.in_op)
    ):
        value = where.right.effective_value
        return list(value) if isinstance(value, list | tuple) else [value]
    return None


def _executed(state: ORMExecuteState) -> None:
    recorder = state.session.info.get("changes")
    if recorder is None or not (state.is_insert or state.is_update or state.is_delete):
        return
    target = getattr(state.statement, "table", None)
    if not isinstance(target, Table):
        return
    where = None if state.is_insert else getattr(state.statement, "whereclause", None)
    columns = TRACKED[target.name][1] if target.name in TRACKED else ()
    recorder.row(target.name, ids_named(where, columns), deleted=state.is_delete)


def _flushed(session: Session, _context: object) -> None:
    recorder = session.info.get("changes")
    if recorder is None:
        return
    for deleted, rows in ((False, session.new), (False, session.dirty), (True, session.deleted)):
        for row in rows:
            if not deleted and row in session.dirty and not session.is_modified(row):
                continue
            table = row.__table__
            columns = TRACKED[table.name][1] if table.name in TRACKED else ()
            recorder.row(table.name, [getattr(row, c) for c in columns], deleted=deleted)


def watch(sessions: sessionmaker) -> None:
    """Record what every write session of `sessions` changes, in `session.info["changes"]`
    (a `Recorder` the session was given when it began)."""
    event.listen(sessions, "after_flush", _flushed)
    event.listen(sessions, "do_orm_execute", _executed)
