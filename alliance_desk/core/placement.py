"""Where each alliance sits on the risk × value quadrant, and what time costs it.

**Value** (1–5) = 0.5 × strategic value (1–5)
                + 0.3 × financial band
                + 0.2 × stake band,
where the financial band is 1 + 4 × the alliance's financial value ÷ the largest in the
portfolio, and the stake band is 1 + 4 × the value of its open milestones ÷ the largest such
sum in the portfolio (each band is 1 when the portfolio has none).

**Risk** (1–5) = 1 + four factors of up to 1 point each:
  open high risks (score 10 or more): 0.5 each;
  open escalations past their service level: 0.5 each;
  the health gap of the latest check: the larger of the mean perception gap between the two
  companies (|ours − theirs| per dimension) and how far the overall score sits below 3;
  slipped milestones (still open, or missed): 0.5 each.

An alliance at 3 or more on an axis is *high* on it. The four quadrants and their guidance:
high value and high risk — manage closely; high value, low risk — protect and grow; low value,
high risk — contain; low value, low risk — monitor.

**Time to decision** is the days from the day a question was raised to the day it was
decided, for decisions that record both; open questions (raised, not yet decided) do not
count in it, they are listed apart, slowest first, with their days open so far. **Time lost**
per alliance, in days, is the sum of
  each decision's days to decide beyond `DECISION_NORM_DAYS` (30),
  each open question's days open so far (raised → today) beyond the same 30, and
  each escalation's days beyond its service-level trigger date (until it was resolved or
  closed, or until today while it is open).
"""

from __future__ import annotations

import enum
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from statistics import mean

from alliance_desk.core.business_days import SlaPolicy
from alliance_desk.core.escalations import Escalation
from alliance_desk.core.governance import HealthCheck
from alliance_desk.core.i18n import QT_TRANSLATE_NOOP, by_count, installed, translate
from alliance_desk.core.last import Last
from alliance_desk.core.policy import Policy
from alliance_desk.core.rhythm import RhythmFacts, added_on, missing
from alliance_desk.core.risks import Decision, Risk
from alliance_desk.core.value import Milestone
from alliance_desk.core.value_facts import (
    DECISION_NORM_DAYS,
    AllianceFacts,
    facts_of,
    health_gap_of,
)

HIGH = 3.0  # on either axis, from here up is "high"


class Quadrant(enum.Enum):
    MANAGE_CLOSELY = (
        QT_TRANSLATE_NOOP("Quadrant", "Manage closely"),
        QT_TRANSLATE_NOOP(
            "Quadrant",
            "High value at high risk: senior sponsors aligned, issues worked every week.",
        ),
    )
    PROTECT = (
        QT_TRANSLATE_NOOP("Quadrant", "Protect and grow"),
        QT_TRANSLATE_NOOP(
            "Quadrant",
            "High value, under control: keep the rhythm and look for ways to extend the value.",
        ),
    )
    CONTAIN = (
        QT_TRANSLATE_NOOP("Quadrant", "Contain"),
        QT_TRANSLATE_NOOP(
            "Quadrant",
            "More risk than value: fix or contain the risks, and question the effort spent.",
        ),
    )
    MONITOR = (
        QT_TRANSLATE_NOOP("Quadrant", "Monitor"),
        QT_TRANSLATE_NOOP("Quadrant", "Light touch: check in at the tier's rhythm."),
    )

    @property
    def label(self) -> str:
        return translate("Quadrant", self.value[0])

    @property
    def guidance(self) -> str:
        return translate("Quadrant", self.value[1])


def shown(score: float) -> float:
    """A value or risk score as it is shown, to one decimal rounded down: 2.96 reads 2.9,
    below the 3 that makes it high, as its quadrant says (rounded, it read 3.0 in Monitor)."""
    return math.floor(score * 10 + 1e-9) / 10


def quadrant(value: float, risk: float) -> Quadrant:
    if value >= HIGH:
        return Quadrant.MANAGE_CLOSELY if risk >= HIGH else Quadrant.PROTECT
    return Quadrant.CONTAIN if risk >= HIGH else Quadrant.MONITOR


