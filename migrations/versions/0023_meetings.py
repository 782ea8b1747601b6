"""Meetings run in the app: attendance, format, quorum, minutes per item, approval, amendments

Revision ID: 0023_meetings
Revises: 0022_value
Create Date: 2026-12-05 09:00:00

Who actually came: each invitee's attendance (invited, present, remote, apologies, delegate)
and the delegate's name. A meeting's format (in person, remote, hybrid) and the committee's
quorum (members of each side required) and recurrence (an iCalendar RRULE for its series).
What was said: each agenda item's minutes, and whether it is the "Actions from the previous
meeting" item a new meeting starts with. Actions name the side that owns them and the later
meeting that reviewed them (so its minutes still list an action it closed). Minutes are
approved once (when, by whom) and then locked: later changes are dated amendments, in their
own table, reachable from the alliance through their meeting like every part of a meeting.
Existing rows get the defaults: invitees "invited", no minutes, not approved.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023_meetings"
down_revision: str | None = "0022_value"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TEAM = "alliance_desk_team"

COLUMNS = (
    (
        "governance_bodies",
        sa.Column("quorum_ours", sa.Integer(), nullable=False, server_default="0"),
    ),
    (
        "governance_bodies",
        sa.Column("quorum_theirs", sa.Integer(), nullable=False, server_default="0"),
    ),
    (
        "governance_bodies",
        sa.Column("recurrence", sa.String(200), nullable=False, server_default=""),
    ),
    ("meetings", sa.Column("format", sa.String(20), nullable=False, server_default="")),
    ("meetings", sa.Column("minutes_approved_at", sa.DateTime(), nullable=True)),
    (
        "meetings",
        sa.Column("minutes_approved_by", sa.String(200), nullable=False, server_default=""),
    ),
    (
        "meeting_attendees",
        sa.Column("attendance", sa.String(20), nullable=False, server_default="invited"),
    ),
    (
        "meeting_attendees",
        sa.Column("delegate", sa.String(200), nullable=False, server_default=""),
    ),
    ("agenda_items", sa.Column("record", sa.Text(), nullable=False, server_default="")),
    (
        "agenda_items",
        sa.Column("carry_over", sa.Boolean(), nullable=False, server_default=sa.false()),
    ),
    ("action_items", sa.Column("side", sa.String(20), nullable=False, server_default="")),
    ("action_items", sa.Column("reviewed_in", sa.Integer(), nullable=True)),
)


def upgrade() -> None:
    for table, column in COLUMNS:
        op.add_column(table, column)
    with op.batch_alter_table("action_items") as batch:
        batch.create_foreign_key(
            op.f("fk_action_items_reviewed_in_meetings"),
            "meetings",
            ["reviewed_in"],
            ["id"],
            ondelete="SET NULL",
        )
    op.create_table(
        "minutes_amendments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("made_at", sa.DateTime(), nullable=False),
        sa.Column("item_title", sa.String(300), nullable=False, server_default=""),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_minutes_amendments_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_amendments")),
    )
    op.create_index("ix_minutes_amendments_meeting", "minutes_amendments", ["meeting_id"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"""
            DO $$ BEGIN
                IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{TEAM}') THEN
                    GRANT SELECT, INSERT, UPDATE, DELETE ON minutes_amendments TO {TEAM};
                    GRANT USAGE, SELECT ON SEQUENCE minutes_amendments_id_seq TO {TEAM};
                END IF;
            END $$
            """
        )
        # Under the team store's rules (0021): seen only with the meeting's alliance, written
        # by whom the server says, deleted only by whoever made the amendment.
        from alliance_desk.store import access

        for statement in access.protect_sql(
            "minutes_amendments", parent=("meeting_id", "meetings"), history=True
        ):
            op.execute(statement)


def downgrade() -> None:
    op.drop_index("ix_minutes_amendments_meeting", table_name="minutes_amendments")
    op.drop_table("minutes_amendments")
    by_table: dict[str, list[str]] = {}
    for table, column in COLUMNS:
        by_table.setdefault(table, []).append(column.name)
    for table, names in by_table.items():
        with op.batch_alter_table(table) as batch:
            for name in reversed(names):
                batch.drop_column(name)
