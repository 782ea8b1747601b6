"""An index holding what the escalation log's heading counts and sums

Revision ID: 0031_log_totals
Revises: 0030_member_search
Create Date: 2026-12-03 19:15:00

The escalation log's heading counts the open issues by alliance and age and sums their delay,
value at stake and time past the trigger date; its count of what the filters show counts by
status. Both read each open issue's row behind the status index (at ten times the heavy
portfolio, 26,000 rows: ≈ 50 and 27 ms). With this index holding every column they read,
the database reads the index alone (≈ 20 and 2 ms).
"""

from collections.abc import Sequence

from alliance_desk.store.migrate import add_indexes, drop_indexes

revision: str = "0031_log_totals"
down_revision: str | None = "0030_member_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    (
        "ix_escalations_open_totals",
        "escalations",
        ["status", "alliance_id", "raised_on", "level", "level_since", "delay_days",
         "value_at_stake"],
    ),
)  # fmt: skip


def upgrade() -> None:
    add_indexes(INDEXES)


def downgrade() -> None:
    drop_indexes(INDEXES)
