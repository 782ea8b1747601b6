"""The escalation log a page at a time: filtered, sorted and counted in SQL. Its default
order, by service level (past their SLA first, then by trigger date), is merged from streams
(`escalation_streams`); every other order is one ORDER BY."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple

from sqlalchemy import (
    CompoundSelect,
    Select,
    and_,
    bindparam,
    case,
    func,
    literal,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from alliance_desk.core.business_days import SlaPolicy
from alliance_desk.core.escalation_ages import AGE_BUCKETS, CostOfTime
from alliance_desk.core.escalations import Escalation, Severity
from alliance_desk.store import alliance_counts, batch, change_counts
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


def _kept(session: Session, key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
    return _KEPT.get((session.get_bind().dialect.name, *key), make)


def _past(clock: Clock, issues) -> ColumnElement:
    return and_(issues.c.status.in_(ACTIVE), _late(clock, issues))


def _late(clock: Clock, issues) -> ColumnElement:
    """At its level since before the day its SLA passed (past it, when the issue is active)."""
    return or_(*(and_(issues.c.level == n, issues.c.level_since <= clock.cut(n)) for n in LEVELS))


def _scope(query, shown: LogFilter, issues):
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
            merged = _kept(session, ("merged", *key), lambda: _merged(session, shown, order, clock))
            return merged_page(session, merged, shown, order, clock, cursor, limit, until)
        paged = _kept(session, ("paged", *key), lambda: _paged(session, shown, order, clock))
        return read_page(session, paged, _escalation, cursor, limit, until, shown.values())


def _merged(session: Session, shown: LogFilter, order: Order, clock: Clock) -> Merged:
    issues, alliances = table(EscalationRow), table(AllianceRow)
    listed = and_(true(), *_others(session, shown, clock, issues, alliances))
    base = _scope(log_select(), shown, issues)
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
    return _scope(chosen, shown, issues)


def _paged(session: Session, shown: LogFilter, order: Order, clock: Clock) -> Paged:
    issues, alliances = table(EscalationRow), table(AllianceRow)
    query = _scope(log_select(), shown, issues)
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
        query = _kept(
            session, ("count", shown.shape(), clock), lambda: _count(session, shown, clock)
        )
        return session.execute(query, shown.values()).scalar_one()


def _count(session: Session, shown: LogFilter, clock: Clock) -> Select:
    issues, alliances = table(EscalationRow), table(AllianceRow)
    query = _scope(
        select(func.count())
        .select_from(issues)
        .join(alliances, alliances.c.id == issues.c.alliance_id)
        .where(alliances.c.deleted_at.is_(None)),
        shown,
        issues,
    )
    return query.where(_where(session, shown, clock, issues, alliances))


def lists_the_open(shown: LogFilter) -> bool:
    """Whether the log as `shown` lists the open issues in its scope and nothing else (its
    filters as they start): `log_totals`' open count is then how many it lists."""
    return shown == LogFilter(alliance_id=shown.alliance_id)


@dataclass(frozen=True)
class LogTotals:
    """What the log's heading says of every escalation in scope, whatever the filters."""

    count: int
    cost: CostOfTime
    ages: dict[str, dict[str, int]]  # open ones per alliance name, by age bucket


# An open issue has no end yet (reopening clears it): its age runs to today. Each bounded age
# bucket is counted as how many were raised since its first day (the next bucket's count is
# the difference): grouped by status and alliance, in the order of the open totals' index, no
# row is sorted (a third of the time at ten times the heavy portfolio).
_BOUNDED = sorted((high, label) for _low, high, label in AGE_BUCKETS if high is not None)
_LABELS = [label for _high, label in _BOUNDED] + [AGE_BUCKETS[-1][2]]  # the last: the rest


def log_totals(
    store: Store, alliance_id: int | None, *, today: date, policy: SlaPolicy
) -> LogTotals:
    """Counts and sums of the open issues (by their status index), per alliance and age,
    with the count of every issue in scope: one statement (two when none is open)."""
    clock = Clock(today, policy)
    scope = LogFilter(alliance_id=alliance_id)
    if alliance_id is None:
        found, total = _portfolio_totals(store, clock)
    else:
        with store.read() as session:
            query, everything = _kept(
                session, ("totals", scope.shape(), clock), lambda: _totals(scope, clock)
            )
            found = list(session.execute(query, scope.values()).all())
            total = (
                found[0][-1] if found else session.execute(everything, scope.values()).scalar_one()
            )
    ages: dict[str, dict[str, int]] = {}
    open_count = delay = past = 0
    value = 0.0
    # By alliance, as the rows came when they were grouped by alliance: a status's rows
    # follow the other's now.
    for _id, count, *counts, delay_days, at_stake, past_sla, name, _total in sorted(
        found, key=lambda row: row[0]
    ):
        buckets = ages.setdefault(name, {label: 0 for *_, label in AGE_BUCKETS})
        held = 0  # raised since the first day of the buckets so far
        for label, raised in zip(_LABELS, [*counts, count], strict=True):
            buckets[label] += raised - held
            held = raised
        open_count, delay, value = open_count + count, delay + delay_days, value + at_stake
        past += past_sla
    return LogTotals(total, CostOfTime(open_count, int(delay), float(value), past), ages)


