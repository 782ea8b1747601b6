"""An index of the people planned under a custom cadence

Revision ID: 0042_custom_cadences
Revises: 0041_team_private_contacts
Create Date: 2026-12-05 19:40:00

Today ranks the calls due under a fixed cadence in SQL and lists those under a custom one (an
RRULE) for Python to work out; finding those few read every stakeholder's row (30,000 at ten
times the heavy portfolio, ≈ 2.3 ms of every reading of Today). A partial index holds only the
custom ones: the reading names `cadence = 'custom'` as the index does, so both engines use it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0042_custom_cadences"
down_revision: str | None = "0041_team_private_contacts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX, TABLE = "ix_stakeholders_custom", "stakeholders"
CUSTOM = "cadence = 'custom'"  # as store/stakeholders.py asks it (core Cadence.CUSTOM)


def upgrade() -> None:
    op.create_index(
        INDEX,
        TABLE,
        ["alliance_id"],
        sqlite_where=sa.text(CUSTOM),
        postgresql_where=sa.text(CUSTOM),
    )


def downgrade() -> None:
    op.drop_index(INDEX, table_name=TABLE)
