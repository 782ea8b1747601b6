"""The escalation log a page at a time: filtered, sorted and counted in SQL. Its default
order, by service level (past their SLA first, then by trigger date), is merged from streams
(`escalation_streams`); every other order is one ORDER BY."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    Select,
    and_,
    bindparam,
    case,
    func,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from alliance_desk.core.business_days import SlaPolicy
from alliance_desk.core.escalations import Escalation, Severity
from alliance_desk.store.database import Store
from alliance_desk.store.escalation_streams import (
    ACTIVE,
    LEVELS,
    PINNED,
    Clock,
    Merged,
    merged_page,
    statuses_of,
)
from alliance_desk.store.escalations import escalation_of, log_select
from alliance_desk.store.kept import Kept
from alliance_desk.store.models import AllianceRow, EscalationRow, table
from alliance_desk.store.paging import (
    PAGE,
    Order,
    Page,
    Paged,
    contains,
    days_between,
    needle,
    ordering,
    read_page,
    text_key,
)

MERGED = ("sla", "trigger")  # orders merged from streams; every other is one ORDER BY
COLUMNS = (
    "title",
    "sla",
    "level",
    "days_open",
    "alliance",
    "severity",
    "category",
    "status",
    "raised",
    "at_level",
    "trigger",
    "owner",
)


@dataclass(frozen=True)
class LogFilter:
    """What the log shows: of one alliance (None: all), matching `text` (in the title, the
    alliance's name or the description), of a category, a level, a status ("active": open
    and escalated; None: any), only past their SLA; `pinned` is listed whatever the rest
    says (the issue being worked on stays in view until the filters change)."""

    alliance_id: int | None = None
    text: str = ""
    category: str | None = None
    level: int | None = None
    status: str | None = "active"
    past_only: bool = False
    pinned: int | None = None

    def shape(self) -> tuple[Any, ...]:
        """What the log's statements for these filters are built of: which filters are set,
        and the level and status (which streams a merged order reads). The values set are
        bound parameters (`values`): a statement built for one text serves any."""
        return (self.alliance_id is None, self.category is None, not self.text.strip(),
                self.level, self.status, self.past_only, self.pinned is None)  # fmt: skip

    def values(self) -> dict[str, Any]:
        """The values of the bound parameters the log's statements are built with."""
        return {
            "alliance_id": self.alliance_id,
            "category": self.category,
            "needle": self.text.strip(),
            "pinned": self.pinned,
        }


# The log's statements, built once for a shape of filters, an order, a day and service levels
# on an engine, then only run: the merged order alone is about a hundred expressions.
_KEPT: Kept[Any] = Kept(64)


