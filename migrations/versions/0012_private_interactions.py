"""Private interactions, enforced by PostgreSQL row-level security

Revision ID: 0012_private_interactions
Revises: 0011_alliance_version
Create Date: 2026-11-24 12:00:00

An interaction can be flagged private to its author. On a team store each user connects with
their own database role, the row remembers it (`owner`, default current_user), and row-level
security hides a private row — and the list of who took part in it — from everyone else, even
from SQL typed by hand. The role `alliance_desk_team` holds the rights a user needs; the
administrator grants it to each user's login role. On a local SQLite file there is one user
and the flag only records the intent.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_private_interactions"
down_revision: str | None = "0011_alliance_version"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TEAM = "alliance_desk_team"


def upgrade() -> None:
    op.add_column(
        "interactions", sa.Column("owner", sa.String(63), nullable=False, server_default="")
    )
    op.add_column(
        "interactions",
        sa.Column("private", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        f"""
        DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{TEAM}') THEN
                CREATE ROLE {TEAM} NOLOGIN;
            END IF;
        END $$
        """
    )
    op.execute(f"GRANT USAGE ON SCHEMA public TO {TEAM}")
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {TEAM}")
    op.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {TEAM}")
    op.execute(
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {TEAM}"
    )
    op.execute(
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {TEAM}"
    )
    op.execute("ALTER TABLE interactions ALTER COLUMN owner SET DEFAULT current_user")
    op.execute("ALTER TABLE interactions ENABLE ROW LEVEL SECURITY")
    op.execute(
        "CREATE POLICY shared_or_mine ON interactions "
        "USING (NOT private OR owner = current_user) "
        "WITH CHECK (NOT private OR owner = current_user)"
    )
    op.execute("ALTER TABLE interaction_people ENABLE ROW LEVEL SECURITY")
    op.execute(
        "CREATE POLICY with_a_visible_interaction ON interaction_people USING "
        "(EXISTS (SELECT 1 FROM interactions i WHERE i.id = interaction_id))"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP POLICY IF EXISTS with_a_visible_interaction ON interaction_people")
        op.execute("ALTER TABLE interaction_people DISABLE ROW LEVEL SECURITY")
        op.execute("DROP POLICY IF EXISTS shared_or_mine ON interactions")
        op.execute("ALTER TABLE interactions DISABLE ROW LEVEL SECURITY")
    with op.batch_alter_table("interactions") as batch:
        batch.drop_column("private")
        batch.drop_column("owner")
