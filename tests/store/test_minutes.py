"""Meetings run in the app: attendance and quorum, minutes per item, actions carried over and
updated in place, decisions to review, approval locking the minutes, dated amendments."""

from __future__ import annotations

from datetime import datetime

import pytest

from alliance_desk.core.changes import Kind
from alliance_desk.core.governance import (
    ActionStatus,
    AgendaItem,
    BodyKind,
    MeetingDraft,
    copy_agenda,
    validate_action,
)
from alliance_desk.core.minutes import (
    CARRY_OVER_TITLE,
    Attendance,
    opening_agenda,
    still_open,
    validate_attendance,
)
from alliance_desk.core.people import validate_person
from alliance_desk.core.risks import DecisionStatus, validate_decision
from alliance_desk.core.stakeholders import validate_stakeholder
from alliance_desk.core.validation import ValidationError
from alliance_desk.store import committees, governance, minutes, portfolio, risks, stakeholders
from alliance_desk.store.errors import StoreError
from tests.helpers import draft


def committee(store):
    """An alliance with two people a side on a JSC needing one member of each side, and its
    first meeting with everyone invited; (alliance id, body id, meeting id, people by name)."""
    alliance_id = portfolio.create_alliance(store, draft()).id
    for name, side in (
        ("Ada", "internal"),
        ("Bo", "internal"),
        ("Cy", "partner"),
        ("Di", "partner"),
    ):
        stakeholders.add_new_person(
            store,
            alliance_id,
            validate_person({"name": name, "side": side, "email": f"{name.lower()}@x.test"}),
            validate_stakeholder({"roles": "JSC member"}),
        )
    people = {s.name: s for s in stakeholders.list_stakeholders(store, alliance_id)}
    body_id = committees.create_body(store, alliance_id, "JSC", BodyKind.JSC)
    minutes.set_committee_rules(store, body_id, quorum=(1, 1))
    meeting_id = governance.create_meeting(
        store,
        MeetingDraft(body_id, datetime(2026, 9, 1, 14), datetime(2026, 9, 1, 16), "Basel"),
        [AgendaItem("Supply plan", minutes=20), AgendaItem("Budget", minutes=10)],
        [s.person.id for s in people.values()],
    )
    return alliance_id, body_id, meeting_id, {n: s.person.id for n, s in people.items()}


def test_attendance_per_person_and_quorum_per_side(store) -> None:
    """Present, remote, apologies and a named delegate are kept per person; the quorum counts
    members of each side who attend (in person, remotely or by delegate)."""
    _alliance, _body, meeting_id, ids = committee(store)
    record = minutes.meeting_record(store, meeting_id)
    assert {a.attendance for a in record.attendees} == {Attendance.INVITED}
    assert not record.quorum.met and "NOT met" in record.quorum.describe()

    minutes.set_attendance(store, meeting_id, ids["Ada"], Attendance.REMOTE)
    minutes.set_attendance(store, meeting_id, ids["Cy"], Attendance.APOLOGIES)
    record = minutes.meeting_record(store, meeting_id)
    assert not record.quorum.met  # no partner member attends
    assert (record.quorum.ours_attending, record.quorum.theirs_attending) == (1, 0)

    minutes.set_attendance(store, meeting_id, ids["Di"], Attendance.DELEGATE, "Эмили Чжан")
    record = minutes.meeting_record(store, meeting_id)
    by_name = {a.name: a for a in record.attendees}
    assert by_name["Di"].described == "represented by Эмили Чжан"
    assert by_name["Ada"].attendance is Attendance.REMOTE
    assert by_name["Cy"].attendance is Attendance.APOLOGIES
    assert record.quorum.met and record.quorum.describe().startswith("Quorum met")

    # Changing who is invited keeps what was recorded for those still invited.
    governance.set_attendees(store, meeting_id, [ids["Ada"], ids["Di"]])
    record = minutes.meeting_record(store, meeting_id)
    assert [(a.name, a.attendance) for a in record.attendees] == [
        ("Ada", Attendance.REMOTE),
        ("Di", Attendance.DELEGATE),
    ]
    with pytest.raises(StoreError, match="not invited"):
        minutes.set_attendance(store, meeting_id, ids["Cy"], Attendance.PRESENT)


