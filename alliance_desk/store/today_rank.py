"""Today's bulk tasks — escalations near their service level, risk reviews, decisions to
review or chase, calls under a fixed cadence (store/today_calls.py) — ranked and counted in
SQL (issue 25): a team store holds tens of thousands, and the window shows fifty. Counted
exactly (every card, store/today_counts.py), ranked by the same score as core/tasks.py, and
only the tasks read are fetched and written out.

Each candidate's score is computed in SQL from the same parts (urgency × importance ×
weight of its alliance; the urgency of each day and the alliance weights handed over as
values, so SQL does no calendar arithmetic). SQL's product is used only to pick rows: the
first `n` tasks are among the rows scoring at least the `n`-th best less a margin larger than
any rounding, and those rows are ranked again in Python, exactly as core/tasks.py ranks
(rounded score, day, words, the kind's own order). Only the tasks of alliances heavy enough
to reach a first bound on that `n`-th best score are scored (`StoreRanking._picked`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Any

from sqlalchemy import Date, Float, Integer, String, case, cast, func, literal, select, union_all
from sqlalchemy.sql import Select

from alliance_desk.core.business_days import add_business_days
from alliance_desk.core.escalations import Severity, Status
from alliance_desk.core.last import Last
from alliance_desk.core.policy import Policy
from alliance_desk.core.portfolio import Alliance, Phase
from alliance_desk.core.risks import DecisionStatus, RiskStatus
from alliance_desk.core.task import TIER_WEIGHT, alliance_weight, urgency
from alliance_desk.store.id_lists import among
from alliance_desk.store.kept import Kept
from alliance_desk.store.models import AllianceRow, DecisionRow, EscalationRow, RiskRow, table

KINDS = ("escalation", "risk", "decision", "call")
SOON_DAYS = 3  # an escalation is Today's business from 3 days before its trigger
MARGIN = 0.002  # more than rounding to 3 places and float error can move a score
LATE_DAYS = 30  # urgency stops growing here (core/task.py)


_LAST_WEIGHTS: Last[dict[int, float]] = Last()


@dataclass(frozen=True)
class Plan:
    """What the ranking is computed from: the day, the rules, the (live, chosen) alliances."""

    today: date
    policy: Policy
    alliances: Sequence[Alliance]
    horizon: date  # risk reviews due by this day
    only: int | None = None  # one alliance's tasks
    postgres: bool = False
    snoozed: Mapping[str, date] = field(default_factory=dict)  # key -> until, the running ones

    @cached_property
    def weights(self) -> dict[int, float]:
        """Each alliance's weight (core/tasks.py), worked out once a plan (and once for the
        alliances a store keeps, store/change_counts.py)."""
        return _LAST_WEIGHTS.get(
            (self.alliances,), (), lambda: {a.id: alliance_weight(a) for a in self.alliances}
        )

    def asleep(self) -> dict[str, list[int]]:
        """The ids of each bulk kind snoozed past today."""
        found: dict[str, list[int]] = {kind: [] for kind in KINDS}
        for key, until in self.snoozed.items():
            kind, _, record = key.partition(":")
            if kind in found and until > self.today and record.isdigit():
                found[kind].append(int(record))
        return found


def _latest_start(days: int, holidays: frozenset[date], by: date) -> date:
    """The latest day an escalation can reach its level and still hit its trigger by `by`
    (the trigger never comes earlier for a later start)."""
    start = by
    while add_business_days(start, days, holidays) > by:
        start -= timedelta(days=1)
    return start


def _least(plan: Plan, *values: Any) -> Any:
    return func.least(*values) if plan.postgres else func.min(*values)


def _greatest(plan: Plan, *values: Any) -> Any:
    return func.greatest(*values) if plan.postgres else func.max(*values)


def _urgency(plan: Plan, due: Any, shift: int = 0) -> Any:
    """core/task.py's `urgency` of a day (`shift` days later) in SQL: days late capped at
    30, days ahead floored at 0.3."""
    today = literal(plan.today, Date)
    days: Any = today - due if plan.postgres else func.julianday(today) - func.julianday(due)
    late = cast(days, Float) - shift
    # max(0.3, 1 + min(late, 30) / 10): the days late (once in the statement, not four times).
    capped = _least(plan, late, literal(float(LATE_DAYS)))
    return _greatest(plan, literal(0.3), literal(1.0) + capped / literal(10.0))


def _days_after(plan: Plan, day: Any, base: date) -> Any:
    """Whole days from `base` to `day` (a date column), in SQL."""
    if plan.postgres:
        return day - literal(base, Date)
    return cast(func.julianday(day) - func.julianday(literal(base, Date)), Integer)


def looked_up(plan: Plan, day: Any, base: date, values: Sequence[float]) -> Any:
    """`values[n]` for `day` = `base` + n days, in SQL: the values written into one string at
    a fixed width and the day's own sliced out. One expression, where a CASE branch for each
    day made Today's first statement slow to build and to compile (≈ 2,000 parameters)."""
    texts = [repr(float(value)) for value in values]
    width = max(map(len, texts))
    packed = "".join(text.ljust(width, "0") for text in texts)  # 0.7 -> 0.700: the same
    start = _days_after(plan, day, base) * literal(width) + literal(1)
    return cast(func.substr(literal(packed, String), start, literal(width)), Float)


