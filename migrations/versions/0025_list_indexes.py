"""Indexes in the order the long lists are read a page at a time

Revision ID: 0025_list_indexes
Revises: 0024_search
Create Date: 2026-12-03 12:30:00

The escalation log reads each status and level in the order of the day the issue reached
that level (its trigger date grows with that day), for the whole portfolio or one alliance;
the risk register reads risks by score (likelihood × impact, an expression index). With these
indexes a page reads a page of rows, without sorting the table first. (The decision log's
order, by the day decided, has its indexes since 0016.)
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alliance_desk.store.migrate import add_indexes, drop_indexes

revision: str = "0025_list_indexes"
down_revision: str | None = "0024_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("ix_escalations_log", "escalations", ["status", "level", "level_since"]),
    ("ix_risks_score", "risks", [sa.text("(likelihood * impact)")]),
    ("ix_risks_alliance_score", "risks", ["alliance_id", sa.text("(likelihood * impact)")]),
    (
        "ix_escalations_alliance_log",
        "escalations",
        ["alliance_id", "status", "level", "level_since"],
    ),
)


def upgrade() -> None:
    add_indexes(INDEXES)


def downgrade() -> None:
    drop_indexes(INDEXES)
