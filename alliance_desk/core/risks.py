"""The registers a governance committee reviews: risks and decisions (obligations are
core/obligations.py, partner insights core/insights.py).

Risk score = likelihood × impact (each 1–5). Bands on the 5 × 5 heat map: 1–4 low, 5–9 medium,
10–16 high, 20–25 critical. Every change of likelihood or impact is kept with its date so a pack
can show how each risk moved since the last meeting.

A decision counts as *not implemented* when it is still pending, in progress or explicitly not
implemented a configurable number of days after it was taken.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from alliance_desk.core.i18n import QT_TRANSLATE_NOOP, Labelled, Words, label_members, translate
from alliance_desk.core.validation import (
    FieldCollector,
    clean_text,
    parse_choice,
    parse_date,
    parse_optional_id,
    parse_rating,
    parse_yes_no,
    parse_yes_no_or_rule,
)

# -- risks ---------------------------------------------------------------------------------------


class RiskCategory(Labelled, enum.StrEnum):
    BUSINESS = "business"
    HUMAN = "human"
    LEGAL = "legal"


label_members(
    RiskCategory,
    {
        RiskCategory.BUSINESS: QT_TRANSLATE_NOOP("RiskCategory", "Business"),
        RiskCategory.HUMAN: QT_TRANSLATE_NOOP("RiskCategory", "Human"),
        RiskCategory.LEGAL: QT_TRANSLATE_NOOP("RiskCategory", "Legal"),
    },
)


class RiskStatus(Labelled, enum.StrEnum):
    OPEN = "open"
    MITIGATING = "mitigating"
    ACCEPTED = "accepted"
    CLOSED = "closed"


label_members(
    RiskStatus,
    {
        RiskStatus.OPEN: QT_TRANSLATE_NOOP("RiskStatus", "Open"),
        RiskStatus.MITIGATING: QT_TRANSLATE_NOOP("RiskStatus", "Mitigating"),
        RiskStatus.ACCEPTED: QT_TRANSLATE_NOOP("RiskStatus", "Accepted"),
        RiskStatus.CLOSED: QT_TRANSLATE_NOOP("RiskStatus", "Closed"),
    },
)


def band_key(score: int) -> str:
    """Which band a score falls in: low, medium, high or critical (a key, e.g. its colour's)."""
    if score >= 20:
        return "critical"
    if score >= 10:
        return "high"
    if score >= 5:
        return "medium"
    return "low"


BANDS = Words(
    "RiskBand",
    {
        "low": QT_TRANSLATE_NOOP("RiskBand", "low"),
        "medium": QT_TRANSLATE_NOOP("RiskBand", "medium"),
        "high": QT_TRANSLATE_NOOP("RiskBand", "high"),
        "critical": QT_TRANSLATE_NOOP("RiskBand", "critical"),
    },
)


def risk_band(score: int) -> str:
    """The band of a score in the user's words ("high")."""
    return BANDS[band_key(score)]


@dataclass(frozen=True, slots=True)
class RiskDraft:
    title: str
    category: RiskCategory
    likelihood: int
    impact: int
    owner_id: int | None = None
    mitigation: str = ""
    mitigation_planned: date | None = None
    mitigation_done: date | None = None
    status: RiskStatus = RiskStatus.OPEN
    next_review: date | None = None
    internal_only: bool = False
    joint: bool = False  # managed with the partner: goes into packs for them

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def band(self) -> str:
        return risk_band(self.score)


def validate_risk(raw: Mapping[str, object]) -> RiskDraft:
    fields = FieldCollector()
    draft = RiskDraft(
        title=fields.take("title", clean_text, raw.get("title"), required=True, max_length=300),
        category=fields.take("category", parse_choice, RiskCategory, raw.get("category")),
        likelihood=fields.take("likelihood", parse_rating, raw.get("likelihood")),
        impact=fields.take("impact", parse_rating, raw.get("impact")),
        owner_id=fields.take("owner_id", parse_optional_id, raw.get("owner_id")),
        mitigation=fields.take("mitigation", clean_text, raw.get("mitigation")) or "",
        mitigation_planned=fields.take(
            "mitigation_planned", parse_date, raw.get("mitigation_planned")
        ),
        mitigation_done=fields.take("mitigation_done", parse_date, raw.get("mitigation_done")),
        status=fields.take("status", parse_choice, RiskStatus, raw.get("status"), RiskStatus.OPEN),
        next_review=fields.take("next_review", parse_date, raw.get("next_review")),
        internal_only=fields.take("internal_only", parse_yes_no, raw.get("internal_only")),
        joint=fields.take("joint", parse_yes_no, raw.get("joint")),
    )
    fields.raise_if_any()
    return draft


@dataclass(frozen=True, slots=True)
class Risk:
    id: int
    alliance_id: int
    draft: RiskDraft
    history: tuple[tuple[date, int, int], ...] = ()  # (rated_on, likelihood, impact), oldest first
    version: int = field(default=1, compare=False)  # bumped by every saved edit

    def score_on(self, day: date) -> int | None:
        """The score as it stood at the end of `day` (None if the risk did not exist yet)."""
        score = None
        for rated_on, likelihood, impact in self.history:
            if rated_on <= day:
                score = likelihood * impact
        return score

    def movement(self, since: date) -> str:
        """How the score moved since a day: 'new', 'up 6 → 12', 'down …' or 'unchanged'."""
        then, now = self.score_on(since), self.draft.score
        if then is None:
            return translate("RiskMovement", "new")
        if now > then:
            return translate("RiskMovement", "up {then} → {now}").format(then=then, now=now)
        if now < then:
            return translate("RiskMovement", "down {then} → {now}").format(then=then, now=now)
        return translate("RiskMovement", "unchanged")


def heat_map(risks: Iterable[Risk]) -> dict[tuple[int, int], int]:
    """Counts of open risks per (likelihood, impact) cell."""
    cells: dict[tuple[int, int], int] = {}
    for risk in risks:
        if risk.draft.status is not RiskStatus.CLOSED:
            key = (risk.draft.likelihood, risk.draft.impact)
            cells[key] = cells.get(key, 0) + 1
    return cells


@dataclass(frozen=True, slots=True)
class ReviewDue:
    """An open risk whose review is due: the few columns Today lists, for hundreds at once."""

    id: int
    alliance_id: int
    title: str
    next_review: date
    score: int

    @property
    def band(self) -> str:
        return risk_band(self.score)


def due_for_review(risks: Iterable[Risk], today: date, days: int = 7) -> list[Risk]:
    horizon = today + timedelta(days=days)
    due = [
        r
        for r in risks
        if r.draft.status is not RiskStatus.CLOSED
        and r.draft.next_review is not None
        and r.draft.next_review <= horizon
    ]
    return sorted(due, key=lambda r: r.draft.next_review or horizon)


# -- decisions ------------------------------------------------------------------------------------


class DecisionStatus(Labelled, enum.StrEnum):
    PENDING = "pending"
    IN_PROGRESS = "in progress"
    IMPLEMENTED = "implemented"
    NOT_IMPLEMENTED = "not implemented"


label_members(
    DecisionStatus,
    {
        # Of a decision taken: its implementation has not begun (an open question has none yet).
        DecisionStatus.PENDING: QT_TRANSLATE_NOOP("DecisionStatus", "Not started"),
        DecisionStatus.IN_PROGRESS: QT_TRANSLATE_NOOP("DecisionStatus", "In progress"),
        DecisionStatus.IMPLEMENTED: QT_TRANSLATE_NOOP("DecisionStatus", "Implemented"),
        DecisionStatus.NOT_IMPLEMENTED: QT_TRANSLATE_NOOP("DecisionStatus", "Not implemented"),
    },
)


@dataclass(frozen=True, slots=True)
class DecisionDraft:
    title: str
    decided_on: date | None  # None: an open question, still to be decided
    forum: str = ""
    makers: str = ""
    alternatives: str = ""
    rationale: str = ""
    status: DecisionStatus = DecisionStatus.PENDING
    review_date: date | None = None
    meeting_id: int | None = None
    internal_only: bool = False
    # Taken jointly: None follows the rule in core/audience.py (taken in a committee).
    shared_with_partner: bool | None = None
    raised_on: date | None = None  # when the question was put: time to decision starts here

    @property
    def open(self) -> bool:
        """An open question: raised, not yet decided."""
        return self.decided_on is None

    @property
    def implementation(self) -> str:
        """How far it is carried out, in words; of an open question, what it still waits for
        (not a status of ours: nothing can be implemented before it is decided)."""
        if self.open:
            return translate("DecisionStatus", "Waits for the decision")
        return self.status.label


def validate_decision(raw: Mapping[str, object]) -> DecisionDraft:
    fields = FieldCollector()
    draft = DecisionDraft(
        title=fields.take("title", clean_text, raw.get("title"), required=True, max_length=500),
        decided_on=fields.take("decided_on", parse_date, raw.get("decided_on")),
        forum=fields.take("forum", clean_text, raw.get("forum"), max_length=200) or "",
        makers=fields.take("makers", clean_text, raw.get("makers"), max_length=500) or "",
        alternatives=fields.take("alternatives", clean_text, raw.get("alternatives")) or "",
        rationale=fields.take("rationale", clean_text, raw.get("rationale")) or "",
        status=fields.take(
            "status", parse_choice, DecisionStatus, raw.get("status"), DecisionStatus.PENDING
        ),
        review_date=fields.take("review_date", parse_date, raw.get("review_date")),
        meeting_id=parse_optional_id(raw.get("meeting_id")),
        internal_only=fields.take("internal_only", parse_yes_no, raw.get("internal_only")),
        shared_with_partner=fields.take(
            "shared_with_partner", parse_yes_no_or_rule, raw.get("shared_with_partner")
        ),
        raised_on=fields.take("raised_on", parse_date, raw.get("raised_on")),
    )
    if draft.review_date and draft.decided_on and draft.review_date < draft.decided_on:
        fields.errors["review_date"] = translate(
            "Risks", "The review cannot come before the decision."
        )
    if draft.raised_on and draft.decided_on and draft.raised_on > draft.decided_on:
        fields.errors["raised_on"] = translate(
            "Risks", "The question cannot be raised after it was decided."
        )
    unknown = not ({"decided_on", "raised_on"} & fields.errors.keys())
    if draft.decided_on is None and draft.raised_on is None and unknown:
        fields.errors["decided_on"] = translate(
            "Risks", "Give the day it was decided, or (an open question) the day it was raised."
        )
    fields.raise_if_any()
    return draft


@dataclass(frozen=True, slots=True)
class Decision:
    id: int
    alliance_id: int
    draft: DecisionDraft
    version: int = field(default=1, compare=False)


@dataclass(frozen=True, slots=True)
class DecisionDue:
    """A decision not implemented, as Today ranks it: the few columns it reads, for tens of
    thousands at once (a whole `Decision` carries its rationale and alternatives too)."""

    id: int
    alliance_id: int
    title: str
    status: DecisionStatus
    decided_on: date | None
    review_date: date | None

    @classmethod
    def of(cls, decision: Decision) -> DecisionDue:
        draft = decision.draft
        return cls(decision.id, decision.alliance_id, draft.title, draft.status,
                   draft.decided_on, draft.review_date)  # fmt: skip

    def stalled(self, today: date, within_days: int) -> bool:
        """Still not implemented `within_days` after it was taken (as `not_implemented`)."""
        return (
            self.decided_on is not None
            and self.status is not DecisionStatus.IMPLEMENTED
            and (today - self.decided_on).days > within_days
        )


def not_implemented(decisions: Iterable[Decision], today: date, within_days: int = 60):
    """Decisions still not implemented `within_days` after they were taken, oldest first
    (an open question is not taken yet: nothing to implement)."""
    late = [
        (d.draft.decided_on, d)
        for d in decisions
        if d.draft.decided_on is not None
        and d.draft.status is not DecisionStatus.IMPLEMENTED
        and (today - d.draft.decided_on).days > within_days
    ]
    return [d for _day, d in sorted(late, key=lambda pair: pair[0])]


def past_review(decisions: Iterable[Decision], today: date) -> list[Decision]:
    return [
        d
        for d in decisions
        if d.draft.review_date is not None
        and d.draft.review_date < today
        and d.draft.status is not DecisionStatus.IMPLEMENTED
    ]
