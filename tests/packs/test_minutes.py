"""The minutes PDF, checked by its extracted text: a numbered DRAFT until approved, then the
approved text with later changes as dated amendments; the partner gets approved minutes only,
without people flagged internal-only; the command line writes it."""

from __future__ import annotations

import os
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from alliance_desk.cli import main
from alliance_desk.core import wall
from alliance_desk.core.dates import shown, shown_moment
from alliance_desk.core.minutes import Attendance
from alliance_desk.core.packs import Audience
from alliance_desk.core.risks import validate_decision
from alliance_desk.store import governance, minutes, portfolio, stakeholders
from alliance_desk.store.demo import create_demo
from alliance_desk.store.errors import StoreError
from tests.helpers import dates_another_way

HALO = "HALO-7 oncology co-development"
HOSTILE = 'Slot <b>agreed</b> & "signed" — 合意 — מוסכם'


def text_of(path: Path) -> str:
    reader = PdfReader(str(path))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def demo(tmp_path: Path):
    """The demo file and, in it, HALO-7's first JSC meeting run: attendance, minutes, a
    decision and an action."""
    from alliance_desk.core.governance import validate_action
    from alliance_desk.store.database import open_store

    path = create_demo(tmp_path / "demo.sqlite3")
    store = open_store(path)
    halo = next(a for a in portfolio.list_alliances(store) if a.name == HALO)
    first, second = sorted(
        (m for m in governance.list_meetings(store, halo.id) if "Steering" in m.body_name),
        key=lambda m: m.draft.starts_at,
    )
    record = minutes.meeting_record(store, first.id)
    people = record.attendees
    minutes.set_attendance(store, first.id, people[0].person_id, Attendance.PRESENT)
    minutes.set_attendance(store, first.id, people[1].person_id, Attendance.REMOTE)
    minutes.set_attendance(store, first.id, people[2].person_id, Attendance.APOLOGIES)
    minutes.set_attendance(
        store, first.id, people[3].person_id, Attendance.DELEGATE, "Ольга Петрова"
    )
    minutes.set_item_minutes(store, first.id, first.agenda[0].id, HOSTILE)
    governance.record_decision(
        store,
        first.id,
        validate_decision(
            {
                "title": "Fund the second CMO",
                "decided_on": first.draft.starts_at.date(),
                "makers": "Jonathan Okafor, Dr. Samuel Achebe",
            }
        ),
    )
    owner = people[0].person_id
    due = (first.draft.starts_at + timedelta(days=30)).date()
    governance.add_action(
        store,
        first.id,
        validate_action(
            {"title": "Circulate the minutes", "owner_id": owner, "due": due, "side": "ours"}
        ),
    )
    yield store, path, first, second, people
    store.close()


def export(store, meeting_id: int, out: Path, audience=Audience.INTERNAL) -> str:

    from alliance_desk.packs.minutes import minutes_pack
    from alliance_desk.packs.render import render

    facts, name = minutes.minutes_document(store, meeting_id, audience)
    render(minutes_pack(facts, name, audience, wall.today()), out)
    return text_of(out)


def test_draft_minutes_say_draft_and_hold_the_whole_meeting(demo, tmp_path) -> None:
    store, _path, first, second, people = demo
    version = minutes.meeting_record(store, first.id).version
    text = export(store, first.id, tmp_path / "draft.pdf")
    assert f"DRAFT — VERSION {version}" in text
    assert text.count("DRAFT — VERSION") >= 4  # cover, title, first page, every footer
    for person, said in zip(
        people, ("Present", "Joined remotely", "Apologies", "Sent a delegate"), strict=True
    ):
        assert f"{person.name} {said}" in text
    assert "Ольга Петрова" in text and "Quorum met" in text
    assert 'Slot <b>agreed</b> & "signed"' in text  # escaped, not read as markup
    assert "Fund the second CMO" in text and "Jonathan Okafor, Dr. Samuel Achebe" in text
    assert "Circulate the minutes" in text
    assert shown_moment(second.draft.starts_at, weekday=True) in text  # the next meeting
    assert "Amendments after approval" in text and "not approved yet" in text


def test_approved_minutes_are_locked_and_changes_show_as_dated_amendments(demo, tmp_path):
    store, _path, first, _second, _people = demo
    minutes.approve_minutes(store, first.id, "the JSC")
    minutes.amend_minutes(store, first.id, first.agenda[0].title, "The slot moved to Q4.")
    text = export(store, first.id, tmp_path / "approved.pdf")
    assert "DRAFT" not in text
    today = wall.utcnow()
    assert f"Approved {shown(today)} by the JSC" in text
    assert HOSTILE.split(" — ")[0] in text  # the approved text, as it was
    assert "Amended on" in text
    assert shown(today) in text.split("Amendments after approval")[-1]
    assert "The slot moved to Q4." in text.split("Amendments after approval")[-1]
    minutes_part = text.rsplit("Actions from the previous meeting", 1)[0]
    assert f"Amended {shown(today)}: The slot moved to Q4." in minutes_part  # by its item
    # every date as the window writes it: "Approved 4 Dec 2026" beside "25 Oct 2026", the
    # meeting's own day, never "25 October 2026" or an ISO "2026-12-29" due date
    assert f"Joint Steering Committee — {shown(first.draft.starts_at)}" in text  # the title
    assert not dates_another_way(text)


def test_the_partner_gets_approved_minutes_only_without_internal_people(demo, tmp_path):
    store, _path, first, _second, people = demo
    with pytest.raises(StoreError, match="Only approved minutes"):
        minutes.minutes_document(store, first.id, Audience.PARTNER)
    # Flag the delegate-sending partner member internal-only: gone from the partner's copy.
    hidden = people[3]
    placed = next(
        s
        for s in stakeholders.list_stakeholders(store, first.alliance_id)
        if s.person.id == hidden.person_id
    )
    from dataclasses import replace

    stakeholders.update_details(store, placed.id, replace(placed.details, internal_only=True))
    minutes.approve_minutes(store, first.id)
    text = export(store, first.id, tmp_path / "partner.pdf", Audience.PARTNER)
    assert hidden.name not in text and "Ольга Петрова" not in text
    assert people[0].name in text and "Fund the second CMO" in text
    assert "partner version" in text
    internal = export(store, first.id, tmp_path / "internal.pdf")
    assert hidden.name in internal and "Ольга Петрова" in internal


def test_the_command_line_writes_minutes_privately_and_refuses_without_a_meeting(
    demo, tmp_path, capsys
) -> None:
    store, path, first, _second, _people = demo
    store.close()
    out = tmp_path / "out"
    out.mkdir()
    before = os.umask(0)
    try:
        args = ["--db", str(path), "export-pack", "minutes", str(out / "m.pdf")]
        assert main([*args, "--meeting", str(first.id)]) == 0
    finally:
        os.umask(before)
    assert stat.S_IMODE((out / "m.pdf").stat().st_mode) == 0o600
    assert "DRAFT" in text_of(out / "m.pdf")
    capsys.readouterr()
    assert main(args) == 2
    assert capsys.readouterr().err.strip().endswith("(the meeting's id; see the Meetings tab)")
    assert main([*args, "--meeting", str(first.id), "--audience", "partner"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Only approved minutes go to the partner" in err
    assert main([*args, "--meeting", "999999"]) == 2
    assert "no longer exists" in capsys.readouterr().err
