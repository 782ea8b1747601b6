"""Bodies, meetings, actions, decisions taken in meetings, .ics export, health checks."""

from __future__ import annotations

from datetime import date, datetime

from icalendar import Calendar

from alliance_desk.core.governance import (
    ActionStatus,
    AgendaItem,
    BodyKind,
    MeetingDraft,
    Purpose,
    copy_agenda,
    validate_action,
)
from alliance_desk.core.health_checks import DIMENSIONS
from alliance_desk.core.risks import validate_decision
from alliance_desk.store import committees, governance, health_checks, meeting_calendar, risks


def test_meeting_with_agenda_attendees_actions_and_a_decision(demo_store) -> None:
    store = demo_store
    from alliance_desk.store import portfolio, stakeholders

    halo = next(a for a in portfolio.list_alliances(store) if a.name.startswith("HALO-7 onc"))
    people = stakeholders.list_stakeholders(store, halo.id)
    body_id = committees.create_body(
        store, halo.id, "HALO-7 JSC", BodyKind.JSC, [s.id for s in people[:4]]
    )
    (body,) = [b for b in committees.list_bodies(store, halo.id) if b.id == body_id]
    assert len(body.member_ids) == 4
    presenter = people[0].person.id
    agenda = [
        AgendaItem("Supply plan", Purpose.DECISION, 30, presenter, "Q3 slot agreed"),
        AgendaItem("Publication policy", Purpose.INFORMATION, 10),
    ]
    first = governance.create_meeting(
        store,
        MeetingDraft(body_id, datetime(2026, 9, 1, 14), datetime(2026, 9, 1, 16), "Basel"),
        agenda,
        [p.person.id for p in people[:3]],
    )
    action_id = governance.add_action(
        store,
        first,
        validate_action({"title": "Send the budget", "owner_id": presenter, "due": "2026-09-15"}),
    )
    governance.set_action_status(store, action_id, ActionStatus.DONE)
    decision_id = governance.record_decision(
        store,
        first,
        validate_decision({"title": "Fund the second CMO", "decided_on": "2026-09-01"}),
    )
    decision = next(d for d in risks.list_decisions(store, halo.id) if d.id == decision_id)
    assert decision.draft.meeting_id == first and decision.draft.forum == "HALO-7 JSC"

    later = datetime(2026, 12, 7, 14)
    previous = governance.previous_meeting(store, body_id, later)
    second = governance.create_meeting(
        store,
        MeetingDraft(body_id, later, datetime(2026, 12, 7, 17), "Video"),
        copy_agenda(previous),
    )
    copied = governance.get_meeting(store, second)
    assert [i.title for i in copied.agenda] == ["Supply plan", "Publication policy"]
    assert copied.agenda[0].notes == "" and copied.minutes_planned == 40
    saved = governance.get_meeting(store, first)
    assert saved.actions[0].status is ActionStatus.DONE and len(saved.attendee_ids) == 3

    calendar = Calendar.from_ical(meeting_calendar.meeting_to_ics(store, saved))
    (event,) = list(calendar.walk("VEVENT"))
    assert str(event["summary"]) == f"HALO-7 JSC — {halo.name}"
    assert event.decoded("dtstart") == datetime(2026, 9, 1, 14, tzinfo=saved.draft.zone)
    assert str(event["location"]) == "Basel"
    assert "1. Supply plan (decision, 30 min" in str(event["description"])
    attendees = event.get("attendee")
    assert len(attendees) == 3


def test_upcoming_meetings_and_meetings_with_overdue_actions(store) -> None:
    """What Today asks for: the soonest meetings to come, and meetings with late actions."""
    from alliance_desk.core.people import validate_person
    from alliance_desk.core.stakeholders import validate_stakeholder
    from alliance_desk.store import portfolio, stakeholders
    from tests.helpers import draft

    alliance_id = portfolio.create_alliance(store, draft()).id
    stakeholders.add_new_person(
        store,
        alliance_id,
        validate_person({"name": "Ada Owner", "side": "internal"}),
        validate_stakeholder({}),
    )
    person = stakeholders.list_stakeholders(store, alliance_id)[0].person
    body_id = committees.create_body(store, alliance_id, "JSC", BodyKind.JSC, [])
    ids = {}
    for day in (1, 10, 20, 30):
        start = datetime(2026, 11, day, 14)
        ids[day] = governance.create_meeting(
            store, MeetingDraft(body_id, start, start.replace(hour=16)), []
        )
    late = validate_action({"title": "Late", "owner_id": person.id, "due": "2026-11-05"})
    governance.add_action(store, ids[1], late)
    done = governance.add_action(store, ids[10], late)
    governance.set_action_status(store, done, ActionStatus.DONE)
    coming = {"title": "Coming", "owner_id": person.id, "due": "2026-12-20"}
    governance.add_action(store, ids[20], validate_action(coming))

    now = datetime(2026, 11, 15, 9)
    soonest = governance.coming_meetings(store, now, limit=1)
    assert [m.meeting_id for m in soonest] == [ids[20]]  # the soonest, not the latest
    coming = governance.coming_meetings(store, now)
    assert [(m.meeting_id, m.body_name, m.alliance_id) for m in coming] == [
        (ids[20], "JSC", alliance_id),
        (ids[30], "JSC", alliance_id),
    ]
    late = governance.late_actions(store, date(2026, 11, 15))
    assert [(a.title, a.meeting_id, a.due) for a in late] == [
        ("Late", ids[1], date(2026, 11, 5))
    ]  # done and not-yet-due actions do not count
    portfolio.delete_alliance(store, alliance_id)
    assert governance.coming_meetings(store, now) == []
    assert governance.late_actions(store, date(2026, 11, 15)) == []


