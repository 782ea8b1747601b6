"""What is shared with the partner, per record; and the time zone a meeting is held in

Revision ID: 0018_partner_sharing
Revises: 0017_personal_habits
Create Date: 2026-12-03 09:00:00

A pack for the partner carries only the issues raised with them, joint risks and decisions
taken jointly. Each record follows a rule (an escalation from level 1, a decision taken in a
committee) unless the user says otherwise: `shared_with_partner` is NULL for "by the rule",
true or false for the user's own call. A risk is ours unless marked `joint`. A meeting keeps
the time zone its times are in (IANA name; '' for meetings from before this revision, read as
the machine's zone), so a calendar invitation gives everyone the right hour.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018_partner_sharing"
down_revision: str | None = "0017_personal_habits"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("escalations", sa.Column("shared_with_partner", sa.Boolean(), nullable=True))
    op.add_column("decisions", sa.Column("shared_with_partner", sa.Boolean(), nullable=True))
    op.add_column(
        "risks", sa.Column("joint", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.add_column(
        "meetings", sa.Column("time_zone", sa.String(64), nullable=False, server_default="")
    )


def downgrade() -> None:
    for table, column in (
        ("meetings", "time_zone"),
        ("risks", "joint"),
        ("decisions", "shared_with_partner"),
        ("escalations", "shared_with_partner"),
    ):
        with op.batch_alter_table(table) as batch:
            batch.drop_column(column)
