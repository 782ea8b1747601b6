"""Value made visible: milestones, KPIs with dated actuals, practice baselines, and the day a
decision's question was raised

Revision ID: 0022_value
Revises: 0021_team_access
Create Date: 2026-12-03 09:30:00

Milestones and KPIs belong to an alliance (each table, KPI actuals included, carries the
alliance id so the team store's per-alliance rules can apply to it directly). A practice
baseline is one user's own self-assessment, kept private to them on the team store like their
habits. `decisions.raised_on` is NULL for decisions recorded before this revision: their time
to decision is simply not known.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022_value"
down_revision: str | None = "0021_team_access"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TEAM = "alliance_desk_team"
TABLES = ("milestones", "kpis", "kpi_actuals", "practice_baselines", "baseline_answers")


def _alliance(table: str, ondelete: str = "CASCADE", nullable: bool = False) -> list:
    return [
        sa.Column("alliance_id", sa.Integer(), nullable=nullable),
        sa.ForeignKeyConstraint(
            ["alliance_id"],
            ["alliances.id"],
            name=op.f(f"fk_{table}_alliance_id_alliances"),
            ondelete=ondelete,
        ),
    ]


def _record_columns() -> list:
    return [
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    ]


def upgrade() -> None:
    op.add_column("decisions", sa.Column("raised_on", sa.Date(), nullable=True))
    op.create_table(
        "milestones",
        sa.Column("id", sa.Integer(), nullable=False),
        *_alliance("milestones"),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("planned_on", sa.Date(), nullable=False),
        sa.Column("forecast_on", sa.Date(), nullable=True),
        sa.Column("achieved_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("party", sa.String(20), nullable=False),
        sa.Column("north_star", sa.Boolean(), nullable=False),
        sa.Column("shared", sa.Boolean(), nullable=False),
        *_record_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestones")),
    )
    op.create_index("ix_milestones_alliance", "milestones", ["alliance_id", "planned_on"])
    op.create_table(
        "kpis",
        sa.Column("id", sa.Integer(), nullable=False),
        *_alliance("kpis"),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("unit", sa.String(40), nullable=False),
        sa.Column("direction", sa.String(20), nullable=False),
        sa.Column("target", sa.Float(), nullable=False),
        sa.Column("shared", sa.Boolean(), nullable=False),
        *_record_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kpis")),
    )
    op.create_index("ix_kpis_alliance", "kpis", ["alliance_id"])
    op.create_table(
        "kpi_actuals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kpi_id", sa.Integer(), nullable=False),
        *_alliance("kpi_actuals"),
        sa.Column("measured_on", sa.Date(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["kpi_id"], ["kpis.id"], name=op.f("fk_kpi_actuals_kpi_id_kpis"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kpi_actuals")),
        sa.UniqueConstraint("kpi_id", "measured_on", name=op.f("uq_kpi_actuals_kpi_id")),
    )
    op.create_table(
        "practice_baselines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        *_alliance("practice_baselines", "SET NULL", nullable=True),
        sa.Column("recorded_by", sa.String(63), nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_baselines")),
    )
    op.create_table(
        "baseline_answers",
        sa.Column("baseline_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.String(40), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["baseline_id"],
            ["practice_baselines.id"],
            name=op.f("fk_baseline_answers_baseline_id_practice_baselines"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("baseline_id", "question", name=op.f("pk_baseline_answers")),
    )
    if op.get_bind().dialect.name != "postgresql":
        return
    # A baseline is its author's own, like their habits.
    op.execute("ALTER TABLE practice_baselines ALTER COLUMN recorded_by SET DEFAULT current_user")
    op.execute("ALTER TABLE practice_baselines ENABLE ROW LEVEL SECURITY")
    op.execute(
        "CREATE POLICY only_mine ON practice_baselines "
        "USING (recorded_by = current_user) WITH CHECK (recorded_by = current_user)"
    )
    op.execute("ALTER TABLE baseline_answers ENABLE ROW LEVEL SECURITY")
    op.execute(  # an answer is seen with its baseline, through that table's own rule
        "CREATE POLICY with_its_baseline ON baseline_answers USING (EXISTS ("
        "SELECT 1 FROM practice_baselines b WHERE b.id = baseline_answers.baseline_id))"
    )
    _team_rules()
    tables = ", ".join(TABLES)
    op.execute(
        f"""
        DO $$ BEGIN
            IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{TEAM}') THEN
                GRANT SELECT, INSERT, UPDATE, DELETE ON {tables} TO {TEAM};
                GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {TEAM};
            END IF;
        END $$
        """
    )


def _team_rules() -> None:
    """Where the team store's per-alliance rules exist (store/access.py, revision 0021, when
    this revision runs after it), the alliance's new tables follow them as its recipe says,
    and a baseline stays its author's even for the tables' owner. Without them, nothing."""
    try:
        from alliance_desk.store import access
    except ImportError:
        return
    for table in ("milestones", "kpis"):
        for statement in access.protect_sql(table, alliance="alliance_id", versioned=True):
            op.execute(statement)
    for statement in access.protect_sql("kpi_actuals", alliance="alliance_id"):
        op.execute(statement)
    for table in ("practice_baselines", "baseline_answers"):
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")


def downgrade() -> None:
    for name in reversed(TABLES):
        op.drop_table(name)
    with op.batch_alter_table("decisions") as batch:
        batch.drop_column("raised_on")
