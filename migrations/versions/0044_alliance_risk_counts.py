"""Which alliances' risks have changed, and an index of each alliance's risk cells

Revision ID: 0044_alliance_risk_counts
Revises: 0043_meeting_change_counts
Create Date: 2026-12-05 22:10:00

The Risk register's heat map counted every open risk by likelihood and impact on each
showing (≈ 4 ms at ten times the heavy portfolio: 20,000 risks), though an edit touches one
alliance's. Each alliance's writes of risks are now counted as 0040 counts escalations'
(`risks@<alliance id>`, `risks@*` for a TRUNCATE), so the heat map is counted again only for
the alliances whose risks changed (store/register_head.py). Its cells are read per alliance
from an index in that order (alliance, likelihood, impact, status), which replaces 0033's
ix_risks_cells (likelihood first: the portfolio's cells alone).

The rules are 0037's and 0040's: only triggers write the counters, and a team member reads
the counters only of the alliances granted to them.
"""

from collections.abc import Sequence

from alliance_desk.store.migrate import (
    add_indexes,
    count_alliance_changes,
    drop_indexes,
    stop_counting_alliance_changes,
)

revision: str = "0044_alliance_risk_counts"
down_revision: str | None = "0043_meeting_change_counts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COUNTED = "risks"
INDEXES = (("ix_risks_alliance_cells", "risks", ["alliance_id", "likelihood", "impact", "status"]),)
REPLACED = (("ix_risks_cells", "risks", ["likelihood", "impact", "status", "alliance_id"]),)


def upgrade() -> None:
    count_alliance_changes(COUNTED)
    add_indexes(INDEXES)
    drop_indexes(REPLACED)


def downgrade() -> None:
    add_indexes(REPLACED)
    drop_indexes(INDEXES)
    stop_counting_alliance_changes(COUNTED)
