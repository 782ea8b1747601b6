"""Indexes that hold what the Value and Habits sections count

Revision ID: 0028_value_speed
Revises: 0026_open_questions
Create Date: 2026-12-03 16:00:00

The Value section sums each alliance's escalations past their trigger date, its decisions'
days from question to decision, and each open risk's score and last rating, in GROUP BY
queries. With these indexes holding every column those queries read, the database reads the
index alone,
not the wide rows (an escalation's description, a decision's rationale) behind it. The
Habits section counts a year of check-ins and logged contacts per day the same way.
"""

from collections.abc import Sequence

from alliance_desk.store.migrate import add_indexes, drop_indexes

revision: str = "0028_value_speed"
down_revision: str | None = "0026_open_questions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    (
        "ix_escalations_clock",
        "escalations",
        ["alliance_id", "level", "level_since", "status", "resolved_on", "closed_on"],
    ),
    ("ix_decisions_asked", "decisions", ["alliance_id", "raised_on", "decided_on"]),
    ("ix_risks_open", "risks", ["alliance_id", "status", "likelihood", "impact"]),
    ("ix_risk_ratings_risk_day", "risk_ratings", ["risk_id", "rated_on"]),
    ("ix_interactions_day_alliance", "interactions", ["occurred_on", "alliance_id"]),
    ("ix_habit_checkins_week", "habit_checkins", ["day", "habit", "minutes"]),
)


def upgrade() -> None:
    add_indexes(INDEXES)


def downgrade() -> None:
    drop_indexes(INDEXES)
