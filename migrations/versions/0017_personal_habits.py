"""Habits are personal on the team store: each row says who recorded it

Revision ID: 0017_personal_habits
Revises: 0016_day_indexes
Create Date: 2026-12-01 09:00:00

On a shared PostgreSQL portfolio every teammate used to see, and overwrite, one set of habit
check-ins, targets and weekly reviews, and everyone's logged work credited everyone's habits.
Now the records that credit a habit (risk ratings, decisions, insights, health checks, pack
exports, resolutions) remember the database role that recorded them, filled in by the server;
check-ins, targets, reviews and dismissed credits belong to their user, and row-level security
keeps them theirs. On a local file there is one user: every such column stays ''.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017_personal_habits"
down_revision: str | None = "0016_day_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CREDITING = ("risk_ratings", "decisions", "insights", "health_checks", "pack_exports")
PERSONAL = {  # table -> its primary key with the user in front
    "habit_checkins": None,
    "habit_targets": ("recorded_by", "habit"),
    "habit_dismissed_credits": ("recorded_by", "kind", "record_id"),
    "habit_weekly_reviews": ("recorded_by", "week"),
}


def _who() -> sa.Column:
    return sa.Column("recorded_by", sa.String(63), nullable=False, server_default="")


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    op.add_column(
        "escalations", sa.Column("resolved_by", sa.String(63), nullable=False, server_default="")
    )
    for table in CREDITING:
        op.add_column(table, _who())
    for table, key in PERSONAL.items():
        with op.batch_alter_table(table) as batch:
            batch.add_column(_who())
            if key is not None:
                batch.drop_constraint(f"pk_{table}", type_="primary")
                batch.create_primary_key(f"pk_{table}", list(key))
    if not postgres:
        return
    for table in (*CREDITING, *PERSONAL):
        op.execute(f"ALTER TABLE {table} ALTER COLUMN recorded_by SET DEFAULT current_user")
    for table in PERSONAL:
        # Rows from before this revision cannot say whose they were: they go to the role that
        # upgrades the store, rather than to nobody (which the policy would hide from all).
        op.execute(f"UPDATE {table} SET recorded_by = current_user WHERE recorded_by = ''")
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY only_mine ON {table} "
            "USING (recorded_by = current_user) WITH CHECK (recorded_by = current_user)"
        )


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table, key in PERSONAL.items():
        if postgres:
            op.execute(f"DROP POLICY IF EXISTS only_mine ON {table}")
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
        with op.batch_alter_table(table) as batch:
            if key is not None:
                batch.drop_constraint(f"pk_{table}", type_="primary")
                batch.create_primary_key(f"pk_{table}", list(key[1:]))
            batch.drop_column("recorded_by")
    for table in CREDITING:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("recorded_by")
    with op.batch_alter_table("escalations") as batch:
        batch.drop_column("resolved_by")
