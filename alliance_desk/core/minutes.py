"""A meeting as it is run and recorded: who actually came, whether the committee was quorate,
the actions carried over from earlier meetings, the minutes of each item and their approval.

Attendance is per invitee: present, remote, sent apologies, or sent a named delegate (someone
who stands in for them and counts toward the quorum); "invited" until the meeting records it.
A committee's quorum is the number of its members of each side who must attend (present,
remote or by delegate); 0 means no rule for that side.

Carry-over: a new meeting of a committee starts with the item "Actions from the previous
meeting", which lists every action of the committee's earlier meetings still open — and those
this meeting closed, so its minutes say so. Their status is changed on the actions themselves,
never copied. Decisions of the alliance not yet implemented are listed for review beside them.

Minutes are a draft (numbered by the meeting's version, which moves with every change) until
the committee approves them; then they are locked, and a later change is a dated amendment
shown beside the approved text, which stays as it was approved.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from alliance_desk.core.dates import shown
from alliance_desk.core.governance import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Body,
    Meeting,
    Purpose,
)
from alliance_desk.core.i18n import QT_TRANSLATE_NOOP, Labelled, label_members, translate
from alliance_desk.core.people import Side
from alliance_desk.core.risks import Decision, DecisionStatus
from alliance_desk.core.validation import FieldCollector, FieldError, clean_text, parse_choice

CARRY_OVER_TITLE = "Actions from the previous meeting"


class Attendance(Labelled, enum.StrEnum):
    INVITED = "invited"
    PRESENT = "present"
    REMOTE = "remote"
    APOLOGIES = "apologies"
    DELEGATE = "delegate"

    @property
    def attends(self) -> bool:
        """Whether they (or their delegate) were in the meeting, for the quorum."""
        return self in (Attendance.PRESENT, Attendance.REMOTE, Attendance.DELEGATE)


label_members(
    Attendance,
    {
        Attendance.INVITED: QT_TRANSLATE_NOOP("Attendance", "Invited"),
        Attendance.PRESENT: QT_TRANSLATE_NOOP("Attendance", "Present"),
        Attendance.REMOTE: QT_TRANSLATE_NOOP("Attendance", "Joined remotely"),
        Attendance.APOLOGIES: QT_TRANSLATE_NOOP("Attendance", "Apologies"),
        Attendance.DELEGATE: QT_TRANSLATE_NOOP("Attendance", "Sent a delegate"),
    },
)


@dataclass(frozen=True, slots=True)
class Attendee:
    person_id: int
    name: str
    side: Side
    email: str = ""
    attendance: Attendance = Attendance.INVITED
    delegate: str = ""  # who stood in for them
    member: bool = False  # sits on the committee (counts toward its quorum)

    @property
    def described(self) -> str:
        if self.attendance is Attendance.DELEGATE:
            return (
                translate("Attendance", "represented by {name}").format(name=self.delegate)
                if self.delegate
                else translate("Attendance", "sent a delegate")
            )
        return self.attendance.label


def validate_attendance(raw: Mapping[str, object]) -> tuple[Attendance, str]:
    """An attendance and, for a delegate, the delegate's name (required)."""
    fields = FieldCollector()
    attendance = fields.take(
        "attendance", parse_choice, Attendance, raw.get("attendance"), Attendance.INVITED
    )
    delegate = fields.take("delegate", clean_text, raw.get("delegate"), max_length=200) or ""
    if attendance is Attendance.DELEGATE and not delegate and "delegate" not in fields.errors:
        fields.errors["delegate"] = translate("Minutes", "Name the delegate who stands in.")
    fields.raise_if_any()
    return attendance, delegate if attendance is Attendance.DELEGATE else ""


