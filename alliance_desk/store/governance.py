"""Queries and commands for governance meetings: agendas, attendees, actions and the
decisions taken. The bodies themselves are store/committees.py, health checks
store/health_checks.py, the invitation file store/meeting_calendar.py."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from alliance_desk.core.dates import shown
from alliance_desk.core.governance import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    ComingMeeting,
    LateAction,
    Meeting,
    MeetingDraft,
    Purpose,
)
from alliance_desk.core.risks import DecisionDraft
from alliance_desk.store import batch, fence, registers, versions
from alliance_desk.store.database import Store
from alliance_desk.store.errors import StoreError
from alliance_desk.store.models import (
    ActionItemRow,
    AgendaItemRow,
    AllianceRow,
    DecisionRow,
    GovernanceBodyRow,
    MeetingAttendeeRow,
    MeetingRow,
    table,
)
from alliance_desk.store.retry import retried
from alliance_desk.store.risks import decision_columns

# -- meetings ------------------------------------------------------------------------------------


def list_meetings(
    store: Store, alliance_id: int | None = None, meeting_id: int | None = None
) -> list[Meeting]:
    """Meetings of live alliances, most recent first, with agenda, attendees and actions."""
    meetings, bodies = table(MeetingRow).c, table(GovernanceBodyRow).c
    alliances = table(AllianceRow).c
    agenda_items, action_items = table(AgendaItemRow).c, table(ActionItemRow).c
    attending = table(MeetingAttendeeRow).c
    # Plain Core columns throughout (the rows have the models' names): a pack only reads, and
    # one statement naming a mapped class configures every mapper first.
    with store.read() as session:
        query = (
            select(table(MeetingRow), bodies.alliance_id.label("of"), bodies.name.label("body"))
            .join_from(table(MeetingRow), table(GovernanceBodyRow), bodies.id == meetings.body_id)
            .join(table(AllianceRow), alliances.id == bodies.alliance_id)
            .where(alliances.deleted_at.is_(None))
        )
        if alliance_id is not None:
            query = query.where(bodies.alliance_id == alliance_id)
        if meeting_id is not None:
            query = query.where(meetings.id == meeting_id)
        rows = session.execute(query.order_by(meetings.starts_at.desc())).all()
        ids = [row.id for row in rows]
        agenda = session.execute(
            select(table(AgendaItemRow))
            .where(agenda_items.meeting_id.in_(ids))
            .order_by(agenda_items.meeting_id, agenda_items.position)
        ).all()
        actions = session.execute(
            select(table(ActionItemRow))
            .where(action_items.meeting_id.in_(ids))
            .order_by(action_items.id)
        ).all()
        attendees = session.execute(
            select(attending.meeting_id, attending.person_id).where(attending.meeting_id.in_(ids))
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
            alliance_id=row.of,
            body_name=row.body,
            draft=MeetingDraft(
                row.body_id, row.starts_at, row.ends_at, row.location, row.time_zone, row.format
            ),
            attendee_ids=tuple(sorted(people_by[row.id])),
            agenda=tuple(agenda_by[row.id]),
            actions=tuple(actions_by[row.id]),
            version=row.version,
        )
        for row in rows
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
                meetings.c.time_zone,
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
    meetings = table(MeetingRow).c
    with store.read() as session:
        meeting_id = session.scalar(
            select(meetings.id)
            .where(meetings.body_id == body_id, meetings.starts_at < before)
            .order_by(meetings.starts_at.desc())
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
