"""`export-ics`: the invitation parsed back with icalendar — its zone, organiser, attendees by
e-mail with the reply recorded, the agenda; and the committee's series as an RRULE."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from alliance_desk.cli import main
from alliance_desk.core.minutes import Attendance
from alliance_desk.store import governance, minutes, portfolio
from alliance_desk.store.errors import StoreError


def _event(ics: bytes):
    calendar = Calendar.from_ical(ics)
    (event,) = list(calendar.walk("VEVENT"))
    return calendar, event


def _tokyo_meeting(store):
    otori = next(a for a in portfolio.list_alliances(store) if a.partner.startswith("Ō"))
    return next(
        m for m in governance.list_meetings(store, otori.id) if m.draft.time_zone == "Asia/Tokyo"
    )


def test_the_invitation_names_organiser_attendees_replies_and_agenda(demo_store) -> None:
    store = demo_store
    meeting = _tokyo_meeting(store)
    record = minutes.meeting_record(store, meeting.id)
    with_email = [a for a in record.attendees if a.email]
    minutes.set_attendance(store, meeting.id, with_email[0].person_id, Attendance.APOLOGIES)
    calendar, event = _event(minutes.invitation(store, meeting.id))
    start = event.decoded("dtstart")
    assert start.tzinfo.key == "Asia/Tokyo" and start.hour == meeting.draft.starts_at.hour
    assert "TZID:Asia/Tokyo" in calendar.to_ical().decode()  # the VTIMEZONE is there
    ours = next(a for a in record.attendees if a.side.value == "internal" and a.email)
    assert str(event["organizer"]) == f"mailto:{ours.email}"
    assert event["organizer"].params["cn"] == ours.name
    by_address = {str(a): a.params for a in event["attendee"]}
    for person in with_email:
        assert by_address[f"mailto:{person.email}"]["cn"] == person.name
    assert by_address[f"mailto:{with_email[0].email}"]["partstat"] == "DECLINED"
    description = str(event["description"])
    for number, item in enumerate(meeting.agenda, start=1):
        assert f"{number}. {item.title}" in description
    assert "rrule" not in event


def test_a_series_repeats_by_the_committees_rule_in_its_zone(demo_store) -> None:
    store = demo_store
    meeting = _tokyo_meeting(store)
    with pytest.raises(StoreError, match="no series of meetings"):
        minutes.invitation(store, meeting.id, series="")
    with pytest.raises(StoreError, match=r"is not a rhythm"):
        minutes.invitation(store, meeting.id, series="whenever the chairs agree")
    _calendar, said = _event(minutes.invitation(store, meeting.id, series="every 2 months"))
    assert said["rrule"].to_ical().decode() == "FREQ=MONTHLY;INTERVAL=2"  # said in words
    minutes.set_committee_rules(
        store, meeting.draft.body_id, recurrence="FREQ=MONTHLY;INTERVAL=3;COUNT=8"
    )
    calendar, event = _event(minutes.invitation(store, meeting.id, series=""))
    rule = event["rrule"].to_ical().decode()
    starts = event.decoded("dtstart")
    dates = list(rrulestr(rule, dtstart=starts))
    assert len(dates) == 8 and all(d.tzinfo.key == "Asia/Tokyo" for d in dates)
    assert [d.month for d in dates[:3]] == [
        starts.month,
        (starts.month + 2) % 12 + 1,
        (starts.month + 5) % 12 + 1,
    ]
    assert event["uid"].startswith(f"committee-{meeting.draft.body_id}-series")
    # The zone's rules are written for the years the series runs, in UTC terms too.
    text = calendar.to_ical().decode()
    assert text.count("BEGIN:VTIMEZONE") == 1
    assert dates[-1].astimezone(UTC).hour == (meeting.draft.starts_at.hour - 9) % 24


def test_export_ics_writes_the_file_and_refuses_in_one_line(tmp_path: Path, capsys) -> None:
    import stat

    from alliance_desk.store.database import open_store
    from alliance_desk.store.demo import create_demo

    db = create_demo(tmp_path / "demo.sqlite3")
    store = open_store(db)
    meeting = _tokyo_meeting(store)
    store.close()
    out = tmp_path / "jsc.ics"
    args = ["--db", str(db), "export-ics", str(meeting.id), str(out)]
    assert main([*args, "--series", "FREQ=YEARLY", "--organiser", "me@ours.example"]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    _calendar, event = _event(out.read_bytes())
    assert str(event["organizer"]) == "mailto:me@ours.example"
    assert event["rrule"]["FREQ"] == ["YEARLY"]
    assert event.decoded("dtstart").replace(tzinfo=None) == meeting.draft.starts_at
    capsys.readouterr()
    assert main([*args, "--series"]) == 2
    assert "no series of meetings" in capsys.readouterr().err
    with pytest.raises(SystemExit) as refused:  # argparse's own refusal, in one line
        main(["--db", str(db), "export-ics", "0", str(out)])
    assert refused.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert main(["--db", str(db), "export-ics", "99999", str(tmp_path / "x.ics")]) == 2
    assert "no longer exists" in capsys.readouterr().err
    assert not (tmp_path / "x.ics").exists()
