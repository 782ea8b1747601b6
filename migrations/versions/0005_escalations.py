"""Escalations and their append-only history.

The history is protected by the database, not only the app: on SQLite, triggers refuse to
update an event, or to delete one while its escalation still exists (deleting the whole
escalation, e.g. when its creation is undone, still removes its events).

Revision ID: 0005_escalations
Revises: 0004_onboarding
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_escalations"
down_revision: str | None = "0004_onboarding"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _person(column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        ["people.id"],
        name=op.f(f"fk_escalations_{column}_people"),
        ondelete="SET NULL",
    )


def upgrade() -> None:
    op.create_table(
        "escalations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alliance_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("category", sa.String(30), nullable=False),
        sa.Column("severity", sa.String(20), nullable=False),
        sa.Column("raised_on", sa.Date(), nullable=False),
        sa.Column("raised_by_id", sa.Integer(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("counterpart_id", sa.Integer(), nullable=True),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column("delay_days", sa.Integer(), nullable=False),
        sa.Column("value_at_stake", sa.Float(), nullable=False),
        sa.Column("internal_only", sa.Boolean(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("level_since", sa.Date(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("root_cause", sa.Text(), nullable=False),
        sa.Column("resolution", sa.Text(), nullable=False),
        sa.Column("resolution_kind", sa.String(30), nullable=False),
        sa.Column("resolved_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["alliance_id"],
            ["alliances.id"],
            name=op.f("fk_escalations_alliance_id_alliances"),
            ondelete="CASCADE",
        ),
        _person("raised_by_id"),
        _person("owner_id"),
        _person("counterpart_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_escalations")),
    )
    op.create_index("ix_escalations_alliance", "escalations", ["alliance_id", "status"])
    op.create_index("ix_escalations_status", "escalations", ["status", "level_since"])
    op.create_table(
        "escalation_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("escalation_id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("from_level", sa.Integer(), nullable=True),
        sa.Column("to_level", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["escalation_id"],
            ["escalations.id"],
            name=op.f("fk_escalation_events_escalation_id_escalations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_escalation_events")),
    )
    op.create_index(
        "ix_escalation_events_escalation", "escalation_events", ["escalation_id", "occurred_at"]
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE TRIGGER escalation_events_append_only_update "
            "BEFORE UPDATE ON escalation_events "
            "BEGIN SELECT RAISE(ABORT, 'escalation history is append-only'); END"
        )
        op.execute(
            "CREATE TRIGGER escalation_events_append_only_delete "
            "BEFORE DELETE ON escalation_events "
            "WHEN EXISTS (SELECT 1 FROM escalations WHERE id = OLD.escalation_id) "
            "BEGIN SELECT RAISE(ABORT, 'escalation history is append-only'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS escalation_events_append_only_delete")
        op.execute("DROP TRIGGER IF EXISTS escalation_events_append_only_update")
    op.drop_index("ix_escalation_events_escalation", table_name="escalation_events")
    op.drop_table("escalation_events")
    op.drop_index("ix_escalations_status", table_name="escalations")
    op.drop_index("ix_escalations_alliance", table_name="escalations")
    op.drop_table("escalations")