def kept_statement(session: Session, key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
    return _KEPT.get((session.get_bind().dialect.name, *key), make)


def _past(clock: Clock, issues) -> ColumnElement:
    return and_(issues.c.status.in_(ACTIVE), late(clock, issues))


def late(clock: Clock, issues) -> ColumnElement:
    """At its level since before the day its SLA passed (past it, when the issue is active)."""
    return or_(*(and_(issues.c.level == n, issues.c.level_since <= clock.cut(n)) for n in LEVELS))


def scoped(query, shown: LogFilter, issues):
    if shown.alliance_id is not None:
        query = query.where(issues.c.alliance_id == bindparam("alliance_id"))
    return query


def _others(session: Session, shown: LogFilter, clock: Clock, issues, alliances) -> list:
    """The filters other than status and level (which the streams apply themselves)."""
    terms: list[ColumnElement] = []
    if shown.category is not None:
        terms.append(issues.c.category == bindparam("category"))
    if shown.past_only:
        terms.append(_past(clock, issues))
    if shown.text.strip():
        haystack = issues.c.title + " " + alliances.c.name + " " + issues.c.description
        terms.append(contains(session, haystack, needle("needle")))
    return terms


def _where(session: Session, shown: LogFilter, clock: Clock, issues, alliances) -> ColumnElement:
    terms = _others(session, shown, clock, issues, alliances)
    terms.append(issues.c.status.in_(statuses_of(shown)))
    if shown.level is not None:
        terms.append(issues.c.level == shown.level)
    listed = and_(true(), *terms)
    return or_(listed, issues.c.id == PINNED) if shown.pinned is not None else listed


# -- plain orders ---------------------------------------------------------------------------------


def _sort_keys(session: Session, column: str, clock: Clock, issues, alliances, owner_name):
    end = func.coalesce(issues.c.resolved_on, issues.c.closed_on, clock.today)
    severity = case({s.value: s.rank for s in Severity}, value=issues.c.severity, else_=-1)
    return {
        "title": lambda: text_key(session, issues.c.title),
        "level": lambda: issues.c.level,
        "days_open": lambda: days_between(session, issues.c.raised_on, end),
        "alliance": lambda: text_key(session, alliances.c.name),
        "severity": lambda: severity,
        "category": lambda: issues.c.category,
        "status": lambda: issues.c.status,
        "raised": lambda: issues.c.raised_on,
        "at_level": lambda: days_between(session, issues.c.level_since, end),
        "owner": lambda: text_key(session, func.coalesce(owner_name, "")),
    }[column]()


# -- the public functions ------------------------------------------------------------------------


def log_page(
    store: Store,
    shown: LogFilter,
    order: Order,
    *,
    today: date,
    policy: SlaPolicy,
    cursor: Any = None,
    limit: int = PAGE,
    until: int | None = None,
) -> Page[Escalation] | None:
    """Up to `limit` escalations of the log as `shown` and sorted by `order` (one of
    `COLUMNS`), from `cursor` (what the previous page returned; None: the start). `until`:
    an escalation that must be among them (the log reads up to it); None when the filters
    hide it. On live alliances only."""
    if order.column not in COLUMNS:
        raise ValueError(f"The log cannot sort by {order.column!r}.")
    clock = Clock(today, policy)
    key = (order, shown.shape(), clock)
    with store.read() as session:
        if order.column in MERGED:
            merged = kept_statement(
                session, ("merged", *key), lambda: _merged(session, shown, order, clock)
            )
            return merged_page(session, merged, shown, order, clock, cursor, limit, until)
        paged = kept_statement(
            session, ("paged", *key), lambda: _paged(session, shown, order, clock)
        )
        return read_page(session, paged, _escalation, cursor, limit, until, shown.values())


def _merged(session: Session, shown: LogFilter, order: Order, clock: Clock) -> Merged:
    issues, alliances = table(EscalationRow), table(AllianceRow)
    listed = and_(true(), *_others(session, shown, clock, issues, alliances))
    base = scoped(log_select(), shown, issues)
    keys = _keys_from(session, shown, issues, alliances)
    return Merged(base, issues, listed, shown, order, clock, keys_from=keys)


def _keys_from(session: Session, shown: LogFilter, issues, alliances) -> Select | None:
    """Where the merged order's streams read their keys on the team store: the escalations on
    the live alliances, named once for the whole statement. Each of the (up to 16) streams
    joined the alliances itself, and under row security each join checked the policy again
    and made the statement dearer to plan: as a member at ten times, planning 7.2 → 4.1 ms
    and running 14.9 → 13.3 ms, two such statements a showing. On the file (no row
    security; the log's index plan joins as it is) and when the filters read the alliance's
    name (the text filter): None, the log's own statement."""
    if session.get_bind().dialect.name != "postgresql" or shown.text.strip():
        return None
    live = select(alliances.c.id).where(alliances.c.deleted_at.is_(None)).cte("live")
    chosen = select(issues.c.id).where(issues.c.alliance_id.in_(select(live.c.id)))
    return scoped(chosen, shown, issues)


def _paged(session: Session, shown: LogFilter, order: Order, clock: Clock) -> Paged:
    issues, alliances = table(EscalationRow), table(AllianceRow)
    query = scoped(log_select(), shown, issues)
    query = query.where(_where(session, shown, clock, issues, alliances))
    owner_name = query.selected_columns.owner_name
    key = _sort_keys(session, order.column, clock, issues, alliances, owner_name)
    return Paged.of(query, ordering([key, issues.c.id], order.descending), issues.c.id)


def _escalation(row: Any) -> Escalation:
    return escalation_of(row._mapping)


def log_count(store: Store, shown: LogFilter, *, today: date, policy: SlaPolicy) -> int:
    """How many escalations the log lists as `shown`."""
    clock = Clock(today, policy)
    with store.read() as session:
        query = kept_statement(
            session, ("count", shown.shape(), clock), lambda: _count(session, shown, clock)
        )
        return session.execute(query, shown.values()).scalar_one()


def _count(session: Session, shown: LogFilter, clock: Clock) -> Select:
    issues, alliances = table(EscalationRow), table(AllianceRow)
    query = scoped(
        select(func.count())
        .select_from(issues)
        .join(alliances, alliances.c.id == issues.c.alliance_id)
        .where(alliances.c.deleted_at.is_(None)),
        shown,
        issues,
    )
    return query.where(_where(session, shown, clock, issues, alliances))
