"""A task: one thing to act on, as Today lists it, and how much it counts (see core/tasks.py
for the ranking)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from alliance_desk.core.dates import shown_short
from alliance_desk.core.i18n import QT_TRANSLATE_NOOP, Words, by_count, translate
from alliance_desk.core.portfolio import Alliance, Phase
from alliance_desk.core.records import Opens

TIER_WEIGHT = {1: 2.0, 2: 1.5, 3: 1.0}


KIND_IMPORTANCE = {
    "call": 1.0,
    "onboarding": 1.0,
    "decision": 1.0,
    "meeting": 1.0,
    "action": 1.1,
    "obligation": 1.3,
    "milestone": 1.2,  # what the alliance promised: its date slipping is value slipping
    "rhythm": 0.8,  # a habit of the alliance slipping, not yet a concrete thing gone wrong
}


# What a rhythm gap opens: where the missing contact, review, check or meeting is recorded.
RHYTHM_OPENS = {"contact": "person", "risks": "risks", "health": "health", "meeting": "meeting"}


MAX_LATE_DAYS = 30


WHOSE = Words(
    "Tasks",
    {
        "ours": QT_TRANSLATE_NOOP("Tasks", "Ours to deliver"),
        "theirs": QT_TRANSLATE_NOOP("Tasks", "The partner's to deliver"),
        "joint": QT_TRANSLATE_NOOP("Tasks", "Joint"),
    },
)


# The same, inside a sentence ("Planned; ours to deliver").
WHOSE_INSIDE = Words(
    "Tasks",
    {
        "ours": QT_TRANSLATE_NOOP("Tasks", "ours to deliver"),
        "theirs": QT_TRANSLATE_NOOP("Tasks", "the partner's to deliver"),
        "joint": QT_TRANSLATE_NOOP("Tasks", "joint"),
    },
)


@dataclass(frozen=True, slots=True)
class Task:
    """One thing to act on, as Today lists it and `alliance-desk today` prints it."""

    key: str  # "call:12": the kind and the record, what a snooze names
    kind: str  # call, onboarding, escalation, risk, obligation, decision, action, meeting
    what: str  # "Call Hannah Weiss"
    alliance: str  # the alliance's name
    why: str  # why now, in a few words
    due: date
    today: date
    opens: Opens
    score: float = 0.0
    person_id: int | None = None  # a call: the person the contact is with
    item_id: int | None = None  # an onboarding item: the item to tick
    snoozed_until: date | None = None
    # An escalation past its service level: how late in business days, as its SLA counts
    # (and the escalation log shows) — not the calendar days since it fell due.
    business_days_late: int | None = None

    @property
    def late_days(self) -> int:
        return max(0, (self.today - self.due).days)

    @property
    def late(self) -> bool:
        return self.due < self.today

    @property
    def when(self) -> str:
        """How late, or when it is due: "3 days late" ("2 business days late": an escalation
        past its service level), "due today", "due Fri 4 Dec"."""
        late = self.late_days
        if late and self.business_days_late is not None:
            return by_count(
                self.business_days_late,
                translate("Tasks", "{days} business day late"),
                translate("Tasks", "{days} business days late"),
            ).format(days=self.business_days_late)
        if late:
            return by_count(
                late, translate("Tasks", "{days} day late"), translate("Tasks", "{days} days late")
            ).format(days=late)
        if self.due == self.today:
            return translate("Tasks", "due today")
        if self.due == self.today + timedelta(days=1):
            return translate("Tasks", "due tomorrow")
        return translate("Tasks", "due {day}").format(day=shown_short(self.due, self.today))

    @property
    def acts(self) -> tuple[str, ...]:
        """What can be done to it without leaving Today: log (a call), tick (an onboarding
        item), pack (a meeting's pack); every task can be opened and snoozed."""
        return {"call": ("log",), "onboarding": ("tick",), "meeting": ("pack",)}.get(self.kind, ())


def urgency(due: date, today: date) -> float:
    days = (today - due).days
    if days >= 0:
        return 1 + min(days, MAX_LATE_DAYS) / 10
    return max(0.3, 1 + days / 10)


def alliance_weight(alliance: Alliance | None) -> float:
    """How much an alliance's work counts: its tier, strategic and financial value."""
    if alliance is None:
        return 1.0
    value = 1 + (alliance.strategic_value - 1) / 8
    value += min(math.log10(1 + max(alliance.financial_value, 0.0)), 3.0) / 6
    weight = TIER_WEIGHT.get(alliance.tier, 1.0) * value
    return weight / 2 if alliance.phase is Phase.EXIT else weight


def escalation_importance(level: int, severity: int) -> float:
    return 1.2 + 0.2 * level + 0.2 * severity


def risk_importance(score: int) -> float:
    return 0.8 + score / 25