@dataclass(frozen=True, slots=True)
class Quorum:
    ours_needed: int
    ours_attending: int
    theirs_needed: int
    theirs_attending: int

    @property
    def met(self) -> bool:
        return (
            self.ours_attending >= self.ours_needed and self.theirs_attending >= self.theirs_needed
        )

    @property
    def ruled(self) -> bool:
        """Whether the committee has a quorum at all."""
        return bool(self.ours_needed or self.theirs_needed)

    def describe(self) -> str:
        if not self.ruled:
            return translate("Quorum", "No quorum set for this committee.")
        if self.met:
            text = translate(
                "Quorum",
                "Quorum met: our side {ours} attending ({ours_needed} needed), "
                "partner {theirs} attending ({theirs_needed} needed).",
            )
        else:
            text = translate(
                "Quorum",
                "Quorum NOT met: our side {ours} attending ({ours_needed} needed), "
                "partner {theirs} attending ({theirs_needed} needed).",
            )
        return text.format(
            ours=self.ours_attending,
            ours_needed=self.ours_needed,
            theirs=self.theirs_attending,
            theirs_needed=self.theirs_needed,
        )


def quorum(body: Body, attendees: Iterable[Attendee]) -> Quorum:
    """Members of each side attending (in person, remotely or by delegate) against the
    committee's rule."""
    attending = [a for a in attendees if a.member and a.attendance.attends]
    ours = sum(1 for a in attending if a.side is Side.INTERNAL)
    return Quorum(body.quorum_ours, ours, body.quorum_theirs, len(attending) - ours)


def parse_quorum(value: object) -> int:
    text = ("" if value is None else str(value)).strip() or "0"
    if not text.isdigit() or int(text) > 200:
        raise FieldError(
            translate("Minutes", "Enter how many members must attend (0 for no rule).")
        )
    return int(text)


def carry_over_item(minutes: int = 10) -> AgendaItem:
    """The item a new meeting starts with: the review of actions still open."""
    return AgendaItem(CARRY_OVER_TITLE, Purpose.DISCUSSION, minutes, carry_over=True)


def opening_agenda(copied: Iterable[AgendaItem]) -> list[AgendaItem]:
    """A new meeting's agenda: the review of open actions first, then the rest."""
    return [carry_over_item(), *(item for item in copied if not item.carry_over)]


@dataclass(frozen=True, slots=True)
class CarriedAction:
    """An action of an earlier meeting, reviewed in this one."""

    action: ActionItem
    meeting_id: int
    meeting_day: date


@dataclass(frozen=True, slots=True)
class Amendment:
    made_at: datetime
    item_title: str
    text: str


@dataclass(frozen=True, slots=True)
class MeetingRecord:
    """Everything the meeting mode shows and the minutes say."""

    meeting: Meeting
    body: Body
    alliance_name: str
    attendees: tuple[Attendee, ...]
    carried: tuple[CarriedAction, ...]  # open actions of earlier meetings (and those closed here)
    to_review: tuple[Decision, ...]  # decisions of the alliance not yet implemented
    decisions: tuple[Decision, ...]  # taken in this meeting
    amendments: tuple[Amendment, ...] = ()
    approved_at: datetime | None = None
    approved_by: str = ""
    next_meeting: Meeting | None = None

    @property
    def quorum(self) -> Quorum:
        return quorum(self.body, self.attendees)

    @property
    def locked(self) -> bool:
        return self.approved_at is not None

    @property
    def version(self) -> int:
        return self.meeting.version

    @property
    def state(self) -> str:
        if self.approved_at is None:
            return translate("Minutes", "DRAFT — version {version}").format(version=self.version)
        day = shown(self.approved_at)
        if self.approved_by:
            return translate("Minutes", "Approved {day} by {name}").format(
                day=day, name=self.approved_by
            )
        return translate("Minutes", "Approved {day}").format(day=day)

    def names(self) -> dict[int, str]:
        return {a.person_id: a.name for a in self.attendees}


def awaiting_review(decisions: Iterable[Decision], before: date) -> list[Decision]:
    """Decisions taken before `before` and not implemented yet, oldest first (an open
    question is not taken: it has nothing to implement)."""
    taken = [
        (d.draft.decided_on, d)
        for d in decisions
        if d.draft.decided_on is not None
        and d.draft.status is not DecisionStatus.IMPLEMENTED
        and d.draft.decided_on < before
    ]
    return [d for _day, d in sorted(taken, key=lambda pair: pair[0])]


def still_open(carried: Iterable[CarriedAction]) -> list[CarriedAction]:
    return [c for c in carried if c.action.status is ActionStatus.OPEN]
