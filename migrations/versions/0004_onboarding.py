"""Onboarding: user templates and their items, plans per person and role, plan items.

Revision ID: 0004_onboarding
Revises: 0003_stakeholder_mapping
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_onboarding"
down_revision: str | None = "0003_stakeholder_mapping"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "onboarding_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_onboarding_templates")),
    )
    op.create_table(
        "onboarding_template_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("offset_days", sa.Integer(), nullable=False),
        sa.Column("owner", sa.String(20), nullable=False),
        sa.Column("optional", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["onboarding_templates.id"],
            name=op.f("fk_onboarding_template_items_template_id_onboarding_templates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_onboarding_template_items")),
    )
    op.create_index(
        op.f("ix_onboarding_template_items_template_id"),
        "onboarding_template_items",
        ["template_id"],
    )
    op.create_table(
        "onboarding_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stakeholder_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(200), nullable=False),
        sa.Column("role_key", sa.String(200), nullable=False),
        sa.Column("template_name", sa.String(200), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("keep_off_weekends", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["stakeholder_id"],
            ["stakeholders.id"],
            name=op.f("fk_onboarding_plans_stakeholder_id_stakeholders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_onboarding_plans")),
        sa.UniqueConstraint(
            "stakeholder_id", "role_key", name=op.f("uq_onboarding_plans_stakeholder_id")
        ),
    )
    op.create_table(
        "onboarding_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("offset_days", sa.Integer(), nullable=False),
        sa.Column("owner", sa.String(20), nullable=False),
        sa.Column("optional", sa.Boolean(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("adhoc", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["onboarding_plans.id"],
            name=op.f("fk_onboarding_items_plan_id_onboarding_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_onboarding_items")),
    )
    op.create_index("ix_onboarding_items_plan", "onboarding_items", ["plan_id", "position"])
    op.create_index("ix_onboarding_items_due", "onboarding_items", ["status", "due_date"])


def downgrade() -> None:
    op.drop_index("ix_onboarding_items_due", table_name="onboarding_items")
    op.drop_index("ix_onboarding_items_plan", table_name="onboarding_items")
    op.drop_table("onboarding_items")
    op.drop_table("onboarding_plans")
    op.drop_index(
        op.f("ix_onboarding_template_items_template_id"), table_name="onboarding_template_items"
    )
    op.drop_table("onboarding_template_items")
    op.drop_table("onboarding_templates")
