"""Keep every North Star statement an alliance has had, starting from the current one.

Revision ID: 0002_north_star_history
Revises: 0001_initial
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_north_star_history"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "north_star_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alliance_id", sa.Integer(), nullable=False),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("set_on", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["alliance_id"],
            ["alliances.id"],
            name=op.f("fk_north_star_history_alliance_id_alliances"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_north_star_history")),
    )
    op.create_index(
        "ix_north_star_history_alliance", "north_star_history", ["alliance_id", "set_on"]
    )
    # Existing alliances start their history with the statement they hold today.
    op.execute(
        "INSERT INTO north_star_history (alliance_id, statement, set_on) "
        "SELECT id, north_star, updated_at FROM alliances WHERE north_star <> ''"
    )


def downgrade() -> None:
    op.drop_index("ix_north_star_history_alliance", table_name="north_star_history")
    op.drop_table("north_star_history")
