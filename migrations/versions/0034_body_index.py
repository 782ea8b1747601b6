"""An index on each governance body's alliance

Revision ID: 0034_body_index
Revises: 0033_due_indexes
Create Date: 2026-12-04 22:20:00

Value, Today and the meeting lists find each alliance's committees by the alliance: per live
alliance, its last and next meeting. The bodies had no index on their alliance, so for each
alliance every body was read: SQLite made itself a temporary index each time, PostgreSQL read
the whole table twice per alliance (on the ten-times team store 600 × 600 × 2 rows, ≈ 40 of
Value's statement's ≈ 50 ms for its rhythm part).
"""

from collections.abc import Sequence

from alliance_desk.store.migrate import add_indexes, drop_indexes

revision: str = "0034_body_index"
down_revision: str | None = "0033_due_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (("ix_governance_bodies_alliance", "governance_bodies", ["alliance_id"]),)


def upgrade() -> None:
    add_indexes(INDEXES)


def downgrade() -> None:
    drop_indexes(INDEXES)
