"""What the risk × value picture counts of each alliance's records (core/placement.py applies
the formula to it). The store sums these in SQL, one row per alliance, so the Value section
costs the alliances on it and not their tens of thousands of records; `facts_of` counts the
same from records in memory (the packs, and the tests that hold the two to each other).

The service-level trigger date is a number of business days after the day an issue reached
its level. The SQL reads it as arithmetic on day ordinals (`SlaCalendar`): weekdays are
counted in whole weeks of five, and each weekday holiday is one business day fewer — the
same day `core.business_days.add_business_days` walks to, without a walk.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from alliance_desk.core.business_days import SlaPolicy
from alliance_desk.core.escalations import Escalation
from alliance_desk.core.health_checks import HealthCheck
from alliance_desk.core.risks import Decision, Risk, RiskStatus
from alliance_desk.core.value import Milestone, MilestoneStatus

HIGH_RISK_SCORE = 10
DECISION_NORM_DAYS = 30


@dataclass(frozen=True, slots=True)
class AllianceFacts:
    """One alliance's records, counted: what its place and its time lost come from."""

    high_risks: int = 0  # open risks scoring HIGH_RISK_SCORE or more
    past_sla: int = 0  # open escalations past their trigger date
    health_gap: float = 0.0  # of its latest health check (`health_gap_of`)
    slipped: int = 0  # milestones not achieved that slipped (or were missed)
    stake: float = 0.0  # value of its open milestones
    decision_days: int = 0  # days beyond the norm: decisions taken and open questions so far
    escalation_days: int = 0  # days escalations ran past their trigger date
    timed: int = 0  # decisions whose question and decision days are both known
    timed_days: int = 0  # the days those took, summed
    waiting: int = 0  # open questions (raised, not decided)
    longest_wait: int = 0  # days the oldest open question has waited


def health_gap_of(gap_total: int, dimensions: int, score_total: int) -> float:
    """The larger of the mean |ours − theirs| over `dimensions` and how far the overall score
    (the mean of both sides' scores) sits below 3 — from the check's sums."""
    if not dimensions:
        return 0.0
    overall = round(score_total / (2 * dimensions), 2)
    return round(max(gap_total / dimensions, 3 - overall, 0.0), 2)


def _check_gap(check: HealthCheck) -> float:
    pairs = list(check.scores.values())
    return health_gap_of(
        sum(abs(ours - theirs) for ours, theirs in pairs),
        len(pairs),
        sum(ours + theirs for ours, theirs in pairs),
    )


def slipped_not_achieved(milestone: Milestone, today: date) -> bool:
    return milestone.draft.status is not MilestoneStatus.ACHIEVED and milestone.slipped(today)


def facts_of(
    *,
    risks: Iterable[Risk] = (),
    escalations: Iterable[Escalation] = (),
    checks: Iterable[HealthCheck] = (),
    milestones: Iterable[Milestone] = (),
    decisions: Iterable[Decision] = (),
    today: date,
    policy: SlaPolicy | None = None,
) -> dict[int, AllianceFacts]:
    """The facts of every alliance that has records, counted in memory."""
    policy = policy or SlaPolicy()
    found: dict[int, dict[str, Any]] = defaultdict(lambda: defaultdict(int))
    for r in risks:
        if r.draft.status is not RiskStatus.CLOSED and r.draft.score >= HIGH_RISK_SCORE:
            found[r.alliance_id]["high_risks"] += 1
    for e in escalations:
        mine = found[e.alliance_id]
        mine["past_sla"] += e.past_sla(today, policy)
        mine["escalation_days"] += max(0, (e.end(today) - e.trigger_date(policy)).days)
    latest: dict[int, HealthCheck] = {}
    for c in checks:
        held = latest.get(c.alliance_id)
        if held is None or (c.checked_on, c.id) >= (held.checked_on, held.id):
            latest[c.alliance_id] = c
    for alliance_id, check in latest.items():
        found[alliance_id]["health_gap"] = _check_gap(check)
    for m in milestones:
        mine = found[m.alliance_id]
        if m.draft.status.open:
            mine["stake"] += m.draft.value
        mine["slipped"] += slipped_not_achieved(m, today)
    for d in decisions:
        mine = found[d.alliance_id]
        raised, decided = d.draft.raised_on, d.draft.decided_on
        if raised is None:
            continue
        if decided is not None:
            days = max(0, (decided - raised).days)
            mine["timed"] += 1
            mine["timed_days"] += days
            mine["decision_days"] += max(0, days - DECISION_NORM_DAYS)
        else:
            waited = max(0, (today - raised).days)
            mine["waiting"] += 1
            mine["longest_wait"] = max(mine["longest_wait"], waited)
            mine["decision_days"] += max(0, waited - DECISION_NORM_DAYS)
    return {alliance_id: AllianceFacts(**values) for alliance_id, values in found.items()}


# -- the service-level trigger date as arithmetic -----------------------------------------------


def weekdays_up_to(ordinal: int) -> int:
    """Monday-to-Friday days from 1 January of year 1 (a Monday, ordinal 1) to `ordinal`."""
    weeks, rest = divmod(ordinal, 7)
    return 5 * weeks + min(rest, 5)


def weekday_number(count: int) -> int:
    """The ordinal of the `count`-th weekday (count ≥ 1): the inverse of `weekdays_up_to`."""
    weeks, rest = divmod(count - 1, 5)
    return 7 * weeks + rest + 1


@dataclass(frozen=True)
class SlaCalendar:
    """The portfolio's weekday holidays as two sorted lists the SQL compares against: each
    holiday's ordinal, and the business days before it."""

    holidays: tuple[int, ...]  # ordinals of the weekday holidays, ascending
    before: tuple[int, ...]  # business days (from year 1) before each of them

    @classmethod
    def of(cls, policy: SlaPolicy) -> SlaCalendar:
        days = sorted(d.toordinal() for d in policy.holidays if d.weekday() < 5)
        before = tuple(weekdays_up_to(o) - (i + 1) for i, o in enumerate(days))
        return cls(tuple(days), before)

    def business_days_up_to(self, ordinal: int) -> int:
        return weekdays_up_to(ordinal) - bisect_right(self.holidays, ordinal)

    def business_day(self, count: int) -> int:
        """The ordinal of the `count`-th business day."""
        return weekday_number(count + bisect_left(self.before, count))

    def trigger(self, since: date, days: int) -> date:
        """`days` (> 0) business days after `since`, as the SQL works it out."""
        ordinal = self.business_day(self.business_days_up_to(since.toordinal()) + days)
        return date.fromordinal(ordinal)