@dataclass(frozen=True, slots=True)
class RiskFactors:
    high_risks: int = 0
    past_sla: int = 0
    health_gap: float = 0.0  # 0–1 point
    slipped: int = 0

    @property
    def score(self) -> float:
        points = (
            min(1.0, 0.5 * self.high_risks)
            + min(1.0, 0.5 * self.past_sla)
            + min(1.0, max(0.0, self.health_gap))
            + min(1.0, 0.5 * self.slipped)
        )
        return round(1 + points, 2)

    def describe(self) -> str:
        parts = [
            by_count(
                self.high_risks,
                translate("Placement", "{count} high risk"),
                translate("Placement", "{count} high risks"),
            ).format(count=self.high_risks)
            if self.high_risks
            else "",
            by_count(
                self.past_sla,
                translate("Placement", "{count} escalation past SLA"),
                translate("Placement", "{count} escalations past SLA"),
            ).format(count=self.past_sla)
            if self.past_sla
            else "",
            translate("Placement", "health gap {gap:.1f}").format(gap=self.health_gap)
            if self.health_gap > 0
            else "",
            by_count(
                self.slipped,
                translate("Placement", "{count} slipped milestone"),
                translate("Placement", "{count} slipped milestones"),
            ).format(count=self.slipped)
            if self.slipped
            else "",
        ]
        return ", ".join(p for p in parts if p) or translate("Placement", "nothing flagged")


def health_gap(check: HealthCheck | None) -> float:
    """The larger of the mean |ours − theirs| and the overall score's shortfall below 3."""
    if check is None or not check.scores:
        return 0.0
    pairs = list(check.scores.values())
    return health_gap_of(
        sum(abs(ours - theirs) for ours, theirs in pairs),
        len(pairs),
        sum(ours + theirs for ours, theirs in pairs),
    )


def value_score(
    strategic: int, financial: float, stake: float, top_financial: float, top_stake: float
) -> float:
    financial_band = 1 + 4 * financial / top_financial if top_financial > 0 else 1.0
    stake_band = 1 + 4 * stake / top_stake if top_stake > 0 else 1.0
    return round(0.5 * strategic + 0.3 * financial_band + 0.2 * stake_band, 2)


@dataclass(frozen=True, slots=True)
class Placement:
    alliance_id: int
    name: str
    tier: int
    value: float
    risk: float
    stake: float  # value of open milestones
    factors: RiskFactors

    @property
    def quadrant(self) -> Quadrant:
        return quadrant(self.value, self.risk)


def place(
    alliances: Sequence,
    *,
    risks: Iterable[Risk] = (),
    escalations: Iterable[Escalation] = (),
    checks: Iterable[HealthCheck] = (),
    milestones: Iterable[Milestone] = (),
    today: date,
    policy: SlaPolicy | None = None,
) -> list[Placement]:
    """Every alliance placed by value and risk (the formula is in the module's docstring)."""
    facts = facts_of(
        risks=risks,
        escalations=escalations,
        checks=checks,
        milestones=milestones,
        today=today,
        policy=policy,
    )
    return placements(alliances, facts)


def placements(alliances: Sequence, facts: Mapping[int, AllianceFacts]) -> list[Placement]:
    """Every alliance placed from its facts (`core.value_facts`), highest value × risk first."""
    none = AllianceFacts()
    top_financial = max((a.financial_value for a in alliances), default=0.0)
    top_stake = max((facts.get(a.id, none).stake for a in alliances), default=0.0)
    placed = []
    for a in alliances:
        mine = facts.get(a.id, none)
        factors = RiskFactors(mine.high_risks, mine.past_sla, mine.health_gap, mine.slipped)
        placed.append(
            Placement(
                a.id,
                a.name,
                a.tier,
                value_score(
                    a.strategic_value, a.financial_value, mine.stake, top_financial, top_stake
                ),
                factors.score,
                mine.stake,
                factors,
            )
        )
    return sorted(placed, key=lambda p: (-p.value * p.risk, p.name.casefold()))