def tier_of(alliance: Any) -> Any:
    """core/portfolio.py's `Alliance.tier` in SQL: the override, else the suggested tier."""
    rated = alliance.criticality * alliance.complexity  # core/portfolio.py's suggest_tier
    suggested = case((rated >= 15, 1), ((rated >= 6) | (alliance.criticality >= 4), 2), else_=3)
    return func.coalesce(func.nullif(alliance.tier_override, 0), suggested)


def _weight(plan: Plan, alliance: Any) -> Any:
    """core/task.py's `alliance_weight` in SQL (close enough to pick by: Python ranks)."""
    chosen = tier_of(alliance)
    tier = case(TIER_WEIGHT, value=chosen, else_=1.0)  # the tier written once
    money = _greatest(plan, cast(alliance.financial_value, Float), literal(0.0))
    value = (
        literal(1.0)
        + cast(alliance.strategic_value - 1, Float) / literal(8.0)
        + _least(plan, func.log10(literal(1.0) + money) if not plan.postgres
                 else func.log(literal(1.0) + money), literal(3.0)) / literal(6.0)
    )  # fmt: skip
    return tier * value * case((alliance.phase == Phase.EXIT.value, 0.5), else_=1.0)


def weighed(plan: Plan) -> Any:
    """Each live (the chosen) alliance's id and weight, worked out once a statement
    (MATERIALIZED): written into each candidate's score, the weight was worked out once a
    candidate — thousands of logarithms where SQLCipher's library has no SQL one and calls
    Python's (≈ 1.5 µs each: a third of Today's ranking statement on an encrypted file)."""
    alliances = table(AllianceRow).c
    chosen = () if plan.only is None else (alliances.id == plan.only,)
    rows = select(alliances.id, _weight(plan, alliances).label("weight"))
    return (
        rows.where(alliances.deleted_at.is_(None), *chosen)
        .cte("weighed")
        .prefix_with("MATERIALIZED")
    )


_BUILT: Kept[Any] = Kept(16)


def candidates(plan: Plan, snoozed: Mapping[str, Sequence[int]], *, scored: bool = True) -> Any:
    """Every bulk task of the day: kind, id, alliance, late (0/1), snoozed (0/1), score.
    `snoozed`: the ids of each kind snoozed past today. Without `scored`, every score is 0
    (to count them: the scores are most of the work). Built once for a day, its rules and
    snoozes (a few hundred CASE branches took longer to build than to run), then reused."""
    return built((plan, snoozed, scored), lambda: _candidates(plan, snoozed, scored))