def test_a_delegate_must_be_named() -> None:
    with pytest.raises(ValidationError) as error:
        validate_attendance({"attendance": "delegate", "delegate": "  "})
    assert "delegate" in error.value.errors
    assert validate_attendance({"attendance": "present", "delegate": "X"}) == (
        Attendance.PRESENT,
        "",
    )


def test_format_and_time_zone_are_kept(store) -> None:
    _alliance, body_id, meeting_id, _ids = committee(store)
    meeting = governance.get_meeting(store, meeting_id)
    changed = MeetingDraft(
        body_id, meeting.draft.starts_at, meeting.draft.ends_at, "Tokyo", "Asia/Tokyo", "hybrid"
    )
    governance.update_meeting(store, meeting_id, changed)
    again = governance.get_meeting(store, meeting_id)
    assert (again.draft.format, again.draft.time_zone) == ("hybrid", "Asia/Tokyo")


def test_minutes_per_item_are_saved_and_survive_an_agenda_edit(store) -> None:
    _alliance, _body, meeting_id, _ids = committee(store)
    changes = []
    store.on_change(changes.append)
    item = governance.get_meeting(store, meeting_id).agenda[0]
    minutes.set_item_minutes(store, meeting_id, item.id, "Slot in Q3 <agreed> & signed")
    assert changes[-1].ids_of(Kind.MEETING) == {meeting_id}
    meeting = governance.get_meeting(store, meeting_id)
    assert meeting.agenda[0].record == "Slot in Q3 <agreed> & signed"
    # The panel replaces the agenda with what it shows: the minutes go with the items.
    governance.set_agenda(store, meeting_id, [*meeting.agenda, AgendaItem("AOB")])
    assert governance.get_meeting(store, meeting_id).agenda[0].record.startswith("Slot in Q3")
    # ... but the next meeting's copy of the agenda starts blank.
    assert {i.record for i in copy_agenda(governance.get_meeting(store, meeting_id))} == {""}


def test_open_actions_carry_over_and_are_updated_in_place(store) -> None:
    """A new meeting's agenda starts with the review of every open action of earlier
    meetings; closing one there changes the action itself, and the record keeps listing it."""
    alliance_id, body_id, first, ids = committee(store)
    for title in ("Send budget", "Book CMO", "Draft charter"):
        governance.add_action(
            store,
            first,
            validate_action(
                {"title": title, "owner_id": ids["Cy"], "due": "2026-09-20", "side": "theirs"}
            ),
        )
    done = governance.get_meeting(store, first).actions[2]
    governance.set_action_status(store, done.id, ActionStatus.DONE)  # closed between meetings
    done_decision = {"title": "Done long ago", "decided_on": "2026-01-01", "status": "implemented"}
    risks.add_decision(store, alliance_id, validate_decision(done_decision))
    governance.record_decision(
        store, first, validate_decision({"title": "Second CMO", "decided_on": "2026-09-01"})
    )
    previous = governance.get_meeting(store, first)
    agenda = opening_agenda(copy_agenda(previous))
    assert agenda[0].title == CARRY_OVER_TITLE and agenda[0].carry_over
    second = governance.create_meeting(
        store,
        MeetingDraft(body_id, datetime(2026, 12, 1, 14), datetime(2026, 12, 1, 16)),
        agenda,
        ids.values(),
    )
    record = minutes.meeting_record(store, second)
    assert [c.action.title for c in record.carried] == ["Send budget", "Book CMO"]
    assert record.carried[0].action.side == "theirs"
    assert [d.draft.title for d in record.to_review] == ["Second CMO"]
    assert minutes.add_carry_over(store, second) is False  # already first on the agenda

    minutes.review_action(store, second, record.carried[0].action.id, ActionStatus.DONE)
    assert governance.get_meeting(store, first).actions[0].status is ActionStatus.DONE
    record = minutes.meeting_record(store, second)
    assert [(c.action.title, c.action.status) for c in record.carried] == [
        ("Send budget", ActionStatus.DONE),  # closed here: still in this meeting's record
        ("Book CMO", ActionStatus.OPEN),
    ]
    assert [c.action.title for c in still_open(record.carried)] == ["Book CMO"]
    assert minutes.meeting_record(store, first).next_meeting.id == second

    # A third meeting carries over only what is still open.
    third = governance.create_meeting(
        store,
        MeetingDraft(body_id, datetime(2027, 3, 1, 14), datetime(2027, 3, 1, 16)),
        [AgendaItem("Plan")],
    )
    assert minutes.add_carry_over(store, third) is True
    agenda = governance.get_meeting(store, third).agenda
    assert [i.title for i in agenda] == [CARRY_OVER_TITLE, "Plan"]
    assert [c.action.title for c in minutes.meeting_record(store, third).carried] == ["Book CMO"]
    titles = {d.draft.title: d.draft.status for d in risks.list_decisions(store, alliance_id)}
    assert titles["Second CMO"] is DecisionStatus.PENDING


