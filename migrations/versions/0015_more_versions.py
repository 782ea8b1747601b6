"""People, their place on alliances, onboarding and meetings carry a version too

Revision ID: 0015_more_versions
Revises: 0014_escalation_version
Create Date: 2026-12-01 08:10:00

The rest of what two teammates may edit at once: a person's details and ratings, a checklist
template, an onboarding plan and its items, a committee's members, a meeting (times, agenda,
attendees) and its action items. An edit made from an older version is refused instead of
overwriting the newer one.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_more_versions"
down_revision: str | None = "0014_escalation_version"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = (
    "people",
    "stakeholders",
    "onboarding_templates",
    "onboarding_plans",
    "onboarding_items",
    "governance_bodies",
    "meetings",
    "action_items",
)


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