def test_a_coming_meeting_says_the_zone_its_time_is_in(store) -> None:
    """Today and Packs list a meeting's start in its own zone, and say which: '10:00' alone
    was read as the reader's own time."""
    from alliance_desk.store import portfolio
    from tests.helpers import draft

    alliance_id = portfolio.create_alliance(store, draft()).id
    body_id = committees.create_body(store, alliance_id, "JSC", BodyKind.JSC, [])
    for day, zone in ((10, "Asia/Tokyo"), (11, "Europe/Zurich"), (12, "America/Sao_Paulo")):
        start = datetime(2026, 12, day, 10)
        meeting = MeetingDraft(body_id, start, start.replace(hour=11), time_zone=zone)
        governance.create_meeting(store, meeting, [])
    coming = governance.coming_meetings(store, datetime(2026, 12, 1, 9))
    assert [m.letters for m in coming] == ["JST", "CET", "UTC-03"]
    assert coming[0].when == "Thu 10 Dec 2026 10:00 JST"


def test_health_checks_round_trip(store) -> None:
    from alliance_desk.store import portfolio
    from tests.helpers import draft

    alliance = portfolio.create_alliance(store, draft())
    scores = {d.key: (4, 2) for d in DIMENSIONS}
    health_checks.add_check(store, alliance.id, date(2026, 11, 1), scores, "Partner feels unheard")
    health_checks.add_check(
        store, alliance.id, date(2026, 5, 1), {d.key: (3, 3) for d in DIMENSIONS}
    )
    checks = health_checks.list_checks(store, alliance.id)
    assert [c.checked_on for c in checks] == [date(2026, 5, 1), date(2026, 11, 1)]
    assert checks[1].gap("trust") == 2 and checks[1].note == "Partner feels unheard"
    health_checks.delete_check(store, checks[0].id)
    assert len(health_checks.list_checks(store, alliance.id)) == 1


def test_meeting_action_and_committee_edits_from_an_older_version_are_refused(store) -> None:
    """Two teammates on one meeting: whatever one saved first (the agenda, the attendees,
    the time, an action's status, the committee's members) is never overwritten by an edit
    the other began before it; from the version there now, the second edit lands."""
    import pytest

    from alliance_desk.core.people import validate_person
    from alliance_desk.core.stakeholders import validate_stakeholder
    from alliance_desk.store import portfolio, stakeholders
    from alliance_desk.store.errors import ConflictError
    from tests.helpers import draft, teammate

    alliance_id = portfolio.create_alliance(store, draft()).id
    sid = stakeholders.add_new_person(
        store,
        alliance_id,
        validate_person({"name": "Ada Owner", "side": "internal"}),
        validate_stakeholder({}),
    )
    person = stakeholders.get_stakeholder(store, sid).person
    body_id = committees.create_body(store, alliance_id, "JSC", BodyKind.JSC, [])
    start = datetime(2026, 11, 3, 14)
    meeting_id = governance.create_meeting(
        store, MeetingDraft(body_id, start, start.replace(hour=16)), [AgendaItem("Budget")]
    )
    action_id = governance.add_action(
        store, meeting_id, validate_action({"title": "Send the minutes", "owner_id": person.id})
    )
    seen = governance.get_meeting(store, meeting_id)
    (body,) = committees.list_bodies(store, alliance_id)
    with teammate(store) as other:
        governance.set_agenda(
            other, meeting_id, (*seen.agenda, AgendaItem("Theirs")), expected_version=seen.version
        )
        governance.set_action_status(
            other, action_id, ActionStatus.DONE, expected_version=seen.actions[0].version
        )
        committees.set_members(other, body_id, [sid], expected_version=body.version)

    mine = (*seen.agenda, AgendaItem("Mine"))
    for edit in (
        lambda: governance.set_agenda(store, meeting_id, mine, expected_version=seen.version),
        lambda: governance.set_attendees(
            store, meeting_id, [person.id], expected_version=seen.version
        ),
        lambda: governance.update_meeting(
            store,
            meeting_id,
            MeetingDraft(body_id, start, start.replace(hour=17), "Basel"),
            expected_version=seen.version,
        ),
    ):
        with pytest.raises(ConflictError, match="The JSC meeting of 3 Nov 2026"):
            edit()
    with pytest.raises(ConflictError, match="“Send the minutes” was changed elsewhere"):
        governance.set_action_status(
            store, action_id, ActionStatus.OPEN, expected_version=seen.actions[0].version
        )
    with pytest.raises(ConflictError, match="“JSC” was changed elsewhere"):
        committees.set_members(store, body_id, [], expected_version=body.version)

    now = governance.get_meeting(store, meeting_id)
    assert [item.title for item in now.agenda] == ["Budget", "Theirs"]
    assert now.attendee_ids == () and now.draft.location == ""
    assert now.actions[0].status is ActionStatus.DONE
    assert committees.list_bodies(store, alliance_id)[0].member_ids == (sid,)
    governance.set_agenda(
        store, meeting_id, (*now.agenda, AgendaItem("Mine")), expected_version=now.version
    )
    assert [i.title for i in governance.get_meeting(store, meeting_id).agenda][-1] == "Mine"
