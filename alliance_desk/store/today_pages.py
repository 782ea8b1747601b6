"""Today's bulk tasks as core's `RankedSource` (core/ranked.py): how many there are, from the
counts read once (store/today_counts.py), and the first `n` of them read in order, exactly
ranked, as far down as the list is read. Only the tasks of alliances heavy enough to reach a
first bound on the `n`-th best score are scored (`StoreRanking._picked`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property
from typing import Any

from sqlalchemy import Float, bindparam, func, literal, select
from sqlalchemy.sql import Select

from alliance_desk.core.escalations import Severity
from alliance_desk.core.ranked import TaskEntry, matches
from alliance_desk.core.tasks import call_entry, decision_entry, escalation_entry, review_entry
from alliance_desk.store import batch, calls_due, escalations, fence, risks, top_kept
from alliance_desk.store.database import Store
from alliance_desk.store.today_rank import (
    KINDS,
    LATE_DAYS,
    MARGIN,
    Counts,
    Plan,
    _candidates,
    built,
    escalation_candidates,
    plan_key,
    weighed,
)

HEAVY = 5  # the first bound on the n-th best score is read from 5 n tasks (fewer: too low a bound)


def _most(plan: Plan) -> dict[str, float]:
    """The greatest urgency × importance a task of each kind can have (core/tasks.py's
    scores): its score is at most this times its alliance's weight."""
    levels = len(plan.policy.sla.days) - 1
    importance = {
        "escalation": 1.2 + 0.2 * levels + 0.2 * max(s.rank for s in Severity),
        "risk": 0.8 + 25 / 25,
        "decision": 1.0,
        "call": 1.0,
    }
    return {kind: (1.0 + LATE_DAYS / 10) * most * 1.000001 for kind, most in importance.items()}


