"""A meeting as a calendar invitation (.ics): its times in the meeting's own zone, the agenda
and every attendee."""

from __future__ import annotations

from datetime import UTC, date

from sqlalchemy import select

from alliance_desk import APP_NAME, __version__
from alliance_desk.core import wall
from alliance_desk.core.governance import Meeting
from alliance_desk.store.database import Store
from alliance_desk.store.models import AllianceRow, PersonRow


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
