"""How long escalations have been open, in buckets, and what the time has cost."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from alliance_desk.core.business_days import SlaPolicy
from alliance_desk.core.escalations import Escalation
from alliance_desk.core.i18n import QT_TRANSLATE_NOOP, translate

AGE_BUCKETS = (
    (0, 7, QT_TRANSLATE_NOOP("AgeBucket", "0–7 days")),
    (8, 30, QT_TRANSLATE_NOOP("AgeBucket", "8–30 days")),
    (31, 90, QT_TRANSLATE_NOOP("AgeBucket", "31–90 days")),
    (91, None, QT_TRANSLATE_NOOP("AgeBucket", "90+ days")),
)


def age_words(bucket: str) -> str:
    """An age bucket (as `age_bucket` names it) in the user's language."""
    return translate("AgeBucket", bucket)


def age_bucket(days: int) -> str:
    for low, high, label in AGE_BUCKETS:
        if days >= low and (high is None or days <= high):
            return label
    return AGE_BUCKETS[0][2]


def age_buckets(escalations: Iterable[Escalation], today: date) -> dict[str, dict[str, int]]:
    """Open escalations per alliance name, counted by age bucket."""
    result: dict[str, dict[str, int]] = {}
    for item in escalations:
        if item.status.active:
            counts = result.setdefault(item.alliance_name, {label: 0 for *_, label in AGE_BUCKETS})
            counts[age_bucket(item.days_open(today))] += 1
    return result


@dataclass(frozen=True, slots=True)
class CostOfTime:
    open_count: int
    delay_days: int
    value_at_stake: float
    past_sla: int


def cost_of_time(escalations: Iterable[Escalation], today: date, policy: SlaPolicy) -> CostOfTime:
    """Totals over the open escalations: the delay they are estimated to cause, the value they
    put at stake, and how many are past their service level."""
    active = [e for e in escalations if e.status.active]
    return CostOfTime(
        open_count=len(active),
        delay_days=sum(e.draft.delay_days for e in active),
        value_at_stake=sum(e.draft.value_at_stake for e in active),
        past_sla=sum(1 for e in active if e.past_sla(today, policy)),
    )