@dataclass(frozen=True)
class StoreRanking:
    """The bulk tasks of one list of Today (to do or snoozed; maybe one kind, maybe only the
    late ones), as core's `RankedSource`: counted from the counts read once, read in order
    as far down as the list is read."""

    store: Store
    plan: Plan
    counts: Counts
    asleep: bool
    kind: str | None = None
    late: bool = False
    # The counts by (kind, late, snoozed), each by alliance: worked out once from `counts` and
    # shared by every variant (`only`), which picks at most sixteen of them.
    groups: Mapping[tuple[str, int, int], Mapping[int, int]] | None = None
    # The tables' change counters, read before the counts (store/change_counts.py): the
    # tasks picked are kept with them, until a table the ranking reads changes.
    counters: Mapping[str, int] | None = None

    def __post_init__(self) -> None:
        if self.groups is None:
            object.__setattr__(self, "groups", grouped(self.counts))

    @cached_property
    def _chosen(self) -> list[Mapping[int, int]]:
        """The groups of counts these tasks are."""
        return [
            by_alliance
            for (kind, late, asleep), by_alliance in (self.groups or {}).items()
            if asleep == int(self.asleep)
            and (self.kind is None or kind == self.kind)
            and (not self.late or late == 1)
        ]

    @cached_property
    def by_alliance(self) -> dict[int, int]:
        """How many of these tasks each alliance holds (calls and risk reviews; the counts
        hold escalations and decisions under 0, not by alliance)."""
        found: dict[int, int] = {}
        for group in self._chosen:
            for alliance_id, n in group.items():
                found[alliance_id] = found.get(alliance_id, 0) + n
        return found

    @cached_property
    def count(self) -> int:
        return sum(sum(group.values()) for group in self._chosen)

    def tally(self, kind: str | None = None, *, late: bool = False) -> int:
        return self.only(kind, late=late).count if kind or late else self.count

    def only(self, kind: str | None = None, *, late: bool = False) -> StoreRanking:
        if kind is not None and self.kind is not None and kind != self.kind:
            return replace(self, counts={}, groups={})
        return replace(self, kind=kind or self.kind, late=late or self.late)

    def top(self, count: int) -> list[TaskEntry]:
        """The first `count` of these tasks, exactly ranked (two statements; the snoozed ones,
        few and known by their keys, in one)."""
        if count <= 0 or not self.count:
            return []
        if self.asleep:
            entries = [
                e
                for e in self._entries(self.plan.asleep())
                if matches(e, self.kind, self.late, self.plan.today)
            ]
            entries.sort()
            return entries[:count]
        plan, snoozed = self.plan, self.plan.asleep()
        key = ("today top", *plan_key(plan, snoozed), self.kind, self.late, count)
        found = top_kept.top_rows(
            self.store,
            key,
            self.counters,
            count,
            MARGIN,
            lambda: self._ranked(count),
            self._moved,
        )
        ids = {kind: [row[1] for row in found if row[0] == kind] for kind in KINDS}
        entries = self._entries(ids)
        entries.sort()
        return entries[:count]

    def _ranked(self, count: int) -> list[top_kept.Picked]:
        """Every task that may be among the first `count`, as the database ranks them now
        (one statement)."""
        plan, snoozed = self.plan, self.plan.asleep()
        picked = built(
            (plan, snoozed, "top", self.kind, self.late, count), lambda: self._picked(count)
        )
        with self.store.read() as session:
            found = session.execute(picked, {"heavy": self._heaviest(HEAVY * count)}).all()
        return [(kind, i, alliance_id, score) for kind, i, alliance_id, score in found]

    def _moved(self, alliances: list[int], least: float) -> list[top_kept.Picked]:
        """These tasks' escalations on `alliances` scoring at least `least` (one statement)."""
        plan, snoozed = self.plan, self.plan.asleep()

        def make() -> Select[Any]:
            near = escalation_candidates(plan, snoozed, batch.ids("moved"))
            columns = (near.c.kind, near.c.id, near.c.alliance_id, near.c.score)
            least = bindparam("least", type_=Float)
            return select(*columns).where(*self._these(near), near.c.score >= least)

        chosen = built((plan, snoozed, "moved", self.kind, self.late), make)
        with self.store.read() as session:
            found = session.execute(chosen, {"moved": alliances, "least": least}).all()
        return [(kind, i, alliance_id, score) for kind, i, alliance_id, score in found]

    def _these(self, ranked: Any) -> tuple[Any, ...]:
        """The conditions picking these tasks among the candidates (`today_rank._candidates`)."""
        chosen: tuple[Any, ...] = (ranked.c.snoozed == int(self.asleep),)
        if self.kind is not None:
            chosen += (ranked.c.kind == self.kind,)
        if self.late:
            chosen += (ranked.c.late == 1,)
        return chosen

    def _picked(self, count: int) -> Select[Any]:
        """(kind, id, alliance id, score) of every task that may be among the first `count`
        (see `top`; kept by store/top_kept.py)."""
        plan, snoozed = self.plan, self.plan.asleep()
        these = self._these

        # A first bound on the n-th best score: the n-th best of the heaviest alliances'
        # tasks. An alliance too light to reach it with a task of the greatest urgency and
        # importance of its kind holds none of the first n: only the others' are scored.
        heavy: Any = batch.ids("heavy")
        weights = weighed(plan)  # one for the whole statement
        near = _candidates(plan, snoozed, True, {kind: heavy for kind in KINDS}, weights)
        first = (
            select(near.c.score)
            .where(*these(near))
            .order_by(near.c.score.desc())
            .limit(fence.limit(1))
            .offset(count - 1)
            .scalar_subquery()
        )
        # Named once (a CTE): written into each kind's condition, the heavy alliances' whole
        # scoring was compiled, and run, once for each kind.
        bound = select((func.coalesce(first, literal(-1.0)) - MARGIN).label("floor")).cte("bound")
        floor = select(bound.c.floor).scalar_subquery()
        most = _most(plan)
        strong = {
            kind: select(weights.c.id).where(weights.c.weight * most[kind] >= floor)
            for kind in KINDS
        }
        ranked = _candidates(plan, snoozed, True, strong, weights)
        # Materialized: read once for the n-th best score and once for the rows above it.
        chosen = select(ranked).where(*these(ranked)).cte("these").prefix_with("MATERIALIZED")
        edge = (
            select(chosen.c.score)
            .order_by(chosen.c.score.desc())
            .limit(fence.limit(1))
            .offset(count - 1)
        ).scalar_subquery()
        return select(chosen.c.kind, chosen.c.id, chosen.c.alliance_id, chosen.c.score).where(
            chosen.c.score >= func.coalesce(edge, literal(top_kept.NONE)) - MARGIN
        )

    def _heaviest(self, count: int) -> list[int]:
        """The heaviest alliances holding `count` of these tasks between them, as far as the
        counts say by alliance (all of them if fewer): where the first bound is read. Any
        choice gives a true bound; a good one gives a high bound, so few tasks are scored."""
        weights, held = self.plan.weights, self.by_alliance
        chosen, found = [], 0
        for alliance_id in sorted(held, key=lambda a: -weights.get(a, 0.0)):
            chosen.append(alliance_id)
            found += held[alliance_id]
            if found >= count:
                break
        return chosen

    def _entries(self, ids: Mapping[str, list[int]]) -> list[TaskEntry]:
        plan = self.plan
        today, policy, weights = plan.today, plan.policy, plan.weights
        names = {a.id: a.name for a in plan.alliances}
        with self.store.read() as session:
            found = batch.prepared(
                session,
                ("today entries", today, plan.horizon),
                _entries_queries(today, plan.horizon),
            ).run(session, {f"{kind}_ids": ids[kind] for kind in KINDS})
        found = {  # only the chosen alliance's (when one is)
            kind: [record for record in records if record.alliance_id in weights]
            for kind, records in found.items()
        }
        made: list[TaskEntry | None] = [
            escalation_entry(c, policy.sla, weights[c.alliance_id], today)
            for c in found["escalation"]
        ]
        made += [
            review_entry(r, names[r.alliance_id], weights[r.alliance_id], today)
            for r in found["risk"]
        ]
        made += [
            decision_entry(d, names[d.alliance_id], policy.not_implemented_days,
                           weights[d.alliance_id], today)
            for d in found["decision"]
        ]  # fmt: skip
        made += [
            call_entry(c, names[c.alliance_id], weights[c.alliance_id], today)
            for c in found["call"]
        ]
        return [entry for entry in made if entry is not None]


def grouped(counts: Counts) -> dict[tuple[str, int, int], dict[int, int]]:
    """`counts` by (kind, late, snoozed), each by alliance."""
    found: dict[tuple[str, int, int], dict[int, int]] = {}
    for (kind, late, asleep, alliance_id), n in counts.items():
        found.setdefault((kind, late, asleep), {})[alliance_id] = n
    return found


def _entries_queries(today: date, horizon: date) -> Callable[[], dict[str, batch.Query[Any]]]:
    """What `StoreRanking._entries` reads: the tasks of each kind whose ids it is given as
    `<kind>_ids` (built once a day, for any ids)."""
    return lambda: {
        "escalation": escalations.sla_clocks_query(batch.ids("escalation_ids")),
        "risk": risks.reviews_due_query(horizon, batch.ids("risk_ids")),
        "decision": risks.decisions_due_query(today, batch.ids("decision_ids")),
        "call": calls_due.calls_due_query(today, (horizon - today).days, ids=batch.ids("call_ids")),
    }
