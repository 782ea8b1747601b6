"""Partner insights

Revision ID: 0009_insights
Revises: 0008_pack_exports
Create Date: 2026-11-24 08:59:44.207569
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_insights"
down_revision: str | None = "0008_pack_exports"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "insights",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alliance_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("noted_on", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("internal_only", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["alliance_id"],
            ["alliances.id"],
            name=op.f("fk_insights_alliance_id_alliances"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_insights")),
    )
    with op.batch_alter_table("insights", schema=None) as batch_op:
        batch_op.create_index("ix_insights_alliance", ["alliance_id", "noted_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("insights", schema=None) as batch_op:
        batch_op.drop_index("ix_insights_alliance")

    op.drop_table("insights")
