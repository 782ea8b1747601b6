"""Weekly habits: targets, check-ins, dismissed automatic credits, weekly reviews

Revision ID: 0007_habits
Revises: 0006_governance_registers
Create Date: 2026-11-24 08:42:48.811082
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_habits"
down_revision: str | None = "0006_governance_registers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "habit_dismissed_credits",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "record_id", name=op.f("pk_habit_dismissed_credits")),
    )
    op.create_table(
        "habit_targets",
        sa.Column("habit", sa.String(length=20), nullable=False),
        sa.Column("target", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("habit", name=op.f("pk_habit_targets")),
    )
    op.create_table(
        "habit_weekly_reviews",
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("went_well", sa.Text(), nullable=False),
        sa.Column("got_in_the_way", sa.Text(), nullable=False),
        sa.Column("focus", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("week", name=op.f("pk_habit_weekly_reviews")),
    )
    op.create_table(
        "habit_checkins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("habit", sa.String(length=20), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("alliance_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["alliance_id"],
            ["alliances.id"],
            name=op.f("fk_habit_checkins_alliance_id_alliances"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_habit_checkins")),
    )
    with op.batch_alter_table("habit_checkins", schema=None) as batch_op:
        batch_op.create_index("ix_habit_checkins_day", ["day", "habit"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("habit_checkins", schema=None) as batch_op:
        batch_op.drop_index("ix_habit_checkins_day")

    op.drop_table("habit_checkins")
    op.drop_table("habit_weekly_reviews")
    op.drop_table("habit_targets")
    op.drop_table("habit_dismissed_credits")
