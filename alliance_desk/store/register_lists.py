"""The risk register and the decision log a page at a time: sorted and filtered in SQL, their
heat map and counts as GROUP BY and COUNT, so "All alliances" costs a page however many
thousands of risks and decisions the portfolio holds."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Integer, Select, bindparam, case, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from alliance_desk.core.risks import Decision, DecisionStatus, Risk
from alliance_desk.store import risks
from alliance_desk.store.database import Store
from alliance_desk.store.kept import Kept
from alliance_desk.store.models import AllianceRow, DecisionRow, RiskRow, table
from alliance_desk.store.paging import (
    PAGE,
    Order,
    Page,
    Paged,
    days_between,
    offset_page,
    ordering,
    read_page,
    text_key,
)

# The sorts each register offers, in the order of its columns on screen (the alliance's
# name, on "All alliances", last).
RISK_SORTS = (
    "title",
    "category",
    "score",
    "rating",
    "status",
    "next_review",
    "mitigation",
    "alliance",
)
DECISION_SORTS = ("title", "decided", "days_to_decide", "forum", "status", "review", "alliance")


def _live(rows) -> Select:
    alliances = table(AllianceRow)
    return (
        select(rows)
        .join_from(rows, alliances, alliances.c.id == rows.c.alliance_id)
        .where(alliances.c.deleted_at.is_(None))
    )


def _scoped(query: Select, rows, alliance_id: int | None) -> Select:
    return query if alliance_id is None else query.where(rows.c.alliance_id == alliance_id)


def score(rows) -> ColumnElement:
    """A risk's score as migration 0025 indexes it: likelihood × impact."""
    return rows.c.likelihood * rows.c.impact


def _risk_key(session: Session, column: str, rows) -> ColumnElement:
    keys: dict[str, Callable[[], Any]] = {
        "title": lambda: text_key(session, rows.c.title),
        "category": lambda: rows.c.category,
        "score": lambda: score(rows),
        "rating": lambda: rows.c.likelihood * 10 + rows.c.impact,
        "status": lambda: rows.c.status,
        "next_review": lambda: rows.c.next_review,
        "mitigation": lambda: text_key(session, rows.c.mitigation),
        "alliance": lambda: text_key(session, table(AllianceRow).c.name),  # joined by _live
    }
    return keys[column]()


def _decision_key(session: Session, column: str, rows) -> ColumnElement:
    waited = days_between(session, rows.c.raised_on, rows.c.decided_on)
    keys: dict[str, Callable[[], Any]] = {
        "title": lambda: text_key(session, rows.c.title),
        "decided": lambda: rows.c.decided_on,
        "days_to_decide": lambda: case((waited < 0, 0), else_=waited),
        "forum": lambda: text_key(session, rows.c.forum),
        "status": lambda: rows.c.status,
        "review": lambda: rows.c.review_date,
        "alliance": lambda: text_key(session, table(AllianceRow).c.name),  # joined by _live
    }
    return keys[column]()


# The risk page's statements, built once a backend, order and scope (a risk page after an
# edit spent a fifth of its time building and keying them again).
_RISK_PAGES: Kept[Paged] = Kept(32)


def risk_page(
    store: Store,
    alliance_id: int | None,
    order: Order,
    *,
    cursor: Any = None,
    limit: int = PAGE,
    until: int | None = None,
    history: bool = False,
) -> Page[Risk] | None:
    """Risks of live alliances (one, or all) in `order` (one of `RISK_SORTS`), a page from
    `cursor`; with `until`, read up to that risk (None: not listed). Without their rating
    history unless asked (`history`): the register shows none — the packs read it — and on
    the team store a member's ratings check every risk's row security once more (9 ms of a
    page at ten times the heavy portfolio)."""
    if order.column not in RISK_SORTS:
        raise ValueError(f"The risk register cannot sort by {order.column!r}.")
    rows = table(RiskRow)
    with store.read() as session:

        def build() -> Paged:
            key = _risk_key(session, order.column, rows)
            query = _live(rows)
            if alliance_id is not None:
                query = query.where(rows.c.alliance_id == bindparam("alliance", type_=Integer))
            return Paged.of(query, ordering([key, rows.c.id], order.descending), rows.c.id)

        dialect = session.get_bind().dialect.name
        paged = _RISK_PAGES.get((dialect, order, alliance_id is None), build)
        values = {"alliance": alliance_id} if alliance_id is not None else None
        page = read_page(session, paged, lambda row: row, cursor, limit, until, values)
        if page is None:
            return None
        # The page's rows are whole risks: only their ratings (if asked) are read besides.
        return Page(risks.risks_of(session, page.rows, history=history), page.cursor, page.more)


def _stalled(rows, today: date, days: int) -> list[ColumnElement]:
    """Not implemented more than `days` after it was taken (core.risks.not_implemented)."""
    return [
        rows.c.status != DecisionStatus.IMPLEMENTED.value,
        rows.c.decided_on < today - timedelta(days=days),
    ]


def decision_page(
    store: Store,
    alliance_id: int | None,
    order: Order,
    *,
    stalled: tuple[date, int] | None = None,
    cursor: Any = None,
    limit: int = PAGE,
    until: int | None = None,
) -> Page[Decision] | None:
    """Decisions of live alliances (one, or all) in `order` (one of `DECISION_SORTS`);
    `stalled` (today, days): only those not implemented that many days after."""
    if order.column not in DECISION_SORTS:
        raise ValueError(f"The decision log cannot sort by {order.column!r}.")
    rows = table(DecisionRow)
    query = _scoped(_live(rows), rows, alliance_id)
    if stalled is not None:
        query = query.where(*_stalled(rows, *stalled))
    with store.read() as session:
        key = _decision_key(session, order.column, rows)
        # Open questions (no day decided) lead by the day decided, either way, as they do
        # in store.risks.list_decisions: what is still to decide comes before what was.
        by_day = order.column == "decided"
        return offset_page(
            session,
            query,
            ordering([key, rows.c.id], order.descending, empty_first=by_day),
            rows.c.id,
            risks.decision_of,
            cursor,
            limit,
            until,
        )


def stalled_count(store: Store, alliance_id: int | None, today: date, days: int) -> int:
    """How many decisions are not implemented `days` after they were taken."""
    rows = table(DecisionRow)
    query = _scoped(_live(rows), rows, alliance_id).where(*_stalled(rows, today, days))
    with store.read() as session:
        return session.execute(query.with_only_columns(func.count())).scalar_one()
