"""The minutes of a meeting as a PDF: attendance, the minutes item by item, decisions, actions
with owners and dates, and the next meeting. A draft says DRAFT and its version everywhere a
reader looks first (title, cover, first page); approved minutes say when, and any change made
after approval is printed as a dated amendment, apart from the approved text."""

from __future__ import annotations

from datetime import date

from alliance_desk.core.dates import shown, shown_moment
from alliance_desk.core.governance import ActionStatus
from alliance_desk.core.packs import Audience, Pack, PackKind, Section, Table, Text, rows
from alliance_desk.core.shared_minutes import SharedMinutes
from alliance_desk.packs.governance import meeting_time


def _when(meeting) -> str:
    return meeting_time(meeting.starts_at, meeting.time_zone)


def _actions(title: str, actions, today: date, empty: str) -> Section:
    return Section.of(
        title,
        Table(
            ("Action", "Owner", "Due", "Status"),
            rows(
                actions,
                lambda a: a.title,
                lambda a: a.owner or "—",
                lambda a: shown(a.due),
                lambda a: "Overdue" if a.overdue(today) else a.status.label,
            ),
            (4, 2, 1.2, 1.2),
        ),
        empty=empty,
    )


def _decisions(title: str, decisions, empty: str) -> Section:
    return Section.of(
        title,
        Table(
            ("Decision", "Taken", "Decided by", "Implementation"),
            rows(
                decisions,
                lambda d: d.title,
                lambda d: shown(d.decided_on),
                lambda d: d.makers or d.forum or "—",
                lambda d: d.status.label,
            ),
            (4, 1.2, 2.4, 1.5),
        ),
        empty=empty,
    )


def minutes_pack(
    minutes: SharedMinutes, alliance_name: str, audience: Audience, today: date
) -> Pack:
    meeting = minutes.meeting
    draft = minutes.approved_on is None
    items = []
    for number, item in enumerate(minutes.items, start=1):
        items.append(Text(f"{number}. {item.title}", "quote"))
        items.append(Text(item.minutes or "No minutes taken on this item.", "body"))
        for amendment in minutes.amendments:  # shown apart from the approved text, dated
            if amendment.item_title == item.title:
                items.append(Text(f"Amended {shown(amendment.made_at)}: {amendment.text}", "muted"))
    attendance = Table(
        ("Name", "Attendance", "Delegate"),
        tuple((a.name, a.attendance, a.delegate or "") for a in minutes.attendance),
        (3, 2, 3),
    )
    amendments = Table(
        ("Amended on", "Item", "Amendment"),
        tuple((f"{shown_moment(a.made_at)} UTC", a.item_title, a.text) for a in minutes.amendments),
        (1.6, 2, 4),
    )
    later = minutes.next_meeting
    open_now = [a for a in meeting.actions if a.status is ActionStatus.OPEN]
    sections = (
        Section.of(
            "Attendance",
            Text(minutes.state.upper() if draft else minutes.state, "quote"),
            Text(
                f"{meeting.committee}, {_when(meeting)}"
                + (f", {meeting.location}" if meeting.location else "")
            ),
            attendance,
            Text(minutes.quorum, "muted"),
            empty="No one was invited.",
        ),
        Section.of("Minutes", *items, empty="The meeting has no agenda."),
        _actions(
            "Actions from the previous meeting",
            minutes.carried,
            today,
            "No actions were open from earlier meetings.",
        ),
        _decisions("Decisions taken", minutes.decisions, "No decision was recorded."),
        _decisions(
            "Decisions not yet implemented, reviewed",
            minutes.review,
            "Every earlier decision is implemented.",
        ),
        _actions("Actions agreed", meeting.actions, today, "No action was agreed."),
        Section.of(
            "Next meeting",
            Text(
                f"{later.committee}: {_when(later)}"
                + (f", {later.location}" if later.location else "")
                if later
                else ""
            ),
            Text(f"{len(open_now)} action(s) of this meeting are open." if open_now else ""),
            empty="Not scheduled yet.",
        ),
        Section.of(
            "Amendments after approval",
            Text(
                "Changes made after the minutes were approved, each dated; the minutes above "
                "are as approved."
                if minutes.amendments
                else ""
            ),
            amendments,
            empty="None." if not draft else "The minutes are a draft: not approved yet.",
        ),
    )
    status = minutes.state.upper() if draft else f"Approved {shown(minutes.approved_on)}"
    return Pack(
        kind=PackKind.MINUTES,
        title=f"{meeting.committee} — {shown(meeting.starts_at)}",
        subtitle=f"{alliance_name} · {status}",
        audience=audience,
        prepared_on=today,
        cover_lines=(
            ("Alliance", alliance_name),
            ("Meeting", _when(meeting)),
            ("Status", status),
            ("Audience", audience.label),
            ("Prepared", shown(today)),
        ),
        sections=sections,
        status=minutes.state.upper() if draft else "",
    )