class _OfAlliance(NamedTuple):
    alliance_id: int
    rows: tuple[Any, ...]  # its statuses' rows of `_totals`, and its count of every issue


def _portfolio_totals(store: Store, clock: Clock) -> tuple[list[Any], int]:
    """The open issues' rows of `_totals` across the portfolio, each alliance's kept until
    its escalations change (store/alliance_counts.py, migration 0040: an issue edited, only
    its alliance's are summed again, ≈ 10 ms less at ten times the heavy portfolio), and the
    count of every issue — summed from each alliance's own count, kept alike: counting the
    whole log again after each edit took 11–22 ms on the team store at ten times (row
    security checks each issue for a member)."""
    scope = LogFilter()
    with store.read() as session:
        dialect = session.get_bind().dialect.name
        query, _everything = _kept(
            session, ("totals", scope.shape(), clock), lambda: _totals(scope, clock)
        )
        head = batch.prepared(
            session,
            ("log totals", clock),
            lambda: {"counters": change_counts.counters_query(dialect)},
        ).run(session)

        def read(ids: Sequence[int] | None) -> list[_OfAlliance]:
            if ids is None:
                rows = session.execute(query).all()
            else:
                chosen, _ = _kept(
                    session, ("totals of", clock), lambda: _totals(scope, clock, chosen=True)
                )
                rows = session.execute(chosen, {"alliances": list(ids)}).all()
            grouped: dict[int, list[Any]] = {}
            for row in rows:
                grouped.setdefault(row[0], []).append(tuple(row))
            return [_OfAlliance(a, tuple(found)) for a, found in grouped.items()]

        kept = alliance_counts.by_alliance(
            store, ("log totals", clock), head["counters"], "escalations", read
        )
    rows = [row for alliance in kept for row in alliance.rows]
    return [row for row in rows if row[1]], sum(int(row[-1]) for row in rows)


def _totals(scope: LogFilter, clock: Clock, *, chosen: bool = False) -> tuple[Select, Select]:
    """`log_totals`' statement, and the count of every issue in scope alone (`chosen`: only
    the issues of the alliances given as the ids `alliances`). Across the portfolio each
    alliance also has a row counting every issue it has (open or not: 0 open ones, the
    count last); in one alliance's scope every row ends with the count of every issue."""
    issues, alliances = table(EscalationRow), table(AllianceRow)

    def named(per_alliance: Select | CompoundSelect, *columns, last: str = "") -> Select:
        """`columns` of `per_alliance` (a query grouped by alliance) for alliances not
        deleted, then (with `last`) the alliance's name and that column: each alliance is
        looked up once, not once per issue."""
        grouped = per_alliance.subquery()
        ending = (alliances.c.name, grouped.c[last]) if last else ()
        return (
            select(*(grouped.c[name] for name in columns), *ending)
            .join_from(grouped, alliances, alliances.c.id == grouped.c.alliance_id)
            .where(alliances.c.deleted_at.is_(None))
        )

    each = _scope(
        select(issues.c.alliance_id, func.count().label("n")).group_by(issues.c.alliance_id),
        scope,
        issues,
    )
    among = (batch.among(issues.c.alliance_id, batch.ids("alliances")),) if chosen else ()
    everything = select(func.coalesce(func.sum(named(each, "n").subquery().c.n), 0))
    since = [f"since_{days}" for days, _label in _BOUNDED]
    raised_since = (
        func.count(case((issues.c.raised_on >= clock.today - timedelta(days=days), 1))).label(name)
        for (days, _label), name in zip(_BOUNDED, since, strict=True)
    )
    open_ones = _scope(
        select(
            issues.c.alliance_id,
            func.count().label("n"),
            *raised_since,
            func.coalesce(func.sum(issues.c.delay_days), 0).label("delay"),
            func.coalesce(func.sum(issues.c.value_at_stake), 0).label("at_stake"),
            func.count(case((_late(clock, issues), 1))).label("past"),  # of the active
        ).where(issues.c.status.in_(ACTIVE), *among),
        scope,
        issues,
    ).group_by(issues.c.status, issues.c.alliance_id)
    sums = ("alliance_id", "n", *since, "delay", "at_stake", "past")
    if scope.alliance_id is not None:
        return named(open_ones, *sums).add_columns(
            alliances.c.name, everything.scalar_subquery()
        ), everything
    zero = literal(0)
    counted = each.with_only_columns(
        issues.c.alliance_id, *(zero.label(name) for name in sums[1:]), func.count()
    ).where(*among)
    per_alliance = union_all(open_ones.add_columns(zero.label("every")), counted)
    return named(per_alliance, *sums, last="every"), everything
