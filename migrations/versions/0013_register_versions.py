"""Risks, decisions, obligations and insights carry a version, checked by every edit

Revision ID: 0013_register_versions
Revises: 0012_private_interactions
Create Date: 2026-11-24 12:10:00

The same optimistic concurrency as alliances (0011): on a shared team store, an edit made from
an older version of a record is refused instead of silently overwriting the newer one.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_register_versions"
down_revision: str | None = "0012_private_interactions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("risks", "decisions", "obligations", "insights")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
