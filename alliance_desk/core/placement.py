"""Where each alliance sits on the risk × value quadrant, and its whole picture (the cost of
time is `core.time_cost`).

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
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from alliance_desk.core.business_days import SlaPolicy
from alliance_desk.core.escalations import Escalation
from alliance_desk.core.health_checks import HealthCheck
from alliance_desk.core.i18n import QT_TRANSLATE_NOOP, by_count, installed, translate
from alliance_desk.core.last import Last
from alliance_desk.core.policy import Policy
from alliance_desk.core.rhythm import RhythmFacts, added_on, missing
from alliance_desk.core.risks import Decision, Risk
from alliance_desk.core.value import Milestone
from alliance_desk.core.value_facts import (
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
