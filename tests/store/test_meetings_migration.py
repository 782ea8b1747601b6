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
    "version) VALUES (7, 'Aurora', 'Borealis', 'licensing', 'execution', 4, 4, '', 4, 12.5, false, "
    "'2024-01-02 10:00:00', '2024-01-02 10:00:00', 1)",
    "INSERT INTO people (id, name, side, title, organisation, function, email, phone, "
    "internal_only, created_at, updated_at, version) VALUES (3, 'Ирина', 'partner', '', '', "
    "'', 'i@x.test', '', false, '2024-01-02 10:00:00', '2024-01-02 10:00:00', 1)",
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


def _upgrade_with_rows(url: str) -> None:
    """Run meeting mode on a store upgraded from 0020 holding a committee's meeting, then
    downgrade it and find every row as it was."""
    from alembic import command
    from sqlalchemy import create_engine, text

    from alliance_desk.core.minutes import Attendance
    from alliance_desk.store import governance, minutes
    from alliance_desk.store.database import open_store

    location = resolve(url)
    upgrade(location, "0020_today_snooze")
    engine = create_engine(url)
    with engine.begin() as connection:
        for statement in ROWS:
            connection.execute(text(statement))
    store = open_store(url)
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
    with engine.connect() as connection:

        def rows(sql: str) -> list:
            return [tuple(row) for row in connection.execute(text(sql)).all()]

        assert rows("SELECT title, notes FROM agenda_items") == [("Supply plan", "prep")]
        assert rows("SELECT person_id FROM meeting_attendees") == [(3,)]
        assert rows("SELECT title FROM action_items") == [("Send budget",)]
        assert rows("SELECT name FROM governance_bodies") == [("JSC",)]
    engine.dispose()


def test_meetings_upgrade_keeps_every_row_and_downgrades(db_path: Path) -> None:
    db_path.touch(mode=0o600)
    _upgrade_with_rows(resolve(db_path).url)
    with sqlite3.connect(db_path) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    connection.close()
    assert "minutes_amendments" not in tables


def test_meetings_upgrade_on_the_team_store(postgres_template) -> None:
    """The same on PostgreSQL, from a database holding the rows."""
    import uuid

    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from tests.conftest import SERVER

    name = f"alliance_desk_up_{uuid.uuid4().hex[:10]}"
    with postgres_template.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    url = make_url(SERVER).set(database=name).render_as_string(hide_password=False)
    try:
        _upgrade_with_rows(url)
    finally:
        with postgres_template.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
