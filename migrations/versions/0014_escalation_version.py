"""Escalations carry a version, checked by every edit of their details

Revision ID: 0014_escalation_version
Revises: 0013_register_versions
Create Date: 2026-11-24 12:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_escalation_version"
down_revision: str | None = "0013_register_versions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "escalations", sa.Column("version", sa.Integer(), nullable=False, server_default="1")
    )


def downgrade() -> None:
    with op.batch_alter_table("escalations") as batch:
        batch.drop_column("version")
