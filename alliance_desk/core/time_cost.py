"""The cost of time: days to decide, open questions, escalations past their service level.

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

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from statistics import mean

from alliance_desk.core.business_days import SlaPolicy
from alliance_desk.core.escalations import Escalation
from alliance_desk.core.i18n import QT_TRANSLATE_NOOP, translate
from alliance_desk.core.risks import Decision
from alliance_desk.core.value_facts import DECISION_NORM_DAYS


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
