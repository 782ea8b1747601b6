"""Running a meeting and keeping its record (core/minutes.py says what the record is): who
came, each item's minutes, the review of open actions carried over, approval and amendments.

Each function is one operation in one transaction; what it changed reaches the window as a
change set of the meeting (store/changes.py), like every other edit.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.orm import Session, aliased

from alliance_desk.core.governance import ActionItem, ActionStatus, Meeting
from alliance_desk.core.minutes import (
    Amendment,
    Attendance,
    Attendee,
    CarriedAction,
    MeetingRecord,
    awaiting_review,
)
from alliance_desk.core.packs import Audience
from alliance_desk.core.people import Side
from alliance_desk.store import (
    committees,
    fence,
    governance,
    meeting_calendar,
    portfolio,
    risks,
    stakeholders,
)
from alliance_desk.store.database import Store
from alliance_desk.store.errors import StoreError
from alliance_desk.store.models import (
    ActionItemRow,
    AgendaItemRow,
    AllianceRow,
    BodyMemberRow,
    GovernanceBodyRow,
    MeetingAttendeeRow,
    MeetingRow,
    MinutesAmendmentRow,
    PersonRow,
    StakeholderRow,
    utcnow,
)
from alliance_desk.store.retry import retried

LOCKED = "The minutes were approved and are locked: record the change as an amendment."
MINUTES_LENGTH = 100_000  # characters of minutes per item (about 40 pages)


def _text(value: str, what: str, max_length: int = MINUTES_LENGTH) -> str:
    """User text checked as every form checks it (no control characters, a sane length)."""
    from alliance_desk.core.validation import FieldError, clean_text

    try:
        return clean_text(value, max_length=max_length)
    except FieldError as error:
        raise StoreError(f"{what}: {error}") from None


def meeting_record(store: Store, meeting_id: int) -> MeetingRecord:
    """The meeting with its attendance, quorum, actions carried over, decisions to review and
    taken, approval and amendments — what meeting mode shows and the minutes print."""
    meeting = governance.get_meeting(store, meeting_id)
    body = next(
        b
        for b in committees.list_bodies(store, meeting.alliance_id)
        if b.id == meeting.draft.body_id
    )
    with store.read() as session:
        alliance_name = session.get_one(AllianceRow, meeting.alliance_id).name
        approval = session.execute(
            select(MeetingRow.minutes_approved_at, MeetingRow.minutes_approved_by).where(
                MeetingRow.id == meeting_id
            )
        ).one()
        attendees = _attendees(session, meeting_id, body.id)
        carried = _carried(session, meeting)
        amendments = tuple(
            Amendment(row.made_at, row.item_title, row.text)
            for row in session.scalars(
                select(MinutesAmendmentRow)
                .where(MinutesAmendmentRow.meeting_id == meeting_id)
                .order_by(MinutesAmendmentRow.made_at, MinutesAmendmentRow.id)
            )
        )
        next_id = session.scalar(
            select(MeetingRow.id)
            .where(MeetingRow.body_id == body.id, MeetingRow.starts_at > meeting.draft.starts_at)
            .order_by(MeetingRow.starts_at)
            .limit(fence.limit(1))
        )
    decisions = risks.list_decisions(store, meeting.alliance_id)
    taken = tuple(
        sorted(
            (d for d in decisions if d.draft.meeting_id == meeting_id),
            key=lambda d: (d.draft.decided_on or date.max, d.id),  # open questions last
        )
    )
    others = [d for d in decisions if d.draft.meeting_id != meeting_id]
    return MeetingRecord(
        meeting=meeting,
        body=body,
        alliance_name=alliance_name,
        attendees=attendees,
        carried=carried,
        to_review=tuple(awaiting_review(others, meeting.draft.starts_at.date())),
        decisions=taken,
        amendments=amendments,
        approved_at=approval[0],
        approved_by=approval[1],
        next_meeting=governance.get_meeting(store, next_id) if next_id else None,
    )


def _attendees(session: Session, meeting_id: int, body_id: int) -> tuple[Attendee, ...]:
    members = set(
        session.scalars(
            select(StakeholderRow.person_id)
            .join(BodyMemberRow, BodyMemberRow.stakeholder_id == StakeholderRow.id)
            .where(BodyMemberRow.body_id == body_id)
        )
    )
    rows = session.execute(
        select(
            PersonRow.id,
            PersonRow.name,
            PersonRow.side,
            PersonRow.email,
            MeetingAttendeeRow.attendance,
            MeetingAttendeeRow.delegate,
        )
        .join(MeetingAttendeeRow, MeetingAttendeeRow.person_id == PersonRow.id)
        .where(MeetingAttendeeRow.meeting_id == meeting_id)
    ).all()
    found = [
        Attendee(pid, name, Side(side), email, Attendance(att), delegate, pid in members)
        for pid, name, side, email, att, delegate in rows
    ]
    return tuple(sorted(found, key=lambda a: (a.side is not Side.INTERNAL, a.name.casefold())))


def _carried(session: Session, meeting: Meeting) -> tuple[CarriedAction, ...]:
    """Actions of the committee's earlier meetings still open, or closed in this meeting or a
    later one (so a meeting's record keeps listing what it reviewed)."""
    origin, reviewer = aliased(MeetingRow), aliased(MeetingRow)
    rows = session.execute(
        select(ActionItemRow, origin.starts_at)
        .join(origin, origin.id == ActionItemRow.meeting_id)
        .outerjoin(reviewer, reviewer.id == ActionItemRow.reviewed_in)
        .where(
            origin.body_id == meeting.draft.body_id,
            origin.starts_at < meeting.draft.starts_at,
            or_(
                ActionItemRow.status == ActionStatus.OPEN.value,
                reviewer.starts_at >= meeting.draft.starts_at,
            ),
        )
        .order_by(origin.starts_at, ActionItemRow.id)
    ).all()
    return tuple(
        CarriedAction(
            ActionItem(
                row.title,
                row.owner_id,
                row.due_date,
                ActionStatus(row.status),
                row.id,
                row.version,
                row.side,
                row.reviewed_in,
            ),
            row.meeting_id,
            starts.date(),
        )
        for row, starts in rows
    )


def _unlocked(session: Session, meeting_id: int) -> MeetingRow:
    row = governance._meeting(session, meeting_id, None)
    if row.minutes_approved_at is not None:
        raise StoreError(LOCKED)
    return row


@retried
def set_attendance(
    store: Store, meeting_id: int, person_id: int, attendance: Attendance, delegate: str = ""
) -> None:
    """Record how one invitee attended (a delegate by name); refused once approved."""
    delegate = _text(delegate, "The delegate's name", 200)
    with store.write() as session:
        _unlocked(session, meeting_id)
        done = session.execute(
            update(MeetingAttendeeRow)
            .where(
                MeetingAttendeeRow.meeting_id == meeting_id,
                MeetingAttendeeRow.person_id == person_id,
            )
            .values(
                attendance=attendance.value,
                delegate=delegate if attendance is Attendance.DELEGATE else "",
            )
        )
        if not done.rowcount:  # type: ignore[attr-defined]
            raise StoreError("That person is not invited to this meeting.")


@retried
def set_item_minutes(store: Store, meeting_id: int, item_id: int, text: str) -> None:
    """Save an agenda item's minutes as typed; refused once the minutes are approved."""
    text = _text(text, "The minutes")
    with store.write() as session:
        _unlocked(session, meeting_id)
        done = session.execute(
            update(AgendaItemRow)
            .where(AgendaItemRow.id == item_id, AgendaItemRow.meeting_id == meeting_id)
            .values(record=text)
        )
        if not done.rowcount:  # type: ignore[attr-defined]
            raise StoreError("That agenda item no longer exists (the agenda was changed).")


@retried
def set_committee_rules(
    store: Store,
    body_id: int,
    *,
    quorum: tuple[int, int] | None = None,
    recurrence: str | None = None,
) -> None:
    """A committee's quorum (members of our side and of the partner's a meeting needs; 0: no
    rule) and its series of meetings as an RRULE ('' none; checked by the caller with
    `core.cadence.validate_rrule`). None leaves that rule as it is."""
    with store.write() as session:
        body = session.get(GovernanceBodyRow, body_id)
        if body is None:
            raise StoreError("That committee no longer exists.")
        if quorum is not None:
            body.quorum_ours, body.quorum_theirs = quorum
        if recurrence is not None:
            body.recurrence = recurrence


@retried
def add_carry_over(store: Store, meeting_id: int, minutes: int = 10) -> bool:
    """Put "Actions from the previous meeting" first on the agenda, unless it is there;
    whether it was added."""
    from alliance_desk.core.minutes import CARRY_OVER_TITLE

    with store.write() as session:
        _unlocked(session, meeting_id)
        has = session.scalar(
            select(func.count(AgendaItemRow.id)).where(
                AgendaItemRow.meeting_id == meeting_id, AgendaItemRow.carry_over.is_(True)
            )
        )
        if has:
            return False
        session.execute(
            update(AgendaItemRow)
            .where(AgendaItemRow.meeting_id == meeting_id)
            .values(position=AgendaItemRow.position + 1)
        )
        session.execute(
            insert(AgendaItemRow).values(
                meeting_id=meeting_id,
                position=0,
                title=CARRY_OVER_TITLE,
                purpose="discussion",
                minutes=minutes,
                notes="",
                record="",
                carry_over=True,
            )
        )
        return True


@retried
def review_action(store: Store, meeting_id: int, action_id: int, status: ActionStatus) -> None:
    """Update a carried-over action's status in place, as reviewed in this meeting."""
    with store.write() as session:
        _unlocked(session, meeting_id)
        row = session.get(ActionItemRow, action_id)
        if row is None:
            raise StoreError("That action no longer exists.")
        row.status, row.reviewed_in = status.value, meeting_id


@retried
def approve_minutes(store: Store, meeting_id: int, by: str = "") -> datetime:
    """Approve and lock the minutes; later changes are amendments. Returns when."""
    with store.write() as session:
        row = _unlocked(session, meeting_id)
        row.minutes_approved_at = utcnow()
        row.minutes_approved_by = _text(by, "Who approved", 200)
        return row.minutes_approved_at


@retried
def amend_minutes(store: Store, meeting_id: int, item_title: str, text: str) -> int:
    """A dated amendment to approved minutes (the approved text stays as it was)."""
    text = _text(text, "The amendment")
    if not text:
        raise StoreError("An amendment needs its text.")
    with store.write() as session:
        row = governance._meeting(session, meeting_id, None)
        if row.minutes_approved_at is None:
            raise StoreError("The minutes are still a draft: change them directly.")
        amendment = MinutesAmendmentRow(
            meeting_id=meeting_id, made_at=utcnow(), item_title=item_title[:300], text=text
        )
        session.add(amendment)
        session.flush()
        return amendment.id


def minutes_document(store: Store, meeting_id: int, audience: Audience) -> tuple:
    """The minutes of a meeting for `audience`: (SharedMinutes, alliance name). For the
    partner only approved minutes of a shared alliance, and only the shared facts of them."""
    from alliance_desk.core.shared_minutes import minutes_facts

    record = meeting_record(store, meeting_id)
    partner = audience is Audience.PARTNER
    if partner and not record.locked:
        raise StoreError(
            "Only approved minutes go to the partner: approve them first (a draft is ours)."
        )
    if partner and portfolio.get_alliance(store, record.meeting.alliance_id).internal_only:
        raise StoreError("This alliance is flagged internal-only: it has no partner version.")
    people = stakeholders.list_stakeholders(store, record.meeting.alliance_id)
    return minutes_facts(record, people, partner=partner), record.alliance_name


SERIES_YEARS = 10  # how far ahead a series' time zone rules are written

PARTSTAT = {
    Attendance.INVITED: "NEEDS-ACTION",
    Attendance.PRESENT: "ACCEPTED",
    Attendance.REMOTE: "ACCEPTED",
    Attendance.APOLOGIES: "DECLINED",
    Attendance.DELEGATE: "DELEGATED",
}


def invitation(
    store: Store, meeting_id: int, *, series: str | None = None, organiser: str = ""
) -> bytes:
    """The meeting as an .ics invitation (store.meeting_calendar.meeting_to_ics: its time zone with
    the VTIMEZONE, the agenda in the description, every attendee) with its organiser, each
    attendee's reply as recorded, the format and, with `series`, the committee's series of
    meetings: `series` is an RRULE, or '' for the committee's own (refused when it has none).
    `organiser`: an e-mail address; by default the first of our side invited with one."""
    from icalendar import Calendar, vCalAddress, vRecur, vText

    from alliance_desk.core.cadence import validate_rrule
    from alliance_desk.core.validation import FieldError

    record = meeting_record(store, meeting_id)
    rule = ""
    if series is not None:
        rule = series.strip() or record.body.recurrence
        if not rule:
            raise StoreError(
                f"{record.body.name} has no series of meetings: give one, e.g. "
                "FREQ=MONTHLY;INTERVAL=3."
            )
        try:
            rule = validate_rrule(rule)
        except FieldError as error:
            raise StoreError(str(error)) from None
    calendar = Calendar.from_ical(meeting_calendar.meeting_to_ics(store, record.meeting))
    (event,) = calendar.walk("VEVENT")
    by_email = {a.email.casefold(): a for a in record.attendees if a.email}
    chosen = by_email.get(organiser.strip().casefold()) if organiser else None
    if chosen is None and not organiser:
        chosen = next((a for a in record.attendees if a.side is Side.INTERNAL and a.email), None)
    address = organiser.strip() or (chosen.email if chosen else "")
    if address:
        who = vCalAddress(f"mailto:{address}")
        if chosen is not None:
            who.params["cn"] = vText(chosen.name)
        event["organizer"] = who
    replies = {f"mailto:{a.email}".casefold(): a for a in record.attendees if a.email}
    attendees = event.get("attendee", [])
    for attendee in attendees if isinstance(attendees, list) else [attendees]:
        found = replies.get(str(attendee).casefold())
        if found is not None:
            attendee.params["partstat"] = PARTSTAT[found.attendance]
            if found.attendance is Attendance.DELEGATE and found.delegate:
                attendee.params["x-delegate"] = vText(found.delegate)
    if record.meeting.draft.format:
        event["description"] = vText(
            f"{event['description']}\nFormat: {record.meeting.draft.format}."
        )
    if rule:
        event["uid"] = f"committee-{record.body.id}-series@alliance-desk.invalid"
        event.add("rrule", vRecur.from_ical(rule))
        # The zone's rules must cover the whole series, not only the first meeting's years.
        calendar.subcomponents = [c for c in calendar.subcomponents if c.name != "VTIMEZONE"]
        first = record.meeting.draft.starts_at.date()
        calendar.add_missing_timezones(
            date(max(first.year - 1, 1), 1, 1), date(min(first.year + SERIES_YEARS, 9999), 1, 1)
        )
    return calendar.to_ical()
