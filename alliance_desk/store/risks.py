"""Queries and commands for the risk register and the decision log (obligations are
store/obligations.py, partner insights store/insights.py)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import asdict
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, delete, or_, select
from sqlalchemy.orm import Session

from alliance_desk.core import wall
from alliance_desk.core.risks import (
    Decision,
    DecisionDraft,
    DecisionDue,
    DecisionStatus,
    ReviewDue,
    Risk,
    RiskCategory,
    RiskDraft,
    RiskStatus,
)
from alliance_desk.store import batch, registers
from alliance_desk.store.database import Store
from alliance_desk.store.models import (
    AllianceRow,
    DecisionRow,
    RiskRatingRow,
    RiskRow,
    table,
)
from alliance_desk.store.retry import retried


def enum_values(draft: Any) -> dict[str, Any]:
    return {k: (v.value if hasattr(v, "value") else v) for k, v in asdict(draft).items()}


def decision_columns(draft: DecisionDraft) -> dict[str, Any]:
    """A decision's stored columns (a meeting records one through the same columns)."""
    return enum_values(draft)


def among_ids(model: Any, ids: Collection[int] | None) -> tuple[ColumnElement[bool], ...]:
    """The condition keeping only records `ids` (all of them with None)."""
    return () if ids is None else (table(model).c.id.in_(list(ids)),)


# -- risks ---------------------------------------------------------------------------------------


def list_risks(
    store: Store,
    alliance_id: int | None = None,
    *,
    review_by: date | None = None,
    history: bool = True,
    ids: Collection[int] | None = None,
) -> list[Risk]:
    """Risks with their rating history, highest score first (with `review_by`: only open ones
    whose next review falls on or before that day; `history=False` skips the history; `ids`:
    only those risks)."""
    columns = table(RiskRow).c
    where = among_ids(RiskRow, ids)
    if review_by is not None:
        where += (columns.status != RiskStatus.CLOSED.value, columns.next_review <= review_by)
    with store.read() as session:
        rows = registers.rows_for(session, RiskRow, alliance_id, columns.id, where=where)
        risks = risks_of(session, rows, history=history)
    return sorted(risks, key=lambda r: (-r.draft.score, r.draft.title.casefold()))


def _ratings_of() -> Any:
    rated = table(RiskRatingRow).c
    return (
        select(rated.risk_id, rated.rated_on, rated.likelihood, rated.impact)
        .where(batch.among(rated.risk_id, batch.ids("risks")))
        .order_by(rated.rated_on, rated.id)
    )


# The rating history of the risks given as `risks`: one statement for any page of risks.
_RATINGS = _ratings_of()


def risks_of(session: Session, rows: Sequence[Any], *, history: bool = True) -> list[Risk]:
    """Risks from their rows (all the risk table's columns), in the rows' order, with their
    rating history read in one statement (`history=False`: none)."""
    ratings: list[Any] = []
    if history and rows:
        ratings = list(session.execute(_RATINGS, {"risks": [row.id for row in rows]}).all())
    by_risk: dict[int, list] = defaultdict(list)
    for risk_id, rated_on, likelihood, impact in ratings:
        by_risk[risk_id].append((rated_on, likelihood, impact))
    return [
        Risk(
            row.id,
            row.alliance_id,
            RiskDraft(
                title=row.title,
                category=RiskCategory(row.category),
                likelihood=row.likelihood,
                impact=row.impact,
                owner_id=row.owner_id,
                mitigation=row.mitigation,
                mitigation_planned=row.mitigation_planned,
                mitigation_done=row.mitigation_done,
                status=RiskStatus(row.status),
                next_review=row.next_review,
                internal_only=row.internal_only,
                joint=row.joint,
            ),
            tuple(by_risk[row.id]),
            row.version,
        )
        for row in rows
    ]


def reviews_due(store: Store, by: date) -> list[ReviewDue]:
    """Open risks of live alliances whose next review falls on or before `by`, soonest first:
    Today's list, read as plain columns (no register records built for hundreds of them)."""
    return batch.run(store, reviews_due_query(by))


