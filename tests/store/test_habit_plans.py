"""How the Habits section's statements read the file, asked of SQLite's query planner as they
are run (the plan, not a timing): the year's credits are counted from each kind of work's day
index alone (the deleted alliances' work subtracted through their own indexes), not by
joining every credit of the year to its alliance; and the week's list gathers the credits
taken away once, rather than looking for each credit among them (the table's key starts with
who took a credit away, so each look-up read every row: ≈ 0.8 s a page with 10,000)."""

from __future__ import annotations

from datetime import date, timedelta

from alliance_desk.store import habit_weeks
from tests.store.test_due_indexes import _plans

WEEK = date(2026, 11, 30)


def test_the_years_credits_are_counted_from_day_indexes_alone(demo_store) -> None:
    plans = _plans(
        demo_store, lambda store: habit_weeks.habit_year(store, WEEK - timedelta(weeks=51), WEEK)
    )
    # Read afresh: the counters (with the targets and reviews), then the weeks.
    (_first, _read), (_statement, steps) = plans
    for index in ("ix_interactions_day", "ix_escalations_resolved", "ix_decisions_day"):
        assert any(f"COVERING INDEX {index} " in step for step in steps), (index, steps)
    assert any("COVERING INDEX ix_risk_ratings_rated_on " in step for step in steps), steps
    joined = [step for step in steps if "ix_interactions_day_alliance" in step]
    assert not joined, steps  # each interaction read with its alliance, to be joined to it


def test_the_weeks_list_gathers_the_credits_taken_away_once(demo_store) -> None:
    plans = _plans(
        demo_store,
        lambda store: habit_weeks.checkins_page(store, WEEK, WEEK + timedelta(days=6)),
    )
    ((_statement, steps),) = plans
    assert any(step.startswith("LIST SUBQUERY") for step in steps), steps
    assert not [step for step in steps if step.startswith("CORRELATED")], steps
