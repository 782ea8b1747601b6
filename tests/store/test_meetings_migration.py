"""0020 → 0023_meetings on a portfolio holding a committee, a meeting, its agenda, attendees
and actions: every row kept with the new defaults, meeting mode works on it, and back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alliance_desk.store.location import resolve
from alliance_desk.store.migrate import alembic_config, upgrade

ROWS = (
    "INSERT INTO alliances (id, name, partner, alliance_type, phase, criticality, complexity, "
    "north_star, strategic_value, financial_value, internal_only, created_at, updated_at, "
    "version) VALUES (7, 'Aurora', 'Borealis', 'licensing', 'execution', 4, 4, '', 4, 12.5, 0, "
    "'2024-01-02 10:00:00', '2024-01-02 10:00:00', 1)",
    "INSERT INTO people (id, name, side, title, organisation, function, email, phone, "
    "internal_only, created_at, updated_at, version) VALUES (3, 'Ирина', 'partner', '', '', "
    "'', 'i@x.test', '', 0, '2024-01-02 10:00:00', '2024-01-02 10:00:00', 1)",
    "INSERT INTO governance_bodies (id, alliance_id, name, kind, version) "
    "VALUES (5, 7, 'JSC', 'joint steering committee', 1)",
    "INSERT INTO meetings (id, body_id, starts_at, ends_at, location, note, time_zone, version) "
    "VALUES (9, 5, '2026-09-01 14:00:00', '2026-09-01 16:00:00', 'Basel', '', "
    "'Europe/Zurich', 1)",
    "INSERT INTO meeting_attendees (meeting_id, person_id) VALUES (9, 3)",
    "INSERT INTO agenda_items (id, meeting_id, position, title, minutes, purpose, notes) "
    "VALUES (11, 9, 0, 'Supply plan', 20, 'decision', 'prep')",
    "INSERT INTO action_items (id, meeting_id, title, owner_id, due_date, status, version) "
    "VALUES (13, 9, 'Send budget', 3, '2026-09-20', 'open', 1)",
)


def test_meetings_upgrade_keeps_every_row_and_downgrades(db_path: Path) -> None:
    from alembic import command

    from alliance_desk.core.minutes import Attendance
    from alliance_desk.store import governance, minutes
    from alliance_desk.store.database import open_store

    location = resolve(db_path)
    db_path.touch(mode=0o600)
    upgrade(location, "0020_today_snooze")
    with sqlite3.connect(db_path) as connection:
        for statement in ROWS:
            connection.execute(statement)
    connection.close()
    store = open_store(db_path)
    try:
        meeting = governance.get_meeting(store, 9)
        assert meeting.draft.time_zone == "Europe/Zurich" and meeting.draft.format == ""
        assert [(i.title, i.notes, i.record) for i in meeting.agenda] == [
            ("Supply plan", "prep", "")
        ]
        assert [(a.title, a.side) for a in meeting.actions] == [("Send budget", "")]
        record = minutes.meeting_record(store, 9)
        assert [(a.name, a.attendance) for a in record.attendees] == [("Ирина", Attendance.INVITED)]
        assert not record.locked and not record.quorum.ruled
        minutes.set_item_minutes(store, 9, 11, "Agreed")
        minutes.set_attendance(store, 9, 3, Attendance.DELEGATE, "Ольга")
        minutes.approve_minutes(store, 9, "Ada")
        minutes.amend_minutes(store, 9, "Supply plan", "Corrected")
    finally:
        store.close()
    command.downgrade(alembic_config(location), "0020_today_snooze")
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT title, notes FROM agenda_items").fetchall() == [
            ("Supply plan", "prep")
        ]
        assert connection.execute("SELECT person_id FROM meeting_attendees").fetchall() == [(3,)]
        assert connection.execute("SELECT title FROM action_items").fetchall() == [("Send budget",)]
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        assert "minutes_amendments" not in tables
    connection.close()