def built(key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
    """`make()`, built once for a key (the plan and snoozes within it stand for their day,
    rules, chosen alliance and snoozed ids) and kept: Today's statements are large."""
    plan, snoozed, *rest = key
    full = (*plan_key(plan, snoozed), *rest)
    return _BUILT.get(full, make)


def plan_key(plan: Plan, snoozed: Mapping[str, Sequence[int]]) -> tuple[Any, ...]:
    """What a statement built from a plan and its snoozes depends on: the day, the rules, the
    horizon, the chosen alliance, the engine and the snoozed ids (not the alliances' list,
    which only Python reads)."""
    return (plan.today, plan.policy, plan.horizon, plan.only, plan.postgres,
            tuple((kind, tuple(sorted(ids))) for kind, ids in sorted(snoozed.items())))  # fmt: skip


def _candidates(
    plan: Plan,
    snoozed: Mapping[str, Sequence[int]],
    scored: bool,
    within: Mapping[str, Any] | None = None,
    weights: Any = None,
) -> Any:
    """`candidates`; `within`: each kind's tasks only on these alliances (a select of ids);
    `weights`: `weighed(plan)`, one for the whole statement (made here if not given)."""
    return union_all(*_kinds(plan, snoozed, scored, within, weights)).subquery("ranked")


def _kinds(
    plan: Plan,
    snoozed: Mapping[str, Sequence[int]],
    scored: bool,
    within: Mapping[str, Any] | None = None,
    weights: Any = None,
) -> list[Select[Any]]:
    """Each bulk kind's candidates, a SELECT each, in KINDS' order."""
    asleep = _asleep(snoozed)
    from alliance_desk.store import today_calls  # it builds on this module's weights

    within = within or {}
    weights = (weighed(plan) if weights is None else weights) if scored else None
    people = today_calls.planned(plan.today, plan.only, weights, within.get("call"))
    return [
        _escalations(plan, asleep, weights, within.get("escalation")),
        _reviews(plan, asleep, weights, within.get("risk")),
        _decisions(plan, asleep, weights, within.get("decision")),
        today_calls.calls(
            plan.today,
            plan.horizon,
            people,
            asleep,
            lambda day, shift=0: _urgency(plan, day, shift),
            lambda day, base, values: looked_up(plan, day, base, values),
            scored,
        ),
    ]


def _asleep(snoozed: Mapping[str, Sequence[int]]) -> Callable[[str, Any], Any]:
    """1 for a record of a kind snoozed past today, else 0, in SQL."""

    def asleep(kind: str, record_id: Any) -> Any:
        ids = list(snoozed.get(kind, ()))
        return case((record_id.in_(ids), 1), else_=0) if ids else literal(0)

    return asleep


def escalations_counted(plan: Plan, snoozed: Mapping[str, Sequence[int]], within: Any) -> Any:
    """The escalations' candidates alone, unscored (to count them), on the alliances `within`
    (a select or list of ids): built without the other kinds' (a call's plan is hundreds of
    branches)."""
    return _escalations(plan, _asleep(snoozed), None, within)


def escalation_candidates(plan: Plan, snoozed: Mapping[str, Sequence[int]], within: Any) -> Any:
    """The escalations' candidates alone, as `candidates`' rows, scored, on the alliances
    `within` (a select or list of ids)."""
    return _escalations(plan, _asleep(snoozed), weighed(plan), within).subquery("ranked")


def live_ids(only: int | None) -> Select[Any]:
    """The ids of the live alliances (only the chosen one, if any)."""
    alliances = table(AllianceRow).c
    chosen = () if only is None else (alliances.id == only,)
    return select(alliances.id).where(alliances.deleted_at.is_(None), *chosen)


def _live(
    plan: Plan, model: Any, rows: Any, within: Any = None, weights: Any = None, indexed=False
) -> tuple[Any, Any, Any]:
    """(the records of a live alliance — the one chosen, if any, and among `within` if
    given —, the condition, its alliance's weight from `weights` (`weighed`); without
    `weights`, only to count them: a weight of 0). `indexed` and only to count them: no
    join, so the database counts from an index holding the alliance (escalations: ten times
    faster; the other kinds' indexes do not hold what their conditions read)."""
    alliances = table(AllianceRow).c
    where: Any = among(rows.alliance_id, within) if within is not None else literal(True)
    if weights is not None:
        return table(model).join(weights, weights.c.id == rows.alliance_id), where, weights.c.weight
    if indexed:
        return table(model), where & rows.alliance_id.in_(live_ids(plan.only)), literal(0.0)
    joined = table(model).join(table(AllianceRow), alliances.id == rows.alliance_id)
    where = where & alliances.deleted_at.is_(None)
    if plan.only is not None:
        where = where & (alliances.id == plan.only)
    return joined, where, literal(0.0)


def _by_level(level: Any, days: Mapping[int, date]) -> Any:
    return case(*((level == n, literal(day, Date)) for n, day in days.items()))


def _escalations(plan: Plan, asleep, weights: Any, within: Any = None) -> Select[Any]:
    sla, today = plan.policy.sla, plan.today
    issues = table(EscalationRow).c
    levels = range(len(sla.days))
    latest = {n: _latest_start(sla.allowed(n), sla.holidays, today + timedelta(days=SOON_DAYS))
              for n in levels}  # fmt: skip
    late = {n: _latest_start(sla.allowed(n), sla.holidays, today - timedelta(days=1))
            for n in levels}  # fmt: skip
    capped = {n: _latest_start(sla.allowed(n), sla.holidays, today - timedelta(days=LATE_DAYS))
              for n in levels}  # fmt: skip
    # The urgency of each start between "30 days past its trigger" and "3 days before it",
    # looked up by the start day, for the levels that allow as many days.
    near = []
    alike: dict[int, list[int]] = {}
    for n in levels:
        alike.setdefault(sla.allowed(n), []).append(n)
    for allowed, group in alike.items():
        n = group[0]
        first = capped[n] + timedelta(days=1)
        starts = [first + timedelta(days=d) for d in range((latest[n] - capped[n]).days)]
        if not starts:
            continue
        near.append((
            issues.level.in_(group)
            & issues.level_since.between(literal(first, Date), literal(starts[-1], Date)),
            looked_up(plan, issues.level_since, first, [
                urgency(add_business_days(since, allowed, sla.holidays), today)
                for since in starts
            ]),
        ))  # fmt: skip
    found = case(
        (issues.level_since <= _by_level(issues.level, capped), 1.0 + LATE_DAYS / 10),
        *near,
        else_=1.0 + LATE_DAYS / 10,
    )
    severity = case(*((issues.severity == s.value, float(s.rank)) for s in Severity), else_=0.0)
    importance = literal(1.2) + literal(0.2) * cast(issues.level, Float) + literal(0.2) * severity
    joined, where, weight = _live(plan, EscalationRow, issues, within, weights, indexed=True)
    return (
        select(
            literal("escalation").label("kind"),
            issues.id.label("id"),
            issues.alliance_id.label("alliance_id"),
            case((issues.level_since <= _by_level(issues.level, late), 1), else_=0).label("late"),
            asleep("escalation", issues.id).label("snoozed"),
            (found * importance * weight if weights is not None else weight).label("score"),
            literal(0).label("stalled"),
        )
        .select_from(joined)
        .where(
            where,
            issues.status.in_((Status.OPEN.value, Status.ESCALATED.value)),
            issues.level_since <= _by_level(issues.level, latest),
        )
    )


def _reviews(plan: Plan, asleep, weights: Any, within: Any = None) -> Select[Any]:
    risk = table(RiskRow).c
    importance = literal(0.8) + cast(risk.likelihood * risk.impact, Float) / literal(25.0)
    joined, where, weight = _live(plan, RiskRow, risk, within, weights)
    return (
        select(
            literal("risk").label("kind"),
            risk.id.label("id"),
            risk.alliance_id.label("alliance_id"),
            case((risk.next_review < plan.today, 1), else_=0).label("late"),
            asleep("risk", risk.id).label("snoozed"),
            (
                _urgency(plan, risk.next_review) * importance * weight
                if weights is not None
                else weight
            ).label("score"),
            literal(0).label("stalled"),
        )
        .select_from(joined)
        .where(where, risk.status != RiskStatus.CLOSED.value, risk.next_review <= plan.horizon)
    )


def _decisions(plan: Plan, asleep, weights: Any, within: Any = None) -> Select[Any]:
    rows = table(DecisionRow).c
    today = plan.today
    days = plan.policy.not_implemented_days
    stalled_before = today - timedelta(days=days)
    reviewed = rows.review_date < today
    found = case(  # a review first, as core/tasks.py asks
        (reviewed, _urgency(plan, rows.review_date)), else_=_urgency(plan, rows.decided_on, days)
    )
    joined, where, weight = _live(plan, DecisionRow, rows, within, weights)
    return (
        select(
            literal("decision").label("kind"),
            rows.id.label("id"),
            rows.alliance_id.label("alliance_id"),
            literal(1).label("late"),  # to review or to chase: always past its day
            asleep("decision", rows.id).label("snoozed"),
            (found * weight if weights is not None else weight).label("score"),
            case((rows.decided_on < stalled_before, 1), else_=0).label("stalled"),
        )
        .select_from(joined)
        .where(
            where,
            rows.status != DecisionStatus.IMPLEMENTED.value,
            reviewed | (rows.decided_on < stalled_before),
        )
    )


Counts = Mapping[tuple[str, int, int, int], int]  # (kind, late, snoozed, alliance) -> how many