def reviews_due_query(by: date, ids: batch.Ids | None = None) -> batch.Query[list[ReviewDue]]:
    risk, alliances = table(RiskRow), table(AllianceRow)
    only = () if ids is None else (batch.among(risk.c.id, ids),)
    return batch.Query(
        (
            select(
                risk.c.id,
                risk.c.alliance_id,
                risk.c.title,
                risk.c.next_review,
                risk.c.likelihood * risk.c.impact,
            )
            .join_from(risk, alliances, alliances.c.id == risk.c.alliance_id)
            .where(
                alliances.c.deleted_at.is_(None),
                risk.c.status != RiskStatus.CLOSED.value,
                risk.c.next_review <= by,
                *only,
            )
            .order_by(risk.c.next_review, risk.c.id)
        ),
        lambda rows: [ReviewDue(*row) for row in rows],
    )


@retried
def add_risk(store: Store, alliance_id: int, draft: RiskDraft, today: date | None = None) -> int:
    """Add a risk with its first dated rating; returns its id."""
    with store.write() as session:
        risk_id = registers.insert(session, RiskRow, alliance_id, enum_values(draft))
        _rate(session, risk_id, draft, today)
        return risk_id


def _rate(session: Session, risk_id: int, draft: RiskDraft, today: date | None) -> int:
    rating = RiskRatingRow(
        risk_id=risk_id,
        likelihood=draft.likelihood,
        impact=draft.impact,
        rated_on=today or wall.today(),
    )
    session.add(rating)
    session.flush()
    return rating.id


@retried
def update_risk(
    store: Store,
    risk_id: int,
    draft: RiskDraft,
    today: date | None = None,
    *,
    expected_version: int | None = None,
    take_back: int | None = None,
) -> int | None:
    """Change a risk; a new likelihood or impact is kept as a dated rating (id returned).
    `expected_version`: refuse (ConflictError) if it was saved elsewhere since. `take_back`:
    a rating to delete instead (undoing the edit that recorded it: nothing new is rated)."""
    with store.write() as session:
        row = registers.get(session, RiskRow, risk_id)
        moved = (row.likelihood, row.impact) != (draft.likelihood, draft.impact)
        registers.update(session, RiskRow, risk_id, enum_values(draft), expected_version)
        if take_back is not None:
            session.execute(delete(RiskRatingRow).where(RiskRatingRow.id == take_back))
            return None
        return _rate(session, risk_id, draft, today) if moved else None


@retried
def unrate_risk(store: Store, rating_id: int) -> None:
    with store.write() as session:
        session.execute(delete(RiskRatingRow).where(RiskRatingRow.id == rating_id))


