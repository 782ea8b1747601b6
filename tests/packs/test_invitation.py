"""The meeting invitation (.ics): the meeting's own time zone, and everyone by name."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar

from alliance_desk.core.governance import AgendaItem, MeetingDraft, Purpose, validate_meeting
from alliance_desk.store import committees, governance, meeting_calendar, portfolio, stakeholders


def _event(ics: bytes):
    calendar = Calendar.from_ical(ics)
    (event,) = list(calendar.walk("VEVENT"))
    return calendar, event


def test_the_invitation_is_in_the_meetings_time_zone_with_everyone_named(demo_store) -> None:
    """A meeting at 10:00 in Tokyo is 01:00 UTC: a calendar anywhere shows the right hour.
    A presenter who is not invited still appears by name in the agenda."""
    store = demo_store
    otori = next(a for a in portfolio.list_alliances(store) if a.partner.startswith("Ō"))
    meeting = next(
        m for m in governance.list_meetings(store, otori.id) if m.draft.time_zone == "Asia/Tokyo"
    )
    people = {s.person.id: s.name for s in stakeholders.list_stakeholders(store, otori.id)}
    outsider = next(pid for pid in people if pid not in meeting.attendee_ids)
    governance.set_agenda(
        store,
        meeting.id,
        (*meeting.agenda, AgendaItem("Royalty calendar", Purpose.DECISION, 10, outsider)),
    )
    meeting = governance.get_meeting(store, meeting.id)
    calendar, event = _event(meeting_calendar.meeting_to_ics(store, meeting))
    start = event.decoded("dtstart")
    assert start.tzinfo.key == "Asia/Tokyo" and start.hour == meeting.draft.starts_at.hour
    assert start.astimezone(UTC).hour == (meeting.draft.starts_at.hour - 9) % 24
    assert "TZID=Asia/Tokyo" in calendar.to_ical().decode()
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Tokyo"]
    description = str(event["description"])
    assert f"Royalty calendar (decision, 10 min, {people[outsider]})" in description
    assert "Times in Asia/Tokyo." in description
    names = {str(a.params["cn"]) for a in event.get("attendee")}
    assert names == {people[pid] for pid in meeting.attendee_ids} and "" not in names


def test_summer_and_winter_hours_follow_the_zone(store) -> None:
    """Zurich is UTC+2 in summer and UTC+1 in winter: the VTIMEZONE carries both rules."""
    from alliance_desk.core.governance import BodyKind
    from tests.helpers import draft

    alliance = portfolio.create_alliance(store, draft())
    body = committees.create_body(store, alliance.id, "JSC", BodyKind.JSC)
    for month, utc_hour in ((7, 12), (12, 13)):
        start = datetime(2027, month, 5, 14)
        made = governance.create_meeting(
            store, MeetingDraft(body, start, start.replace(hour=16), "Basel", "Europe/Zurich")
        )
        _, event = _event(
            meeting_calendar.meeting_to_ics(store, governance.get_meeting(store, made))
        )
        assert event.decoded("dtstart").astimezone(UTC).hour == utc_hour


def test_a_meeting_gets_the_machines_zone_unless_another_is_chosen(monkeypatch) -> None:
    from alliance_desk.core import governance as rules

    rules.local_zone_name.cache_clear()
    monkeypatch.setenv("TZ", "America/Chicago")
    try:
        raw = {"body_id": 1, "starts_at": "2027-03-01 09:00", "ends_at": "2027-03-01 10:00"}
        assert validate_meeting(raw).time_zone == "America/Chicago"
        assert validate_meeting({**raw, "time_zone": "Asia/Tokyo"}).zone == ZoneInfo("Asia/Tokyo")
        from alliance_desk.core.validation import ValidationError

        try:
            validate_meeting({**raw, "time_zone": "Mars/Olympus"})
        except ValidationError as error:
            assert "time_zone" in error.errors
        else:
            raise AssertionError("an unknown zone was accepted")
    finally:
        rules.local_zone_name.cache_clear()
