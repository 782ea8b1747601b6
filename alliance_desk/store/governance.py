"""Queries and commands for governance bodies, meetings and health checks, and the meeting
invitation as an iCalendar (.ics) file."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import UTC, date, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from alliance_desk import APP_NAME, __version__
from alliance_desk.core import wall
from alliance_desk.core.dates import shown
from alliance_desk.core.governance import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Body,
    BodyKind,
    ComingMeeting,
    HealthCheck,
    LateAction,
    Meeting,
    MeetingDraft,
    Purpose,
    members_by_role,
)
from alliance_desk.core.risks import DecisionDraft
from alliance_desk.store import batch, fence, registers, versions
from alliance_desk.store.database import Store
from alliance_desk.store.errors import StoreError
from alliance_desk.store.models import (
    ActionItemRow,
    AgendaItemRow,
    AllianceRow,
    BodyMemberRow,
    DecisionRow,
    GovernanceBodyRow,
    HealthCheckRow,
    HealthScoreRow,
    MeetingAttendeeRow,
    MeetingRow,
    PersonRow,
    StakeholderRow,
    plain,
    table,
)
from alliance_desk.store.retry import retried
from alliance_desk.store.risks import decision_columns

# -- bodies -------------------------------------------------------------------------------------


def list_bodies(store: Store, alliance_id: int | None = None) -> list[Body]:
    with store.read() as session:
        rows = registers.rows_for(
            session, GovernanceBodyRow, alliance_id, table(GovernanceBodyRow).c.name
        )
        members = session.execute(
            select(BodyMemberRow.body_id, BodyMemberRow.stakeholder_id).where(
                BodyMemberRow.body_id.in_([row.id for row in rows])
            )
        ).all()
    by_body: dict[int, list[int]] = defaultdict(list)
    for body_id, stakeholder_id in members:
        by_body[body_id].append(stakeholder_id)
    return [
        Body(
            row.id,
            row.alliance_id,
            row.name,
            BodyKind(row.kind),
            tuple(sorted(by_body[row.id])),
            row.version,
            row.quorum_ours,
            row.quorum_theirs,
            row.recurrence,
        )
        for row in rows
    ]


@retried
def create_body(
    store: Store,
    alliance_id: int,
    name: str,
    kind: BodyKind,
    member_ids: Iterable[int] | None = None,
) -> int:
    """Create a committee; its members are `member_ids`, or with None, everyone on the
    alliance whose roles name its kind (`core.governance.members_by_role`)."""
    with store.write() as session:
        body_id = registers.insert(
            session, GovernanceBodyRow, alliance_id, {"name": name, "kind": kind.value}
        )
        if member_ids is None:
            roles = session.execute(
                select(StakeholderRow.id, StakeholderRow.role).where(
                    StakeholderRow.alliance_id == alliance_id
                )
            ).all()
            member_ids = members_by_role(kind, roles)
        _set_members(session, body_id, member_ids)
        return body_id


def _set_members(session: Session, body_id: int, stakeholder_ids: Iterable[int]) -> None:
    session.execute(delete(BodyMemberRow).where(BodyMemberRow.body_id == body_id))
    for stakeholder_id in dict.fromkeys(stakeholder_ids):
        session.add(BodyMemberRow(body_id=body_id, stakeholder_id=stakeholder_id))


@retried
def set_members(
    store: Store,
    body_id: int,
    stakeholder_ids: Iterable[int],
    *,
    expected_version: int | None = None,
) -> tuple[int, ...]:
    """Replace a body's members; returns the previous ones (for undo). With
    `expected_version`, members changed elsewhere since raise ConflictError instead."""
    with store.write() as session:
        body = session.get(GovernanceBodyRow, body_id)
        if body is None:
            raise StoreError("That committee no longer exists.")
        versions.check(body, expected_version, body.name, versions.SHOWN_NOW)
        versions.touch(body)
        before = tuple(
            session.scalars(
                select(BodyMemberRow.stakeholder_id).where(BodyMemberRow.body_id == body_id)
            )
        )
        _set_members(session, body_id, stakeholder_ids)
        return before


@retried
def delete_body(store: Store, body_id: int) -> None:
    with store.write() as session:
        session.execute(delete(GovernanceBodyRow).where(GovernanceBodyRow.id == body_id))


# -- meetings ------------------------------------------------------------------------------------


def list_meetings(
    store: Store, alliance_id: int | None = None, meeting_id: int | None = None
) -> list[Meeting]:
    """Meetings of live alliances, most recent first, with agenda, attendees and actions."""
    with store.read() as session:
        query = (
            select(plain(MeetingRow), GovernanceBodyRow.alliance_id, GovernanceBodyRow.name)
            .join(GovernanceBodyRow, GovernanceBodyRow.id == MeetingRow.body_id)
            .join(AllianceRow, AllianceRow.id == GovernanceBodyRow.alliance_id)
            .where(AllianceRow.deleted_at.is_(None))
        )
        if alliance_id is not None:
            query = query.where(GovernanceBodyRow.alliance_id == alliance_id)
        if meeting_id is not None:
            query = query.where(MeetingRow.id == meeting_id)
        rows = session.execute(query.order_by(MeetingRow.starts_at.desc())).all()
        ids = [row.id for row, *_ in rows]
        agenda = session.scalars(
            select(plain(AgendaItemRow))
            .where(AgendaItemRow.meeting_id.in_(ids))
            .order_by(AgendaItemRow.meeting_id, AgendaItemRow.position)
        ).all()
        actions = session.scalars(
            select(plain(ActionItemRow))
            .where(ActionItemRow.meeting_id.in_(ids))
            .order_by(ActionItemRow.id)
        ).all()
        attendees = session.execute(
            select(MeetingAttendeeRow.meeting_id, MeetingAttendeeRow.person_id).where(
                MeetingAttendeeRow.meeting_id.in_(ids)
            )
        ).all()
    agenda_by: dict[int, list[AgendaItem]] = defaultdict(list)
    for item in agenda:
        agenda_by[item.meeting_id].append(
            AgendaItem(
                item.title,
                Purpose(item.purpose),
                item.minutes,
                item.presenter_id,
                item.notes,
                item.record,
                item.carry_over,
                item.id,
            )
        )
    actions_by: dict[int, list[ActionItem]] = defaultdict(list)
    for action in actions:
        actions_by[action.meeting_id].append(
            ActionItem(
                action.title,
                action.owner_id,
                action.due_date,
                ActionStatus(action.status),
                action.id,
                action.version,
                action.side,
                action.reviewed_in,
            )
        )
    people_by: dict[int, list[int]] = defaultdict(list)
    for mid, pid in attendees:
        people_by[mid].append(pid)
    return [
        Meeting(
            id=row.id,
            alliance_id=aid,
            body_name=body_name,
            draft=MeetingDraft(
                row.body_id, row.starts_at, row.ends_at, row.location, row.time_zone, row.format
            ),
            attendee_ids=tuple(sorted(people_by[row.id])),
            agenda=tuple(agenda_by[row.id]),
            actions=tuple(actions_by[row.id]),
            version=row.version,
        )
        for row, aid, body_name in rows
    ]


def coming_meetings(store: Store, now: datetime, limit: int | None = 5) -> list[ComingMeeting]:
    """The next `limit` meetings of live alliances (None: all), soonest first, in one statement."""
    return batch.run(store, coming_meetings_query(now, limit))


def coming_meetings_query(
    now: batch.When, limit: int | None = 5
) -> batch.Query[list[ComingMeeting]]:
    meetings, bodies, alliances = table(MeetingRow), table(GovernanceBodyRow), table(AllianceRow)
    agenda = table(AgendaItemRow).c
    agenda_items = (
        select(func.count(agenda.id)).where(agenda.meeting_id == meetings.c.id).scalar_subquery()
    )
    return batch.Query(
        (  # plain Core, like every query of Today
            select(
                meetings.c.id,
                bodies.c.alliance_id,
                bodies.c.name,
                meetings.c.starts_at,
                meetings.c.location,
                agenda_items,
            )
            .join_from(meetings, bodies, bodies.c.id == meetings.c.body_id)
            .join(alliances, alliances.c.id == bodies.c.alliance_id)
            .where(alliances.c.deleted_at.is_(None), meetings.c.starts_at >= now)
            .order_by(meetings.c.starts_at)
            .limit(fence.limit(limit))
        ),
        lambda rows: [ComingMeeting(*row) for row in rows],
    )


def late_actions(store: Store, today: date) -> list[LateAction]:
    """Open actions of live alliances due before `today`, the longest overdue first."""
    return batch.run(store, late_actions_query(today))


def late_actions_query(today: date) -> batch.Query[list[LateAction]]:
    actions, meetings = table(ActionItemRow), table(MeetingRow)
    bodies, alliances = table(GovernanceBodyRow), table(AllianceRow)
    return batch.Query(
        (
            select(
                actions.c.title,
                actions.c.due_date,
                meetings.c.id,
                bodies.c.alliance_id,
                bodies.c.name,
                actions.c.id,
            )
            .join_from(actions, meetings, meetings.c.id == actions.c.meeting_id)
            .join(bodies, bodies.c.id == meetings.c.body_id)
            .join(alliances, alliances.c.id == bodies.c.alliance_id)
            .where(
                alliances.c.deleted_at.is_(None),
                actions.c.status == ActionStatus.OPEN.value,
                actions.c.due_date < today,
            )
            .order_by(actions.c.due_date, actions.c.id)
        ),
        lambda rows: [LateAction(*row) for row in rows],
    )


def get_meeting(store: Store, meeting_id: int) -> Meeting:
    found = list_meetings(store, meeting_id=meeting_id)
    if not found:
        raise StoreError("That meeting no longer exists.")
    return found[0]


def previous_meeting(store: Store, body_id: int, before: datetime) -> Meeting | None:
    with store.read() as session:
        meeting_id = session.scalar(
            select(MeetingRow.id)
            .where(MeetingRow.body_id == body_id, MeetingRow.starts_at < before)
            .order_by(MeetingRow.starts_at.desc())
            .limit(fence.limit(1))
        )
    return get_meeting(store, meeting_id) if meeting_id else None


@retried
def create_meeting(
    store: Store,
    draft: MeetingDraft,
    agenda: Iterable[AgendaItem] = (),
    attendee_ids: Iterable[int] = (),
    actions: Iterable[ActionItem] = (),
) -> int:
    """A meeting of a committee with its agenda, attendees and (when one is put back by undo)
    its action items, in one transaction; returns its id."""
    with store.write() as session:
        if session.get(GovernanceBodyRow, draft.body_id) is None:
            raise StoreError("That committee no longer exists.")
        row = MeetingRow(
            body_id=draft.body_id,
            starts_at=draft.starts_at,
            ends_at=draft.ends_at,
            location=draft.location,
            time_zone=draft.time_zone,
            format=draft.format,
        )
        session.add(row)
        session.flush()
        _set_agenda(session, row.id, agenda)
        _set_attendees(session, row.id, attendee_ids)
        for action in actions:
            _add_action(session, row.id, action)
        return row.id


def _meeting(
    session: Session, meeting_id: int, expected_version: int | None, then: str = versions.SHOWN_NOW
) -> MeetingRow:
    """The meeting, checked to be at `expected_version`; its version moves on with the edit
    even when only its agenda or attendees change."""
    row = session.get(MeetingRow, meeting_id)
    if row is None:
        raise StoreError("That meeting no longer exists.")

    def title() -> str:
        body = session.get_one(GovernanceBodyRow, row.body_id)
        return f"The {body.name} meeting of {shown(row.starts_at)}"

    versions.check(row, expected_version, title, then)
    versions.touch(row)
    return row


@retried
def update_meeting(
    store: Store, meeting_id: int, draft: MeetingDraft, *, expected_version: int | None = None
) -> None:
    """Change when and where; `expected_version`: refuse (ConflictError) a change begun
    before one saved elsewhere."""
    with store.write() as session:
        row = _meeting(session, meeting_id, expected_version, versions.IN_FORM)
        row.starts_at, row.ends_at, row.location = draft.starts_at, draft.ends_at, draft.location
        row.time_zone, row.format = draft.time_zone, draft.format


def _set_agenda(session: Session, meeting_id: int, items: Iterable[AgendaItem]) -> None:
    session.execute(delete(AgendaItemRow).where(AgendaItemRow.meeting_id == meeting_id))
    for position, item in enumerate(items):
        session.add(
            AgendaItemRow(
                meeting_id=meeting_id,
                position=position,
                title=item.title,
                purpose=item.purpose.value,
                minutes=item.minutes,
                presenter_id=item.presenter_id,
                notes=item.notes,
                record=item.record,
                carry_over=item.carry_over,
            )
        )


@retried
def set_agenda(
    store: Store,
    meeting_id: int,
    items: Iterable[AgendaItem],
    *,
    expected_version: int | None = None,
) -> None:
    """Replace the agenda (`expected_version`: only if the meeting is still at it)."""
    with store.write() as session:
        _meeting(session, meeting_id, expected_version)
        _set_agenda(session, meeting_id, items)


def _set_attendees(session: Session, meeting_id: int, person_ids: Iterable[int]) -> None:
    """Invite exactly `person_ids`; those still invited keep the attendance recorded for them."""
    wanted = list(dict.fromkeys(person_ids))
    session.execute(
        delete(MeetingAttendeeRow).where(
            MeetingAttendeeRow.meeting_id == meeting_id,
            MeetingAttendeeRow.person_id.not_in(wanted),
        )
    )
    kept = set(
        session.scalars(
            select(MeetingAttendeeRow.person_id).where(MeetingAttendeeRow.meeting_id == meeting_id)
        )
    )
    for person_id in wanted:
        if person_id not in kept:
            session.add(MeetingAttendeeRow(meeting_id=meeting_id, person_id=person_id))


@retried
def set_attendees(
    store: Store,
    meeting_id: int,
    person_ids: Iterable[int],
    *,
    expected_version: int | None = None,
) -> tuple[int, ...]:
    """Replace who attends; returns who did before."""
    with store.write() as session:
        _meeting(session, meeting_id, expected_version)
        before = tuple(
            session.scalars(
                select(MeetingAttendeeRow.person_id).where(
                    MeetingAttendeeRow.meeting_id == meeting_id
                )
            )
        )
        _set_attendees(session, meeting_id, person_ids)
        return before


@retried
def delete_meeting(store: Store, meeting_id: int) -> None:
    with store.write() as session:
        session.execute(delete(MeetingRow).where(MeetingRow.id == meeting_id))


def _add_action(session: Session, meeting_id: int, action: ActionItem) -> int:
    row = ActionItemRow(
        meeting_id=meeting_id,
        title=action.title,
        owner_id=action.owner_id,
        due_date=action.due,
        status=action.status.value,
        side=action.side,
        reviewed_in=action.reviewed_in,
    )
    session.add(row)
    session.flush()
    return row.id


@retried
def add_action(store: Store, meeting_id: int, action: ActionItem) -> int:
    with store.write() as session:
        return _add_action(session, meeting_id, action)


@retried
def set_action_status(
    store: Store, action_id: int, status: ActionStatus, *, expected_version: int | None = None
) -> None:
    with store.write() as session:
        row = session.get(ActionItemRow, action_id)
        if row is None:
            raise StoreError("That action no longer exists.")
        versions.check(row, expected_version, row.title, versions.SHOWN_NOW)
        row.status = status.value


@retried
def delete_action(store: Store, action_id: int) -> None:
    with store.write() as session:
        session.execute(delete(ActionItemRow).where(ActionItemRow.id == action_id))


@retried
def record_decision(store: Store, meeting_id: int, draft: DecisionDraft) -> int:
    """A decision taken in a meeting goes into the decision log, linked to the meeting and
    with the committee as its forum unless one was given."""
    with store.write() as session:
        found = session.execute(
            select(GovernanceBodyRow.alliance_id, GovernanceBodyRow.name)
            .join(MeetingRow, MeetingRow.body_id == GovernanceBodyRow.id)
            .where(MeetingRow.id == meeting_id)
        ).first()
        if found is None:
            raise StoreError("That meeting no longer exists.")
        alliance_id, body_name = found
        linked = replace(draft, meeting_id=meeting_id, forum=draft.forum or body_name)
        return registers.insert(session, DecisionRow, alliance_id, decision_columns(linked))


def meeting_to_ics(store: Store, meeting: Meeting) -> bytes:
    """The meeting as a calendar invitation: its times in the meeting's own time zone (with the
    VTIMEZONE a calendar needs to convert them), the agenda with its presenters in the
    description, every attendee by name."""
    presenters = {item.presenter_id for item in meeting.agenda if item.presenter_id}
    wanted = set(meeting.attendee_ids) | presenters
    with store.read() as session:
        people = {
            pid: (name, email)
            for pid, name, email in session.execute(
                select(PersonRow.id, PersonRow.name, PersonRow.email).where(
                    PersonRow.id.in_(wanted)
                )
            ).all()
        }
        alliance = session.get_one(AllianceRow, meeting.alliance_id).name
    from icalendar import Calendar, Event, vCalAddress, vText  # only for this export

    zone = meeting.draft.zone
    starts = meeting.draft.starts_at.replace(tzinfo=zone)
    ends = meeting.draft.ends_at.replace(tzinfo=zone)
    calendar = Calendar()
    calendar.add("prodid", f"-//{APP_NAME}//{__version__}//EN")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"meeting-{meeting.id}@alliance-desk.invalid")
    event.add("dtstamp", wall.utcnow().replace(tzinfo=UTC, microsecond=0))
    event.add("dtstart", starts)
    event.add("dtend", ends)
    event.add("summary", f"{meeting.body_name} — {alliance}")
    if meeting.draft.location:
        event.add("location", meeting.draft.location)

    def name(person_id: int) -> str:
        return people.get(person_id, ("", ""))[0]

    lines = [
        f"{number}. {item.title} ({item.purpose.value}, {item.minutes} min"
        + (f", {name(item.presenter_id)}" if item.presenter_id and name(item.presenter_id) else "")
        + ")"
        for number, item in enumerate(meeting.agenda, start=1)
    ]
    when = f"Times in {zone.key}."
    event.add(
        "description", "\n".join(["Agenda", *lines, when] if lines else ["Agenda to follow.", when])
    )
    for person_id in meeting.attendee_ids:
        person_name, email = people.get(person_id, ("", ""))
        address = vCalAddress(f"mailto:{email or 'unknown@invalid'}")
        address.params["cn"] = vText(person_name)
        event.add("attendee", address, encode=False)
    calendar.add_component(event)
    calendar.add_missing_timezones(
        date(max(starts.year - 1, 1), 1, 1), date(min(ends.year + 2, 9999), 1, 1)
    )
    return calendar.to_ical()


# -- health checks -------------------------------------------------------------------------------


def list_checks(store: Store, alliance_id: int | None = None) -> list[HealthCheck]:
    """Health checks, oldest first."""
    with store.read() as session:
        rows = registers.rows_for(
            session, HealthCheckRow, alliance_id, table(HealthCheckRow).c.checked_on
        )
        scores = session.scalars(
            select(HealthScoreRow).where(HealthScoreRow.check_id.in_([r.id for r in rows]))
        ).all()
    by_check: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    for score in scores:
        by_check[score.check_id][score.dimension] = (score.ours, score.theirs)
    return [
        HealthCheck(row.id, row.alliance_id, row.checked_on, by_check[row.id], row.note)
        for row in rows
    ]


@retried
def add_check(
    store: Store,
    alliance_id: int,
    checked_on: date,
    scores: Mapping[str, tuple[int, int]],
    note: str = "",
) -> int:
    """A health check with both sides' scores, in one transaction; returns its id."""
    with store.write() as session:
        check_id = registers.insert(
            session, HealthCheckRow, alliance_id, {"checked_on": checked_on, "note": note}
        )
        for key, (ours, theirs) in scores.items():
            session.add(HealthScoreRow(check_id=check_id, dimension=key, ours=ours, theirs=theirs))
        return check_id


@retried
def delete_check(store: Store, check_id: int) -> None:
    with store.write() as session:
        session.execute(delete(HealthCheckRow).where(HealthCheckRow.id == check_id))
