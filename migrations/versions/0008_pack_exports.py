"""Pack exports, the record behind the publish-your-work credit

Revision ID: 0008_pack_exports
Revises: 0007_habits
Create Date: 2026-11-24 08:50:18.376973
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_pack_exports"
down_revision: str | None = "0007_habits"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pack_exports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("alliance_id", sa.Integer(), nullable=True),
        sa.Column("audience", sa.String(length=20), nullable=False),
        sa.Column("exported_on", sa.Date(), nullable=False),
        sa.Column("file_name", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["alliance_id"],
            ["alliances.id"],
            name=op.f("fk_pack_exports_alliance_id_alliances"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pack_exports")),
    )


def downgrade() -> None:
    op.drop_table("pack_exports")
