"""Alliances carry a version, checked by every edit

Revision ID: 0011_alliance_version
Revises: 0010_postgres_history_guard
Create Date: 2026-11-24 11:55:00

Optimistic concurrency for the shared team store: an edit made from an older version of an
alliance is refused instead of silently overwriting the newer one.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_alliance_version"
down_revision: str | None = "0010_postgres_history_guard"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "alliances", sa.Column("version", sa.Integer(), nullable=False, server_default="1")
    )


def downgrade() -> None:
    with op.batch_alter_table("alliances") as batch:
        batch.drop_column("version")
