"""Stakeholder mapping: ratings with history, stance, communication plan, counterparts and the
interaction log. Existing stakeholders start neutral at 3 × 3 with that as their first rating.

Revision ID: 0003_stakeholder_mapping
Revises: 0002_north_star_history
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_stakeholder_mapping"
down_revision: str | None = "0002_north_star_history"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("stakeholders") as batch:
        batch.alter_column("role", type_=sa.String(500), existing_nullable=False)
        batch.add_column(sa.Column("power", sa.Integer(), nullable=False, server_default="3"))
        batch.add_column(sa.Column("interest", sa.Integer(), nullable=False, server_default="3"))
        batch.add_column(
            sa.Column("stance", sa.String(20), nullable=False, server_default="neutral")
        )
        batch.add_column(sa.Column("notes", sa.Text(), nullable=False, server_default=""))
        batch.add_column(
            sa.Column("internal_only", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(
            sa.Column("channel", sa.String(20), nullable=False, server_default="video call")
        )
        batch.add_column(sa.Column("cadence", sa.String(20), nullable=False, server_default="none"))
        batch.add_column(
            sa.Column("cadence_rule", sa.String(200), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("formal", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("planned_from", sa.Date(), nullable=True))

    op.create_table(
        "stakeholder_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stakeholder_id", sa.Integer(), nullable=False),
        sa.Column("power", sa.Integer(), nullable=False),
        sa.Column("interest", sa.Integer(), nullable=False),
        sa.Column("rated_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["stakeholder_id"],
            ["stakeholders.id"],
            name=op.f("fk_stakeholder_ratings_stakeholder_id_stakeholders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stakeholder_ratings")),
    )
    op.create_index(
        "ix_stakeholder_ratings_stakeholder",
        "stakeholder_ratings",
        ["stakeholder_id", "rated_on"],
    )
    op.execute(
        "INSERT INTO stakeholder_ratings (stakeholder_id, power, interest, rated_on, created_at) "
        "SELECT id, 3, 3, CURRENT_DATE, CURRENT_TIMESTAMP FROM stakeholders"
    )

    op.create_table(
        "counterparts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("internal_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["internal_id"],
            ["stakeholders.id"],
            name=op.f("fk_counterparts_internal_id_stakeholders"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["stakeholders.id"],
            name=op.f("fk_counterparts_partner_id_stakeholders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_counterparts")),
        sa.UniqueConstraint("internal_id", "partner_id", name=op.f("uq_counterparts_internal_id")),
    )
    op.create_index("ix_counterparts_partner", "counterparts", ["partner_id"])

    op.create_table(
        "interactions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alliance_id", sa.Integer(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("sentiment", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("internal_only", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["alliance_id"],
            ["alliances.id"],
            name=op.f("fk_interactions_alliance_id_alliances"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interactions")),
    )
    op.create_index("ix_interactions_alliance", "interactions", ["alliance_id", "occurred_on"])

    op.create_table(
        "interaction_people",
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interactions.id"],
            name=op.f("fk_interaction_people_interaction_id_interactions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_interaction_people_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("interaction_id", "person_id", name=op.f("pk_interaction_people")),
    )
    op.create_index("ix_interaction_people_person", "interaction_people", ["person_id"])


def downgrade() -> None:
    op.drop_index("ix_interaction_people_person", table_name="interaction_people")
    op.drop_table("interaction_people")
    op.drop_index("ix_interactions_alliance", table_name="interactions")
    op.drop_table("interactions")
    op.drop_index("ix_counterparts_partner", table_name="counterparts")
    op.drop_table("counterparts")
    op.drop_index("ix_stakeholder_ratings_stakeholder", table_name="stakeholder_ratings")
    op.drop_table("stakeholder_ratings")
    with op.batch_alter_table("stakeholders") as batch:
        for column in (
            "planned_from",
            "formal",
            "cadence_rule",
            "cadence",
            "channel",
            "internal_only",
            "notes",
            "stance",
            "interest",
            "power",
        ):
            batch.drop_column(column)
        batch.alter_column("role", type_=sa.String(200), existing_nullable=False)
