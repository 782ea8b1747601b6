"""The escalation history is append-only on PostgreSQL too

Revision ID: 0010_postgres_history_guard
Revises: 0009_insights
Create Date: 2026-11-24 11:50:00

0005 guards the history with SQLite triggers; a team store on PostgreSQL gets the same rule
from a trigger function: an event of an existing escalation can be neither rewritten nor
deleted (deleting the escalation itself still removes its history with it).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010_postgres_history_guard"
down_revision: str | None = "0009_insights"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        """
        CREATE FUNCTION escalation_events_append_only() RETURNS trigger AS $$
        BEGIN
            IF TG_OP = 'UPDATE'
               OR EXISTS (SELECT 1 FROM escalations WHERE id = OLD.escalation_id) THEN
                RAISE EXCEPTION 'escalation history is append-only';
            END IF;
            RETURN OLD;
        END
        $$ LANGUAGE plpgsql
        """
    )
    op.execute(
        "CREATE TRIGGER escalation_events_append_only BEFORE UPDATE OR DELETE "
        "ON escalation_events FOR EACH ROW EXECUTE FUNCTION escalation_events_append_only()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS escalation_events_append_only ON escalation_events")
    op.execute("DROP FUNCTION IF EXISTS escalation_events_append_only()")