# -- the cost of time ----------------------------------------------------------------------------


def days_to_decide(decision: Decision) -> int | None:
    """Days from question to decision (None: not decided yet, or raised day unknown)."""
    raised, decided = decision.draft.raised_on, decision.draft.decided_on
    if raised is None or decided is None:
        return None
    return max(0, (decided - raised).days)


@dataclass(frozen=True, slots=True)
class OpenQuestion:
    """A question raised and not decided yet, and how long it has waited."""

    decision: Decision
    days_open: int

    @property
    def title(self) -> str:
        return self.decision.draft.title

    @property
    def alliance_id(self) -> int:
        return self.decision.alliance_id


def open_questions(decisions: Iterable[Decision], today: date) -> list[OpenQuestion]:
    """The questions still waiting for a decision, slowest (longest open) first."""
    found = [
        OpenQuestion(d, max(0, (today - d.draft.raised_on).days))
        for d in decisions
        if d.draft.decided_on is None and d.draft.raised_on is not None
    ]
    return slowest_first(found)


def slowest_first(questions: Iterable[OpenQuestion]) -> list[OpenQuestion]:
    return sorted(questions, key=lambda q: (-q.days_open, q.title.casefold(), q.decision.id))


@dataclass(frozen=True, slots=True)
class DecisionSpeed:
    key: str  # an alliance's name, a forum, or a period
    decisions: int
    mean_days: float
    longest_days: int


def decision_speed(decisions: Iterable[Decision], key) -> list[DecisionSpeed]:
    """Mean and longest time to decision per group (`key(decision)` names the group), for
    decisions that record when the question was raised; slowest first."""
    groups: dict[str, list[int]] = defaultdict(list)
    for d in decisions:
        days = days_to_decide(d)
        if days is not None:
            groups[key(d)].append(days)
    found = [
        DecisionSpeed(name, len(days), round(mean(days), 1), max(days))
        for name, days in groups.items()
    ]
    return sorted(found, key=lambda s: (-s.mean_days, s.key))


def quarter(day: date) -> str:
    return translate("Placement", "{year} Q{quarter}").format(
        year=day.year, quarter=(day.month - 1) // 3 + 1
    )


def decision_trend(decisions: Iterable[Decision]) -> list[tuple[str, float]]:
    """Mean days to decide per quarter decided, oldest first."""
    speeds = decision_speed(decisions, lambda d: quarter(d.draft.decided_on))
    return sorted((s.key, s.mean_days) for s in speeds)


def escalation_days_late(escalation: Escalation, today: date, policy: SlaPolicy) -> int:
    """Days beyond the service-level trigger date, until it ended (or today)."""
    return max(0, (escalation.end(today) - escalation.trigger_date(policy)).days)


def cycle_times_by_level(escalations: Iterable[Escalation]) -> dict[int, float]:
    """Mean days from raised to resolved, by the level an issue was resolved at."""
    by_level: dict[int, list[int]] = defaultdict(list)
    for e in escalations:
        if e.resolved_on is not None:
            by_level[e.level].append((e.resolved_on - e.raised_on).days)
    return {level: round(mean(days), 1) for level, days in sorted(by_level.items())}


@dataclass(frozen=True, slots=True)
class TimeLost:
    alliance_id: int
    decision_days: int  # beyond the norm: decisions taken, and open questions so far
    escalation_days: int  # beyond the SLA

    @property
    def total(self) -> int:
        return self.decision_days + self.escalation_days


TIME_LOST_TEXT = QT_TRANSLATE_NOOP(
    "Value",
    "Time lost = days each decision took beyond {days} days from question to decision + days "
    "each open question has waited so far beyond {days} days + days each escalation ran past "
    "its service-level trigger date.",
)
TIME_LOST_FORMULA = TIME_LOST_TEXT.format(days=DECISION_NORM_DAYS)  # as packs and the CLI say it


