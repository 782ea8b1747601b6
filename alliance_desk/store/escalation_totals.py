"""The escalation log's heading: the cost of time of the open issues in scope, their ages per
alliance and the count of every issue, whatever the log's filters. Across the portfolio each
alliance's sums are kept until its escalations change (store/alliance_counts.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple

from sqlalchemy import CompoundSelect, Select, case, func, literal, select, union_all

from alliance_desk.core.business_days import SlaPolicy
from alliance_desk.core.escalation_ages import AGE_BUCKETS, CostOfTime
from alliance_desk.store import alliance_counts, batch, change_counts
from alliance_desk.store.database import Store
from alliance_desk.store.escalation_log import LogFilter, kept_statement, late, scoped
from alliance_desk.store.escalation_streams import ACTIVE, Clock
from alliance_desk.store.models import AllianceRow, EscalationRow, table


@dataclass(frozen=True)
class LogTotals:
    """What the log's heading says of every escalation in scope, whatever the filters."""

    count: int
    cost: CostOfTime
    ages: dict[str, dict[str, int]]  # open ones per alliance name, by age bucket


def lists_the_open(shown: LogFilter) -> bool:
    """Whether the log as `shown` lists the open issues in its scope and nothing else (its
    filters as they start): `log_totals`' open count is then how many it lists."""
    return shown == LogFilter(alliance_id=shown.alliance_id)


# An open issue has no end yet (reopening clears it): its age runs to today. Each bounded age
# bucket is counted as how many were raised since its first day (the next bucket's count is
# the difference): grouped by status and alliance, in the order of the open totals' index, no
# row is sorted (a third of the time at ten times the heavy portfolio).
_BOUNDED = sorted((high, label) for _low, high, label in AGE_BUCKETS if high is not None)
_LABELS = [label for _high, label in _BOUNDED] + [AGE_BUCKETS[-1][2]]  # the last: the rest


class _Sums(NamedTuple):
    """One alliance's (or one scope's) part of the heading."""

    alliance_id: int
    ages: dict[str, dict[str, int]]
    open_count: int
    delay: int
    value: float
    past: int
    every: int  # issues of any status


def _summed(alliance_id: int, rows: Iterable[Any], every: int) -> _Sums:
    """The sums of `_totals`' rows of the open issues (a status's rows after the other's)."""
    ages: dict[str, dict[str, int]] = {}
    open_count = delay = past = 0
    value = 0.0
    for _id, count, *counts, delay_days, at_stake, past_sla, name, _every in rows:
        buckets = ages.setdefault(name, {label: 0 for *_, label in AGE_BUCKETS})
        held = 0  # raised since the first day of the buckets so far
        for label, raised in zip(_LABELS, [*counts, count], strict=True):
            buckets[label] += raised - held
            held = raised
        open_count, delay, value = open_count + count, delay + delay_days, value + at_stake
        past += past_sla
    return _Sums(alliance_id, ages, open_count, int(delay), float(value), past, every)


def log_totals(
    store: Store, alliance_id: int | None, *, today: date, policy: SlaPolicy
) -> LogTotals:
    """Counts and sums of the open issues (by their status index), per alliance and age,
    with the count of every issue in scope."""
    clock = Clock(today, policy)
    if alliance_id is None:
        parts = _portfolio_totals(store, clock)
    else:
        scope = LogFilter(alliance_id=alliance_id)
        with store.read() as session:
            query, everything = kept_statement(
                session, ("totals", scope.shape(), clock), lambda: _totals(scope, clock)
            )
            found = list(session.execute(query, scope.values()).all())
            total = (
                found[0][-1] if found else session.execute(everything, scope.values()).scalar_one()
            )
        parts = [_summed(alliance_id, found, int(total))]
    ages: dict[str, dict[str, int]] = {}
    for part in parts:  # by alliance: each part's buckets are its own (kept), merged anew
        for name, buckets in part.ages.items():
            seen = ages.get(name)
            ages[name] = buckets if seen is None else {k: seen[k] + buckets[k] for k in seen}
    cost = CostOfTime(
        sum(p.open_count for p in parts),
        sum(p.delay for p in parts),
        float(sum(p.value for p in parts)),
        sum(p.past for p in parts),
    )
    return LogTotals(sum(p.every for p in parts), cost, ages)


def _portfolio_totals(store: Store, clock: Clock) -> list[_Sums]:
    """Each alliance's sums of its open issues and its count of every issue, by alliance, kept
    until its escalations change (store/alliance_counts.py, migration 0040: an issue edited,
    only its alliance's are read and summed again). Counting the whole log again after each
    edit took 11–22 ms on the team store at ten times (row security checks each issue for a
    member), and summing every alliance's rows in Python again ≈ 5 ms."""
    scope = LogFilter()
    with store.read() as session:
        dialect = session.get_bind().dialect.name
        query, _everything = kept_statement(
            session, ("totals", scope.shape(), clock), lambda: _totals(scope, clock)
        )
        head = batch.prepared(
            session,
            ("log totals", clock),
            lambda: {"counters": change_counts.counters_query(dialect)},
        ).run(session)

        def read(ids: Sequence[int] | None) -> list[_Sums]:
            if ids is None:
                rows = session.execute(query).all()
            else:
                chosen, _ = kept_statement(
                    session, ("totals of", clock), lambda: _totals(scope, clock, chosen=True)
                )
                rows = session.execute(chosen, {"alliances": list(ids)}).all()
            grouped: dict[int, list[Any]] = {}
            for row in rows:
                grouped.setdefault(row[0], []).append(tuple(row))
            return [
                # its open rows (n > 0), and its count of every issue (the row with n = 0)
                _summed(a, [r for r in found if r[1]], sum(int(r[-1]) for r in found))
                for a, found in grouped.items()
            ]

        kept = alliance_counts.by_alliance(
            store, ("log totals", clock), head["counters"], "escalations", read
        )
    return sorted(kept, key=lambda part: part.alliance_id)


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

    each = scoped(
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
    open_ones = scoped(
        select(
            issues.c.alliance_id,
            func.count().label("n"),
            *raised_since,
            func.coalesce(func.sum(issues.c.delay_days), 0).label("delay"),
            func.coalesce(func.sum(issues.c.value_at_stake), 0).label("at_stake"),
            func.count(case((late(clock, issues), 1))).label("past"),  # of the active
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
