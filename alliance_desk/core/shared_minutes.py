"""The minutes of a meeting as a document: one set of facts for both audiences.

For our own people `minutes_facts()` copies the whole record. For the partner it copies only
what the allow-list (core/audience.py) names, through `_shared`, and only approved minutes
(DESIGN: the partner receives the agenda and *approved* minutes): people flagged internal-only
(their attendance, their delegate, their name on an action) are left out, and so are decisions
not taken jointly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from alliance_desk.core.audience import internal_person, taken_jointly
from alliance_desk.core.i18n import translate
from alliance_desk.core.minutes import MeetingRecord
from alliance_desk.core.shared_facts import (
    SharedAction,
    SharedDecision,
    SharedMeeting,
    _meeting,
    _shared,
)


@dataclass(frozen=True, slots=True)
class SharedAttendance:
    KIND = "attendance"
    name: str
    attendance: str  # as the minutes say it: present, joined remotely, apologies …
    delegate: str


@dataclass(frozen=True, slots=True)
class SharedMinutesItem:
    KIND = "minutes_item"
    title: str
    minutes: str


@dataclass(frozen=True, slots=True)
class SharedAmendment:
    KIND = "amendment"
    made_at: datetime
    item_title: str
    text: str


@dataclass(frozen=True, slots=True)
class SharedMinutes:
    KIND = "minutes"
    meeting: SharedMeeting
    state: str  # "DRAFT — version 7" or "Approved 3 December 2026 by …"
    approved_on: date | None
    attendance: tuple[SharedAttendance, ...]
    quorum: str
    items: tuple[SharedMinutesItem, ...]
    carried: tuple[SharedAction, ...]
    review: tuple[SharedDecision, ...]
    decisions: tuple[SharedDecision, ...]
    amendments: tuple[SharedAmendment, ...]
    next_meeting: SharedMeeting | None


SHARED_MINUTES = (SharedAttendance, SharedMinutesItem, SharedAmendment, SharedMinutes)


def _decision(decision) -> SharedDecision:
    d = decision.draft
    return _shared(
        SharedDecision,
        title=d.title,
        decided_on=d.decided_on,
        forum=d.forum,
        makers=d.makers,
        status=d.status,
    )


def minutes_facts(record: MeetingRecord, people: Sequence, *, partner: bool) -> SharedMinutes:
    """The minutes of `record`; `people`: the alliance's stakeholders (core Stakeholder).
    For the partner (`partner=True`) only approved minutes, and only shared facts."""
    if partner and not record.locked:
        raise ValueError(
            translate(
                "SharedMinutes", "Only approved minutes go to the partner: approve them first."
            )
        )
    hidden = {s.person.id for s in people if internal_person(s)} if partner else set()
    names = {a.person_id: a.name for a in record.attendees} | {s.person.id: s.name for s in people}
    names = {pid: name for pid, name in names.items() if pid not in hidden}
    jointly = taken_jointly if partner else (lambda _d: True)

    def name(person_id: int | None) -> str:
        return names.get(person_id, "") if person_id else ""

    return _shared(
        SharedMinutes,
        meeting=_meeting(record.meeting, names),
        state=record.state,
        approved_on=record.approved_at.date() if record.approved_at else None,
        attendance=tuple(
            _shared(
                SharedAttendance,
                name=a.name,
                attendance=a.attendance.label,
                delegate=a.delegate,
            )
            for a in record.attendees
            if a.person_id not in hidden
        ),
        quorum=record.quorum.describe(),
        items=tuple(
            _shared(SharedMinutesItem, title=item.title, minutes=item.record)
            for item in record.meeting.agenda
        ),
        carried=tuple(
            _shared(
                SharedAction,
                title=c.action.title,
                owner=name(c.action.owner_id),
                due=c.action.due,
                status=c.action.status,
            )
            for c in record.carried
        ),
        review=tuple(_decision(d) for d in record.to_review if jointly(d)),
        decisions=tuple(_decision(d) for d in record.decisions if jointly(d)),
        amendments=tuple(
            _shared(SharedAmendment, made_at=a.made_at, item_title=a.item_title, text=a.text)
            for a in record.amendments
        ),
        next_meeting=_meeting(record.next_meeting, names) if record.next_meeting else None,
    )
