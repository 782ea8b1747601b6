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
from datetime import date, timedelta

from alliance_desk.core.dates import shown
from alliance_desk.core.i18n import QT_TRANSLATE_NOOP, Words, by_count, translate
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
            translate(
                "Rhythm",
                "Give four numbers of days: contact, risk review, health check, meeting "
                "(e.g. 14, 30, 90, 60).",
            )
        )
    try:
        return Rhythm(*(parse_rating(p, low=1, high=MAX_RHYTHM_DAYS) for p in parts))
    except FieldError as error:
        raise FieldError(
            translate("Rhythm", "Each interval: {error}").format(error=error)
        ) from None


@dataclass(frozen=True, slots=True)
class RhythmFacts:
    """When an alliance last saw each part of its rhythm (None: never)."""

    alliance_id: int
    last_contact: date | None = None
    last_check: date | None = None
    last_meeting: date | None = None
    next_meeting: date | None = None
    risk_reviews: tuple[date | None, ...] = ()  # each open risk's last rating
    # Or, counted by the store under the tier's interval (Today at scale): how many open
    # risks are not reviewed in time, and the oldest last rating among them (None: one was
    # never rated). When given, `risk_reviews` is not read.
    stale_reviews: tuple[int, date | None] | None = None


@dataclass(frozen=True, slots=True)
class RhythmGap:
    """One part of its tier's rhythm an alliance is missing: what, the tier's interval, when
    it last happened and since when it is due again."""

    alliance_id: int
    part: str  # contact, risks, health, meeting (PARTS)
    interval: int  # days, the tier's rule
    last: date | None  # when it last happened (None: never)
    due: date  # the day the rhythm ran out (today when it never happened)
    count: int = 1  # risks: how many open risks are not reviewed in time

    def days_since(self, today: date) -> int | None:
        return None if self.last is None else (today - self.last).days


# Each part, in the sentences Value ("no … in N days") and Today ("No … for N days") say: one
# whole sentence a part, so a translation can make each agree with its own noun.
NEVER_YET = Words(
    "Rhythm",
    {
        "contact": QT_TRANSLATE_NOOP("Rhythm", "No contact yet (due every {interval} days)"),
        "risks": QT_TRANSLATE_NOOP("Rhythm", "No risk review yet (due every {interval} days)"),
        "health": QT_TRANSLATE_NOOP("Rhythm", "No health check yet (due every {interval} days)"),
        "meeting": QT_TRANSLATE_NOOP(
            "Rhythm", "No committee meeting yet (due every {interval} days)"
        ),
    },
)
NONE_FOR = Words(
    "Rhythm",
    {
        "contact": QT_TRANSLATE_NOOP(
            "Rhythm", "No contact for {days} days (due every {interval} days)"
        ),
        "risks": QT_TRANSLATE_NOOP(
            "Rhythm", "No risk review for {days} days (due every {interval} days)"
        ),
        "health": QT_TRANSLATE_NOOP(
            "Rhythm", "No health check for {days} days (due every {interval} days)"
        ),
        "meeting": QT_TRANSLATE_NOOP(
            "Rhythm", "No committee meeting for {days} days (due every {interval} days)"
        ),
    },
)
NONE_IN = Words(
    "Rhythm",
    {
        "contact": QT_TRANSLATE_NOOP("Rhythm", "no contact in {interval} days ({last})"),
        "health": QT_TRANSLATE_NOOP("Rhythm", "no health check in {interval} days ({last})"),
        "meeting": QT_TRANSLATE_NOOP("Rhythm", "no committee meeting in {interval} days ({last})"),
    },
)


def gaps(
    rhythm: Rhythm, facts: RhythmFacts, today: date, since: date | None = None
) -> list[RhythmGap]:
    """What the alliance is missing of its tier's rhythm (see the module's docstring), in the
    order contact, risks, health, meeting. `since`: the day the alliance was added — what
    never happened is missing only once an interval has passed since then (without it, at
    once)."""
    found = []
    aid = facts.alliance_id

    def check(part: str, last: date | None, interval: int, count: int = 1) -> None:
        due = (last or since or today) + timedelta(days=interval if last or since else 0)
        if due < today or (last is None and since is None):
            found.append(RhythmGap(aid, part, interval, last, due, count))

    check("contact", facts.last_contact, rhythm.contact_days)
    if facts.stale_reviews is not None:
        late, oldest = facts.stale_reviews
    else:
        stale = [
            rated for rated in facts.risk_reviews
            if rated is None or (today - rated).days > rhythm.risk_review_days
        ]  # fmt: skip
        late = len(stale)
        oldest = None if None in stale else min((d for d in stale if d is not None), default=None)
    if late:
        check("risks", oldest, rhythm.risk_review_days, late)
    check("health", facts.last_check, rhythm.health_days)
    planned = facts.next_meeting is not None and (facts.next_meeting - today).days <= (
        rhythm.meeting_days
    )
    if not planned:
        check("meeting", facts.last_meeting, rhythm.meeting_days)
    return found


def added_on(alliance) -> date | None:
    """The day an alliance was added (None: not known): its rhythm counts from there."""
    created = getattr(alliance, "created_at", None)
    return created.date() if created is not None else None


def last_on(day: date) -> str:
    """ "last 03 Dec 2026": when a part of the rhythm last happened."""
    return translate("Rhythm", "last {day}").format(day=shown(day))


def _ago(day: date | None) -> str:
    return translate("Rhythm", "never") if day is None else last_on(day)


def missing(
    rhythm: Rhythm, facts: RhythmFacts, today: date, since: date | None = None
) -> list[str]:
    """What the alliance is missing of its tier's rhythm, each in a few words (`since`: as
    for `gaps`)."""
    words = []
    for gap in gaps(rhythm, facts, today, since):
        if gap.part == "risks":
            text = by_count(
                gap.count,
                translate("Rhythm", "{count} open risk not reviewed in {interval} days"),
                translate("Rhythm", "{count} open risks not reviewed in {interval} days"),
            )
            words.append(text.format(count=gap.count, interval=gap.interval))
        else:
            text = NONE_IN[gap.part]
            words.append(text.format(interval=gap.interval, last=_ago(gap.last)))
    return words
