"""Today's tasks can be snoozed to a day: each user's own snoozes, kept in the portfolio

Revision ID: 0020_today_snooze
Revises: 0019_portfolio_policy
Create Date: 2026-12-04 09:00:00

A snooze names a task of Today (its kind and record: "call:12", "item:45") and the day it
comes back. On the team store it is one user's own, like their habits: the server fills in
who recorded it and row-level security keeps it theirs, so a snooze never hides a teammate's
task. A snooze of a record since deleted names nothing and does no harm.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020_today_snooze"
down_revision: str | None = "0019_portfolio_policy"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TEAM = "alliance_desk_team"


def upgrade() -> None:
    op.create_table(
        "today_snoozes",
        sa.Column("recorded_by", sa.String(63), nullable=False, server_default=""),
        sa.Column("task", sa.String(80), nullable=False),
        sa.Column("until", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("recorded_by", "task", name=op.f("pk_today_snoozes")),
    )
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE today_snoozes ALTER COLUMN recorded_by SET DEFAULT current_user")
    op.execute("ALTER TABLE today_snoozes ENABLE ROW LEVEL SECURITY")
    op.execute(
        "CREATE POLICY only_mine ON today_snoozes "
        "USING (recorded_by = current_user) WITH CHECK (recorded_by = current_user)"
    )
    op.execute(
        f"""
        DO $$ BEGIN
            IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{TEAM}') THEN
                GRANT SELECT, INSERT, UPDATE, DELETE ON today_snoozes TO {TEAM};
            END IF;
        END $$
        """
    )


def downgrade() -> None:
    op.drop_table("today_snoozes")