def test_approval_locks_the_minutes_and_later_changes_are_amendments(store) -> None:
    _alliance, _body, meeting_id, ids = committee(store)
    item = governance.get_meeting(store, meeting_id).agenda[0]
    minutes.set_item_minutes(store, meeting_id, item.id, "Agreed the Q3 slot")
    draft_version = minutes.meeting_record(store, meeting_id).version
    assert minutes.meeting_record(store, meeting_id).state == f"DRAFT — version {draft_version}"
    with pytest.raises(StoreError, match="still a draft"):
        minutes.amend_minutes(store, meeting_id, item.title, "Too early")

    minutes.approve_minutes(store, meeting_id, "Ada")
    record = minutes.meeting_record(store, meeting_id)
    assert record.locked and record.state.startswith("Approved") and "by Ada" in record.state
    for attempt in (
        lambda: minutes.set_item_minutes(store, meeting_id, item.id, "Rewritten"),
        lambda: minutes.set_attendance(store, meeting_id, ids["Ada"], Attendance.PRESENT),
        lambda: minutes.approve_minutes(store, meeting_id),
    ):
        with pytest.raises(StoreError, match="locked"):
            attempt()
    minutes.amend_minutes(store, meeting_id, item.title, "Slot moved to Q4 by written consent")
    record = minutes.meeting_record(store, meeting_id)
    assert record.meeting.agenda[0].record == "Agreed the Q3 slot"  # as approved
    (amendment,) = record.amendments
    assert amendment.item_title == "Supply plan" and "Q4" in amendment.text
    assert amendment.made_at.date() == record.approved_at.date()


@pytest.mark.parametrize(
    "text", ["a\x00b", "bell\x07", "x" * 100_001], ids=["nul", "control", "too long"]
)
def test_minutes_refuse_what_no_form_accepts_and_keep_what_was_saved(store, text) -> None:
    """Control characters and a text beyond 100,000 characters are refused in words, on both
    stores alike; the minutes saved before stay; right-to-left, emoji and markup go in as typed."""
    _alliance, _body, meeting_id, ids = committee(store)
    item = governance.get_meeting(store, meeting_id).agenda[0]
    kept = "מוסכם 👍 <b>&amp;</b>\n\tnext line"
    minutes.set_item_minutes(store, meeting_id, item.id, kept)
    with pytest.raises(StoreError, match="The minutes: "):
        minutes.set_item_minutes(store, meeting_id, item.id, text)
    with pytest.raises(StoreError, match="delegate"):
        minutes.set_attendance(store, meeting_id, ids["Ada"], Attendance.DELEGATE, text)
    assert governance.get_meeting(store, meeting_id).agenda[0].record == kept
