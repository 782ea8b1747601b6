"""Habit weeks, streaks, strength and group score on known values."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from alliance_desk.core.bundle import resource_path
from alliance_desk.core.habits import (
    CheckIn,
    WeekFacts,
    group_score,
    load_habits,
    minutes_by_habit,
    streak,
    strength,
    strength_series,
    summarise,
    summarise_days,
    tally_days,
    week_start,
    week_to_review,
    weekly_counts,
)


def test_the_seven_habits_ship_as_data() -> None:
    habits = load_habits(resource_path("habits.json"))
    assert len(habits) == 7 and len({h.key for h in habits}) == 7
    assert all(h.description and 2 <= len(h.prompts) <= 3 and h.target >= 1 for h in habits)


@pytest.mark.parametrize(
    ("day", "start_weekday", "expected"),
    [
        (date(2026, 11, 24), 0, date(2026, 11, 23)),  # Tuesday -> Monday
        (date(2026, 11, 23), 0, date(2026, 11, 23)),  # Monday is its own start
        (date(2027, 1, 1), 0, date(2026, 12, 28)),  # across the year end
        (date(2026, 12, 31), 0, date(2026, 12, 28)),  # 2026 has an ISO week 53
        (date(2026, 11, 24), 6, date(2026, 11, 22)),  # weeks starting on Sunday
        (date(2026, 11, 22), 6, date(2026, 11, 22)),
    ],
)
def test_week_start(day: date, start_weekday: int, expected: date) -> None:
    assert week_start(day, start_weekday) == expected


def test_week_53_is_one_week_not_two() -> None:
    """28 Dec 2026 – 3 Jan 2027 is ISO week 53: both sides of New Year count as one week."""
    counts = weekly_counts([date(2026, 12, 29), date(2027, 1, 2)])
    assert counts == {date(2026, 12, 28): 2}
    assert date(2026, 12, 31).isocalendar()[1] == 53


W = date(2026, 11, 23)  # the current week


def weeks_ago(n: int) -> date:
    return W - timedelta(weeks=n)


def test_streak_counts_back_and_tolerates_the_week_under_way() -> None:
    counts = {weeks_ago(1): 3, weeks_ago(2): 3, weeks_ago(3): 1, weeks_ago(4): 3}
    assert streak(counts, 3, W) == 2  # this week not done yet: not a miss
    assert streak({**counts, W: 3}, 3, W) == 3
    assert streak(counts, 0, W) == 0  # paused
    assert streak({}, 1, W) == 0


def test_strength_known_values() -> None:
    first = weeks_ago(3)
    three_met = {weeks_ago(3): 1, weeks_ago(2): 1, weeks_ago(1): 1}
    assert strength(three_met, 1, first, weeks_ago(1)) == 50.0  # (1 − α)³ = ½
    # a fourth week missed: 50 × 2^(−1/3)
    assert strength(three_met, 1, first, W + timedelta(weeks=1)) == 39.7
    # half the target counts as half a week
    assert strength({weeks_ago(3): 1}, 2, first, weeks_ago(3)) == 10.3


def test_the_week_under_way_never_lowers_strength() -> None:
    first = weeks_ago(3)
    counts = {weeks_ago(3): 1, weeks_ago(2): 1, weeks_ago(1): 1}
    series = strength_series(counts, 1, first, W)
    assert series[-1] == (W, 50.0)
    assert strength({**counts, W: 1}, 1, first, W) > 50.0


def test_group_score_ignores_paused_habits() -> None:
    assert group_score({"a": 80, "b": 40, "c": 0}, {"a": 2, "b": 1, "c": 0}) == 60.0
    assert group_score({}, {}) == 0.0


def test_minutes_per_habit_in_a_period() -> None:
    checkins = [
        CheckIn("engage", date(2026, 11, 2), minutes=30),
        CheckIn("engage", date(2026, 11, 20), minutes=45),
        CheckIn("resolve", date(2026, 11, 21), minutes=60),
        CheckIn("engage", date(2026, 12, 1), minutes=90),
    ]
    assert minutes_by_habit(checkins, date(2026, 11, 1), date(2026, 11, 30)) == {
        "engage": 75,
        "resolve": 60,
    }


def test_a_week_counted_by_day_stands_as_its_check_ins_do() -> None:
    """Today's habit week from check-ins counted by habit and day (as the store counts them)
    is the week `summarise` makes of the check-ins themselves: counts, minutes, streak,
    strength; days outside the week and unknown habits do not count."""
    habits = load_habits(resource_path("habits.json"))
    week = date(2026, 11, 25)  # a Wednesday: weeks starting on Wednesdays
    inside = [
        CheckIn("engage", week, minutes=20),
        CheckIn("engage", week, minutes=5),
        CheckIn("engage", week + timedelta(days=6)),
        CheckIn("resolve", week + timedelta(days=3), minutes=30),
        CheckIn("no such habit", week),
    ]
    outside = [CheckIn("engage", week - timedelta(days=1), minutes=45)]
    expected = summarise(habits, inside, week, start_weekday=2)
    found = summarise_days(habits, tally_days(inside + outside), week)
    assert found == expected
    engage = next(s for s in found if s.habit.key == "engage")
    assert (engage.count, engage.minutes, engage.done) == (3, 25, 3)


def test_the_week_s_facts_agree_with_their_figures() -> None:
    """The weekly review's figures read as a person would write them: "1 check-in you made
    yourself", "2 check-ins you made yourself" ("1 check-ins" was shown)."""
    ones = WeekFacts(date(2026, 12, 7), 1, 1, 1, 1, 1, 1, 1, 1, 1, 2)
    twos = WeekFacts(date(2026, 12, 7), 2, 2, 2, 2, 2, 2, 2, 2, 2, 2)
    singular = [words for figure, words in ones.lines()[1:]]
    plural = [words for figure, words in twos.lines()[1:]]
    assert "check-in you made yourself" in singular
    assert "onboarding item done" in singular
    assert "check-ins you made yourself" in plural
    for one, many in zip(singular, plural, strict=True):
        changed = [(a, b) for a, b in zip(one.split(), many.split(), strict=True) if a != b]
        assert len(changed) == 1 and changed[0][1] == changed[0][0] + "s", (one, many)


def test_the_review_opens_on_the_week_just_ended_early_in_a_week() -> None:
    monday = date(2026, 12, 7)
    last_week = monday - timedelta(weeks=1)
    never = lambda _week: False  # noqa: E731
    assert week_to_review(monday, monday, 0, never) == last_week
    assert week_to_review(monday, monday + timedelta(days=1), 0, never) == last_week
    assert week_to_review(monday, monday + timedelta(days=2), 0, never) == monday
    assert week_to_review(monday, monday, 0, lambda week: week == last_week) == monday
    # a week chosen on the page is reviewed as chosen
    earlier = monday - timedelta(weeks=5)
    assert week_to_review(earlier, monday, 0, never) == earlier
    # weeks that start on Sunday: Sunday and Monday are its first two days
    sunday = date(2026, 12, 6)
    assert week_to_review(sunday, monday, 6, never) == sunday - timedelta(weeks=1)
    assert week_to_review(sunday, sunday + timedelta(days=2), 6, never) == sunday
