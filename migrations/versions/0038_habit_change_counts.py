"""How often each table the Habits section's weeks read has changed

Revision ID: 0038_habit_change_counts
Revises: 0037_change_counts
Create Date: 2026-12-05 12:30:00

The Habits section counts a year of check-ins and credited work — every contact, resolved
escalation, risk review, decision, pack, insight and health check of 52 weeks, less the
credits taken away — whenever it is shown after an edit (≈ 11 ms at ten times the heavy
portfolio, a round trip on the team store), though most edits (a target, a weekly review, a
person, a meeting) change none of it. Migration 0037's counters, kept by the database's
triggers, now also count the writes of the tables those weeks read that Today's did not, so
the weeks are read again only when one of them has changed (store/habit_weeks.py).
"""

from collections.abc import Sequence

from alliance_desk.store.migrate import count_changes, stop_counting_changes

revision: str = "0038_habit_change_counts"
down_revision: str | None = "0037_change_counts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The tables the year's weeks read besides those 0037 counts (store/change_counts.py
# HABIT_WEEKS; a test checks that every table their statement names is counted), frozen.
WATCHED = (
    "habit_checkins",
    "habit_dismissed_credits",
    "risk_ratings",
    "pack_exports",
    "insights",
    "health_checks",
)


def upgrade() -> None:
    count_changes(WATCHED)


def downgrade() -> None:
    stop_counting_changes(WATCHED)
