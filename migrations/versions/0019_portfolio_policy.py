"""The portfolio's business rules live in the portfolio, shared by the whole team

Revision ID: 0019_portfolio_policy
Revises: 0017_personal_habits
Create Date: 2026-12-02 09:00:00

Service levels, holidays, week start, the not-implemented threshold, the onboarding weekend
rule and the defaults of new decisions and obligations used to be each user's own window
preferences, so the packs, the command line and every teammate counted with other rules.
One row per setting (core/policy.py names them); a setting without a row has its default.
The window moves a user's old preferences in on its first start (ui/preferences.py).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019_portfolio_policy"
down_revision: str | None = "0018_partner_sharing"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TEAM = "alliance_desk_team"


def upgrade() -> None:
    op.create_table(
        "portfolio_policy",
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_portfolio_policy")),
    )
    if op.get_bind().dialect.name == "postgresql":
        # Default privileges cover tables made by the role that set them; say it outright in
        # case another role upgrades the store.
        op.execute(
            f"""
            DO $$ BEGIN
                IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{TEAM}') THEN
                    GRANT SELECT, INSERT, UPDATE, DELETE ON portfolio_policy TO {TEAM};
                END IF;
            END $$
            """
        )


def downgrade() -> None:
    op.drop_table("portfolio_policy")
