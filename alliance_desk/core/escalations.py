"""Escalations: issues raised in an alliance, their level, service levels in business days
(counted in `core.business_days`) and an append-only history; their ages and the cost of time
they cause are in `core.escalation_ages`.

Levels: 0 working team, 1 alliance managers, 2 governance committee, 3 executive sponsors.
Each level allows a number of business days (Monday–Friday, less the holidays the user lists)
before the issue should move up: the *trigger date* is that many business days after the day
it reached its current level. An unresolved issue past its trigger date is *past SLA*.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from alliance_desk.core import wall
from alliance_desk.core.business_days import SlaPolicy, add_business_days, business_days_between
from alliance_desk.core.i18n import (
    QT_TRANSLATE_NOOP,
    Labelled,
    Words,
    by_count,
    label_members,
    translate,
)
from alliance_desk.core.validation import (
    FieldCollector,
    FieldError,
    ValidationError,
    clean_text,
    parse_amount,
    parse_choice,
    parse_date,
    parse_optional_id,
    parse_rating,
    parse_yes_no,
    parse_yes_no_or_rule,
)


class Category(Labelled, enum.StrEnum):
    MISUNDERSTANDING = "misunderstanding"
    BUSINESS_PROBLEM = "business problem"
    CONFLICT = "conflict"

    @property
    def hint(self) -> str:
        return _CATEGORY_HINTS[self.value]


label_members(
    Category,
    {
        Category.MISUNDERSTANDING: QT_TRANSLATE_NOOP("Category", "Misunderstanding"),
        Category.BUSINESS_PROBLEM: QT_TRANSLATE_NOOP("Category", "Business problem"),
        Category.CONFLICT: QT_TRANSLATE_NOOP("Category", "Conflict"),
    },
)


class Severity(Labelled, enum.StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANKS[self]


label_members(
    Severity,
    {
        Severity.LOW: QT_TRANSLATE_NOOP("Severity", "Low"),
        Severity.MEDIUM: QT_TRANSLATE_NOOP("Severity", "Medium"),
        Severity.HIGH: QT_TRANSLATE_NOOP("Severity", "High"),
        Severity.CRITICAL: QT_TRANSLATE_NOOP("Severity", "Critical"),
    },
)


_SEVERITY_RANKS = {severity: rank for rank, severity in enumerate(Severity)}

_CATEGORY_HINTS = Words(
    "Category",
    {
        "misunderstanding": QT_TRANSLATE_NOOP(
            "Category", "The two sides read the same thing differently; clarity fixes it."
        ),
        "business problem": QT_TRANSLATE_NOOP(
            "Category", "A real obstacle (budget, capacity, data) that needs a decision."
        ),
        "conflict": QT_TRANSLATE_NOOP(
            "Category", "Interests or people pull against each other: facilitate, or escalate."
        ),
    },
)

LEVELS = Words(
    "Level",
    {
        0: QT_TRANSLATE_NOOP("Level", "Working team"),
        1: QT_TRANSLATE_NOOP("Level", "Alliance managers"),
        2: QT_TRANSLATE_NOOP("Level", "Governance committee"),
        3: QT_TRANSLATE_NOOP("Level", "Executive sponsors"),
    },
)


def level_label(level: int) -> str:
    return f"{level} · {LEVELS[level]}"


class Status(Labelled, enum.StrEnum):
    OPEN = "open"
    ESCALATED = "escalated"
    RESOLVED = "resolved"
    CLOSED = "closed"

    @property
    def active(self) -> bool:
        return self in (Status.OPEN, Status.ESCALATED)


label_members(
    Status,
    {
        Status.OPEN: QT_TRANSLATE_NOOP("Status", "Open"),
        Status.ESCALATED: QT_TRANSLATE_NOOP("Status", "Escalated"),
        Status.RESOLVED: QT_TRANSLATE_NOOP("Status", "Resolved"),
        Status.CLOSED: QT_TRANSLATE_NOOP("Status", "Closed"),
    },
)


class ResolutionKind(Labelled, enum.StrEnum):
    COLLABORATIVE = "collaborative solution"
    COMPROMISE = "compromise"
    WITHDRAWN = "withdrawn"
    OTHER = "other"


label_members(
    ResolutionKind,
    {
        ResolutionKind.COLLABORATIVE: QT_TRANSLATE_NOOP("ResolutionKind", "Collaborative solution"),
        ResolutionKind.COMPROMISE: QT_TRANSLATE_NOOP("ResolutionKind", "Compromise"),
        ResolutionKind.WITHDRAWN: QT_TRANSLATE_NOOP("ResolutionKind", "Withdrawn"),
        ResolutionKind.OTHER: QT_TRANSLATE_NOOP("ResolutionKind", "Other"),
    },
)


class EventKind(Labelled, enum.StrEnum):
    RAISED = "raised"
    LEVEL_UP = "escalated"
    LEVEL_DOWN = "de-escalated"
    NOTE = "note"
    EDITED = "edited"
    RESOLVED = "resolved"
    CLOSED = "closed"
    REOPENED = "reopened"
    UNDONE = "undone"


label_members(
    EventKind,
    {
        EventKind.RAISED: QT_TRANSLATE_NOOP("EventKind", "Raised"),
        EventKind.LEVEL_UP: QT_TRANSLATE_NOOP("EventKind", "Escalated"),
        EventKind.LEVEL_DOWN: QT_TRANSLATE_NOOP("EventKind", "De-escalated"),
        EventKind.NOTE: QT_TRANSLATE_NOOP("EventKind", "Note"),
        EventKind.EDITED: QT_TRANSLATE_NOOP("EventKind", "Edited"),
        EventKind.RESOLVED: QT_TRANSLATE_NOOP("EventKind", "Resolved"),
        EventKind.CLOSED: QT_TRANSLATE_NOOP("EventKind", "Closed"),
        EventKind.REOPENED: QT_TRANSLATE_NOOP("EventKind", "Reopened"),
        EventKind.UNDONE: QT_TRANSLATE_NOOP("EventKind", "Undone"),
    },
)


# -- the record ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EscalationDraft:
    """What the user fills in for an escalation."""

    title: str
    category: Category
    severity: Severity = Severity.MEDIUM
    description: str = ""
    raised_on: date | None = None
    raised_by_id: int | None = None
    owner_id: int | None = None
    counterpart_id: int | None = None
    target_date: date | None = None
    delay_days: int = 0
    value_at_stake: float = 0.0
    internal_only: bool = False
    # Raised with the partner: None follows the rule in core/audience.py (level 1 and up).
    shared_with_partner: bool | None = None


def validate_escalation(raw: Mapping[str, object], today: date | None = None) -> EscalationDraft:
    fields = FieldCollector()
    raised_on = fields.take("raised_on", parse_date, raw.get("raised_on"))
    if raised_on is None and "raised_on" not in fields.errors:
        raised_on = today or wall.today()
    draft = EscalationDraft(
        title=fields.take("title", clean_text, raw.get("title"), required=True, max_length=300),
        category=fields.take("category", parse_choice, Category, raw.get("category")),
        severity=fields.take(
            "severity", parse_choice, Severity, raw.get("severity"), Severity.MEDIUM
        ),
        description=fields.take("description", clean_text, raw.get("description")) or "",
        raised_on=raised_on,
        raised_by_id=fields.take("raised_by_id", parse_optional_id, raw.get("raised_by_id")),
        owner_id=fields.take("owner_id", parse_optional_id, raw.get("owner_id")),
        counterpart_id=fields.take("counterpart_id", parse_optional_id, raw.get("counterpart_id")),
        target_date=fields.take("target_date", parse_date, raw.get("target_date")),
        delay_days=fields.take(
            "delay_days", parse_rating, raw.get("delay_days") or 0, low=0, high=3650
        ),
        value_at_stake=fields.take("value_at_stake", parse_amount, raw.get("value_at_stake")),
        internal_only=fields.take("internal_only", parse_yes_no, raw.get("internal_only")),
        shared_with_partner=fields.take(
            "shared_with_partner", parse_yes_no_or_rule, raw.get("shared_with_partner")
        ),
    )
    if draft.target_date and draft.raised_on and draft.target_date < draft.raised_on:
        fields.errors["target_date"] = translate(
            "Escalations", "The target date cannot be before the day it was raised."
        )
    fields.raise_if_any()
    return draft


@dataclass(frozen=True, slots=True)
class Resolution:
    root_cause: str
    resolution: str
    kind: ResolutionKind


def validate_resolution(raw: Mapping[str, object]) -> Resolution:
    """Resolving needs the root cause, what resolved it and how — a lesson for next time."""
    fields = FieldCollector()
    root = fields.take("root_cause", clean_text, raw.get("root_cause"), required=True)
    text = fields.take("resolution", clean_text, raw.get("resolution"), required=True)
    kind = fields.take("kind", parse_choice, ResolutionKind, raw.get("kind"))
    fields.raise_if_any()
    return Resolution(root, text, kind)


def check_reason(reason: object) -> str:
    """Moving an issue between levels always says why."""
    try:
        return clean_text(reason, required=True, max_length=2000)
    except FieldError:
        raise ValidationError(
            {"reason": translate("Escalations", "Say why the level changes.")}
        ) from None


@dataclass(frozen=True, slots=True)
class Event:
    occurred_at: datetime
    kind: EventKind
    text: str = ""
    from_level: int | None = None
    to_level: int | None = None

    def describe(self) -> str:
        if self.kind in (EventKind.LEVEL_UP, EventKind.LEVEL_DOWN):
            head = f"{self.kind.label} {self.from_level} → {self.to_level}"
        else:
            head = self.kind.label
        return f"{head}: {self.text}" if self.text else head


@dataclass(frozen=True, slots=True)
class SlaClock:
    """An active escalation against its service level: all Today needs to rank thousands."""

    id: int
    alliance_name: str
    title: str
    level: int
    level_since: date
    raised_on: date
    alliance_id: int = 0
    severity: int = 1  # Severity.rank: 0 low … 3 critical

    def trigger_date(self, policy: SlaPolicy) -> date:
        return add_business_days(self.level_since, policy.allowed(self.level), policy.holidays)

    def past_sla(self, today: date, policy: SlaPolicy) -> bool:
        return today > self.trigger_date(policy)

    def sla_text(self, today: date, policy: SlaPolicy, *, inside: bool = False) -> str:
        """Where the escalation stands against its SLA, in words: a sentence of its own
        ("Past by 6 business days"), or `inside` another one ("… (past by 6 business days)")."""
        trigger = self.trigger_date(policy)
        if today > trigger:
            late = business_days_between(trigger, today, policy.holidays)
            if inside:
                return by_count(
                    late,
                    translate("Escalations", "past by {days} business day"),
                    translate("Escalations", "past by {days} business days"),
                ).format(days=late)
            return by_count(
                late,
                translate("Escalations", "Past by {days} business day"),
                translate("Escalations", "Past by {days} business days"),
            ).format(days=late)
        left = business_days_between(today, trigger, policy.holidays)
        if left == 0:
            if inside:
                return translate("Escalations", "due today")
            return translate("Escalations", "Due today")
        return by_count(
            left,
            translate("Escalations", "{days} business day left"),
            translate("Escalations", "{days} business days left"),
        ).format(days=left)

    def days_open(self, today: date) -> int:
        return (today - self.raised_on).days


@dataclass(frozen=True, slots=True)
class Escalation:
    id: int
    alliance_id: int
    alliance_name: str
    draft: EscalationDraft
    level: int
    level_since: date
    status: Status
    resolution: Resolution | None = None
    resolved_on: date | None = None
    closed_on: date | None = None
    names: dict = field(default_factory=dict, compare=False)  # person id -> name
    version: int = field(default=1, compare=False)  # bumped by every saved change

    @property
    def title(self) -> str:
        return self.draft.title

    def end(self, today: date) -> date:
        return self.resolved_on or self.closed_on or today

    @property
    def raised_on(self) -> date:
        """A stored issue always has the day it was raised (validation fills in today)."""
        return self.draft.raised_on or self.level_since

    def days_open(self, today: date) -> int:
        return (self.end(today) - self.raised_on).days

    def days_at_level(self, today: date) -> int:
        return (self.end(today) - self.level_since).days

    @property
    def clock(self) -> SlaClock:
        return SlaClock(
            self.id,
            self.alliance_name,
            self.title,
            self.level,
            self.level_since,
            self.raised_on,
            self.alliance_id,
            self.draft.severity.rank,
        )

    def trigger_date(self, policy: SlaPolicy) -> date:
        return self.clock.trigger_date(policy)

    def sla(self, today: date, policy: SlaPolicy) -> tuple[date, str, bool]:
        """(trigger date, what the log's SLA column says, whether it is past), from one clock:
        the log computes this for thousands of issues at each load."""
        clock = self.clock
        trigger = clock.trigger_date(policy)
        if not self.status.active:
            return trigger, "—", False
        return trigger, clock.sla_text(today, policy), today > trigger

    def past_sla(self, today: date, policy: SlaPolicy) -> bool:
        return self.status.active and self.clock.past_sla(today, policy)

    def sla_text(self, today: date, policy: SlaPolicy, *, inside: bool = False) -> str:
        return self.clock.sla_text(today, policy, inside=inside) if self.status.active else "—"

    def person(self, person_id: int | None) -> str:
        return self.names.get(person_id, "") if person_id else ""
