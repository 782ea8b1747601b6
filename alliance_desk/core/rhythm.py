"""Tier sets the rhythm: how often a tier-1, -2 or -3 alliance should see contact with its
people, a review of its risks, a health check and a committee meeting (a portfolio rule per
tier, core/policy.py), and which of these an alliance is missing, in words.

An alliance misses its rhythm when, counted back from today:
- no contact with anyone on it was logged within the tier's contact interval;
- an open risk was last rated (reviewed) longer ago than the risk-review interval;
- its last health check is older than the health-check interval (or there is none);
- its committees last met longer ago than the meeting interval and none is planned within it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from alliance_desk.core.validation import FieldError, parse_rating

MAX_RHYTHM_DAYS = 730


@dataclass(frozen=True, slots=True)
class Rhythm:
    contact_days: int
    risk_review_days: int
    health_days: int
    meeting_days: int

    def __post_init__(self) -> None:
        for days in (self.contact_days, self.risk_review_days, self.health_days,
                     self.meeting_days):  # fmt: skip
            parse_rating(days, low=1, high=MAX_RHYTHM_DAYS)

    def text(self) -> str:
        return (
            f"{self.contact_days}, {self.risk_review_days}, {self.health_days}, {self.meeting_days}"
        )


DEFAULT_RHYTHMS: tuple[Rhythm, Rhythm, Rhythm] = (
    Rhythm(14, 30, 90, 60),  # tier 1: strategic, high touch
    Rhythm(30, 60, 180, 90),  # tier 2
    Rhythm(60, 90, 365, 180),  # tier 3: light touch
)


def parse_rhythm(text: str) -> Rhythm:
    """Four numbers of days, in order: contact, risk review, health check, meeting."""
    parts = [p for p in text.replace("/", ",").replace(";", ",").split(",") if p.strip()]
    if len(parts) != 4:
        raise FieldError(
            "Give four numbers of days: contact, risk review, health check, meeting "
            "(e.g. 14, 30, 90, 60)."
        )
    try:
        return Rhythm(*(parse_rating(p, low=1, high=MAX_RHYTHM_DAYS) for p in parts))
    except FieldError as error:
        raise FieldError(f"Each interval: {error}") from None


@dataclass(frozen=True, slots=True)
class RhythmFacts:
    """When an alliance last saw each part of its rhythm (None: never)."""

    alliance_id: int
    last_contact: date | None = None
    last_check: date | None = None
    last_meeting: date | None = None
    next_meeting: date | None = None
    risk_reviews: tuple[date | None, ...] = ()  # each open risk's last rating


def _ago(day: date | None, today: date) -> str:
    return "never" if day is None else f"last {day:%d %b %Y}"


def missing(rhythm: Rhythm, facts: RhythmFacts, today: date) -> list[str]:
    """What the alliance is missing of its tier's rhythm, each in a few words."""
    found = []
    if facts.last_contact is None or (today - facts.last_contact).days > rhythm.contact_days:
        found.append(
            f"no contact in {rhythm.contact_days} days ({_ago(facts.last_contact, today)})"
        )
    stale = sum(
        1 for rated in facts.risk_reviews
        if rated is None or (today - rated).days > rhythm.risk_review_days
    )  # fmt: skip
    if stale:
        found.append(f"{stale} open risk(s) not reviewed in {rhythm.risk_review_days} days")
    if facts.last_check is None or (today - facts.last_check).days > rhythm.health_days:
        found.append(
            f"no health check in {rhythm.health_days} days ({_ago(facts.last_check, today)})"
        )
    met_lately = (
        facts.last_meeting is not None and (today - facts.last_meeting).days <= rhythm.meeting_days
    )
    planned = facts.next_meeting is not None and (facts.next_meeting - today).days <= (
        rhythm.meeting_days
    )
    if not met_lately and not planned:
        found.append(
            f"no committee meeting in {rhythm.meeting_days} days "
            f"({_ago(facts.last_meeting, today)})"
        )
    return found
