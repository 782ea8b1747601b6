"""Indexes on the days the week's habit credits are found by

Revision ID: 0016_day_indexes
Revises: 0015_more_versions
Create Date: 2026-12-01 08:40:00

Today counts this week's check-ins, which credits work recorded anywhere in the portfolio that
week: interactions held, escalations resolved, risks re-rated, decisions taken. Without an
index on those days each start scanned the whole of the four tables.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0016_day_indexes"
down_revision: str | None = "0015_more_versions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("ix_interactions_day", "interactions", "occurred_on"),
    ("ix_escalations_resolved", "escalations", "resolved_on"),
    ("ix_risk_ratings_rated_on", "risk_ratings", "rated_on"),
    ("ix_decisions_day", "decisions", "decided_on"),
)


def upgrade() -> None:
    for name, table, column in INDEXES:
        op.create_index(name, table, [column])


def downgrade() -> None:
    for name, table, _column in INDEXES:
        op.drop_index(name, table_name=table)