def time_lost_formula() -> str:
    """How time lost is counted, in the user's language."""
    return translate("Value", TIME_LOST_TEXT).format(days=DECISION_NORM_DAYS)


def time_lost(
    decisions: Iterable[Decision],
    escalations: Iterable[Escalation],
    today: date,
    policy: SlaPolicy | None = None,
) -> dict[int, TimeLost]:
    """Time lost per alliance id (see the module's docstring and `TIME_LOST_FORMULA`)."""
    policy = policy or SlaPolicy()
    decision_days: dict[int, int] = defaultdict(int)
    for d in decisions:
        days = days_to_decide(d)
        if days is not None:
            decision_days[d.alliance_id] += max(0, days - DECISION_NORM_DAYS)
    for question in open_questions(decisions, today):
        decision_days[question.alliance_id] += max(0, question.days_open - DECISION_NORM_DAYS)
    escalation_days: dict[int, int] = defaultdict(int)
    for e in escalations:
        escalation_days[e.alliance_id] += escalation_days_late(e, today, policy)
    ids = set(decision_days) | set(escalation_days)
    return {i: TimeLost(i, decision_days[i], escalation_days[i]) for i in sorted(ids)}


# -- the whole picture, per alliance ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AllianceValue:
    """One alliance as the Value section and `alliance-desk value` show it."""

    placement: Placement
    lost: int  # time lost, days
    decide: float | None  # mean days to decide (None: no decision timed)
    missing: tuple[str, ...]  # what it misses of its tier's rhythm
    waiting: int = 0  # questions still waiting for a decision
    longest_wait: int = 0  # days the oldest of them has waited

    @property
    def id(self) -> int:
        return self.placement.alliance_id


def value_picture(
    alliances: Sequence,
    *,
    risks: Iterable[Risk],
    escalations: Sequence[Escalation],
    checks: Iterable[HealthCheck],
    milestones: Iterable[Milestone],
    decisions: Sequence[Decision],
    facts: Mapping[int, RhythmFacts],
    policy: Policy,
    today: date,
) -> list[AllianceValue]:
    """Every alliance placed, with its time lost, time to decision and rhythm gaps, from
    records in memory (the store counts the same in SQL: `picture`)."""
    counted = facts_of(
        risks=risks,
        escalations=escalations,
        checks=checks,
        milestones=milestones,
        decisions=decisions,
        today=today,
        policy=policy.sla,
    )
    return picture(alliances, counted, facts, policy, today)


def picture(
    alliances: Sequence,
    counted: Mapping[int, AllianceFacts],
    rhythm: Mapping[int, RhythmFacts],
    policy: Policy,
    today: date,
) -> list[AllianceValue]:
    """Every alliance placed from its counted facts, with its time lost, mean time to
    decision, open questions and what it misses of its tier's rhythm."""
    none = AllianceFacts()
    words = _LAST_MISSING.get(
        (rhythm, alliances, installed()),
        (policy, today),
        lambda: _missing(alliances, rhythm, policy, today),
    )
    found = []
    for p in placements(alliances, counted):
        mine = counted.get(p.alliance_id, none)
        found.append(
            AllianceValue(
                p,
                mine.decision_days + mine.escalation_days,
                round(mine.timed_days / mine.timed, 1) if mine.timed else None,
                words[p.alliance_id],
                mine.waiting,
                mine.longest_wait,
            )
        )
    return found


# What each alliance misses of its rhythm, while the facts and alliances are those kept (and
# the words' language is the one installed): 600 alliances, ≈ 6 ms of Value's every showing.
_LAST_MISSING: Last[dict[int, tuple[str, ...]]] = Last()


def _missing(
    alliances: Sequence, rhythm: Mapping[int, RhythmFacts], policy: Policy, today: date
) -> dict[int, tuple[str, ...]]:
    return {
        a.id: tuple(
            missing(policy.rhythm(a.tier), rhythm.get(a.id, RhythmFacts(a.id)), today, added_on(a))
        )
        for a in alliances
    }