@retried
def remove_risk(store: Store, risk_id: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Delete a risk and its ratings; returns them, for `restore_risk`."""
    with store.write() as session:
        ratings = [
            registers.as_dict(r)
            for r in session.scalars(select(RiskRatingRow).where(RiskRatingRow.risk_id == risk_id))
        ]
        return registers.remove(session, RiskRow, risk_id), ratings


@retried
def restore_risk(store: Store, kept: tuple[dict[str, Any], list[dict[str, Any]]]) -> None:
    risk, ratings = kept
    with store.write() as session:
        registers.restore(session, RiskRow, risk)
        for rating in ratings:
            session.add(RiskRatingRow(**rating))


# -- decisions -------------------------------------------------------------------------------------


def decision_of(row: Any) -> Decision:
    """A decision from its row (attributes named as the columns)."""
    return Decision(
        row.id,
        row.alliance_id,
        DecisionDraft(
            title=row.title,
            decided_on=row.decided_on,
            forum=row.forum,
            makers=row.makers,
            alternatives=row.alternatives,
            rationale=row.rationale,
            status=DecisionStatus(row.status),
            review_date=row.review_date,
            meeting_id=row.meeting_id,
            internal_only=row.internal_only,
            shared_with_partner=row.shared_with_partner,
            raised_on=row.raised_on,
        ),
        row.version,
    )


def list_decisions(
    store: Store,
    alliance_id: int | None = None,
    *,
    review_before: date | None = None,
    not_implemented: bool = False,
    ids: Collection[int] | None = None,
) -> list[Decision]:
    """Decisions, open questions first, then newest first (with `review_before`: only those
    not implemented whose review date is before that day; `not_implemented`: only those not
    implemented; `ids`: only those)."""
    return batch.run(
        store,
        decisions_query(
            alliance_id, review_before=review_before, not_implemented=not_implemented, ids=ids
        ),
    )


def decisions_query(
    alliance_id: int | None = None,
    *,
    review_before: date | None = None,
    not_implemented: bool = False,
    ids: Collection[int] | None = None,
) -> batch.Query[list[Decision]]:
    """The statement of `list_decisions`, with what its rows become."""
    columns = table(DecisionRow).c
    where = among_ids(DecisionRow, ids)
    if not_implemented:
        where += (columns.status != DecisionStatus.IMPLEMENTED.value,)
    if review_before is not None:
        where += (
            columns.review_date < review_before,
            columns.status != DecisionStatus.IMPLEMENTED.value,
        )
    # The same on both engines: SQLite sorts NULL low, PostgreSQL high.
    order = (columns.decided_on.desc().nulls_first(), columns.id.desc())
    return batch.Query(
        registers.rows_query(DecisionRow, alliance_id, *order, where=where),
        lambda rows: [decision_of(row) for row in rows],
    )


def reviewing_query(by: date) -> batch.Query[frozenset[int]]:
    """The alliances with an open risk whose review is due by `by`."""
    risk, alliances = table(RiskRow).c, table(AllianceRow).c
    return batch.Query(
        select(risk.alliance_id)
        .join_from(table(RiskRow), table(AllianceRow), alliances.id == risk.alliance_id)
        .where(
            alliances.deleted_at.is_(None),
            risk.status != RiskStatus.CLOSED.value,
            risk.next_review <= by,
        )
        .distinct(),
        lambda found: frozenset(row[0] for row in found),
    )


def decisions_due_query(
    today: date, ids: batch.Ids | None = None
) -> batch.Query[list[DecisionDue]]:
    """Today's decisions: not implemented, and either past their review date or taken before
    `today` (only those can be stalled: the policy allows at least a day), in the order of
    `decisions_query`, with only the columns Today reads — a team store has tens of
    thousands, and their rationale and alternatives are not Today's business."""
    rows, alliances = table(DecisionRow).c, table(AllianceRow).c
    statement = (
        select(
            rows.id, rows.alliance_id, rows.title, rows.status, rows.decided_on, rows.review_date
        )
        .join_from(table(DecisionRow), table(AllianceRow), alliances.id == rows.alliance_id)
        .where(
            alliances.deleted_at.is_(None),
            rows.status != DecisionStatus.IMPLEMENTED.value,
            or_(rows.review_date < today, rows.decided_on < today),
            *(() if ids is None else (batch.among(rows.id, ids),)),
        )
        .order_by(rows.decided_on.desc().nulls_first(), rows.id.desc())
    )
    statuses = {status.value: status for status in DecisionStatus}
    return batch.Query(
        statement,
        lambda found: [
            DecisionDue(id, alliance, title, statuses[status], decided, review)
            for id, alliance, title, status, decided, review in found
        ],
    )


@retried
def add_decision(store: Store, alliance_id: int, draft: DecisionDraft) -> int:
    return registers.add(store, DecisionRow, alliance_id, enum_values(draft))


@retried
def update_decision(
    store: Store, decision_id: int, draft: DecisionDraft, *, expected_version: int | None = None
) -> None:
    registers.change(store, DecisionRow, decision_id, enum_values(draft), expected_version)


@retried
def remove_decision(store: Store, decision_id: int) -> dict[str, Any]:
    return registers.delete(store, DecisionRow, decision_id)


@retried
def restore_decision(store: Store, kept: dict[str, Any]) -> None:
    registers.put_back(store, DecisionRow, kept)
