"""The seven habits of effective alliance professionals, tracked week by week.

Weeks start on Monday (ISO) unless the user picks another start day.

Measures:
- **met**: a week meets a habit's target when its check-ins reach the weekly target.
- **streak**: consecutive weeks meeting the target, counted back from the current week if it
  already meets the target, else from the week before (a week still under way is not a miss).
- **strength** (0–100): an exponential moving average of each week's achievement
  (check-ins ÷ target, capped at 1). With a half-life of three weeks the weight of a week is
  α = 1 − 0.5^(1/3) ≈ 0.206: one missed week costs about a fifth of the score, and a habit kept
  for a couple of months climbs back near 100 — it decays smoothly rather than resetting, in the
  spirit of Loop Habit Tracker's score.
- **group score**: the mean strength of the habits that have a target (0 pauses a habit).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

HALF_LIFE_WEEKS = 3
ALPHA = 1 - 0.5 ** (1 / HALF_LIFE_WEEKS)


@dataclass(frozen=True, slots=True)
class Habit:
    key: str
    name: str
    description: str
    prompts: tuple[str, ...]
    target: int


def load_habits(path: Path) -> list[Habit]:
    """The seven habits, as shipped in resources/habits.json."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        Habit(h["key"], h["name"], h["description"], tuple(h["prompts"]), int(h["target"]))
        for h in data["habits"]
    ]


def week_start(day: date, start_weekday: int = 0) -> date:
    """The first day of the week holding `day` (0 = Monday … 6 = Sunday)."""
    return day - timedelta(days=(day.weekday() - start_weekday) % 7)


def weeks_between(first: date, last: date) -> list[date]:
    """Week starts from `first` to `last` inclusive (both already week starts)."""
    weeks, week = [], first
    while week <= last:
        weeks.append(week)
        week += timedelta(days=7)
    return weeks


def weekly_counts(days: Iterable[date], start_weekday: int = 0) -> dict[date, int]:
    counts: dict[date, int] = {}
    for day in days:
        week = week_start(day, start_weekday)
        counts[week] = counts.get(week, 0) + 1
    return counts


def streak(counts: Mapping[date, int], target: int, current_week: date) -> int:
    """Consecutive weeks meeting `target`, ending this week if met, else last week."""
    if target <= 0:
        return 0
    week = current_week if counts.get(current_week, 0) >= target else current_week - timedelta(7)
    length = 0
    while counts.get(week, 0) >= target:
        length += 1
        week -= timedelta(days=7)
    return length


def strength_series(
    counts: Mapping[date, int], target: int, first_week: date, current_week: date
) -> list[tuple[date, float]]:
    """The strength (0–100) at the end of each week from `first_week` to `current_week`."""
    if target <= 0:
        return []
    score, series = 0.0, []
    for week in weeks_between(first_week, current_week):
        achieved = min(1.0, counts.get(week, 0) / target)
        if week == current_week and achieved < 1.0:
            # A week still under way only counts for what is already done, never as a miss.
            series.append((week, round(100 * max(score, score + ALPHA * (achieved - score)), 1)))
            break
        score += ALPHA * (achieved - score)
        series.append((week, round(100 * score, 1)))
    return series


def strength(
    counts: Mapping[date, int], target: int, first_week: date, current_week: date
) -> float:
    series = strength_series(counts, target, first_week, current_week)
    return series[-1][1] if series else 0.0


def group_score(strengths: Mapping[str, float], targets: Mapping[str, int]) -> float:
    active = [value for key, value in strengths.items() if targets.get(key, 0) > 0]
    return round(sum(active) / len(active), 1) if active else 0.0


@dataclass(frozen=True, slots=True)
class CheckIn:
    habit: str
    day: date
    note: str = ""
    minutes: int = 0
    alliance_id: int | None = None
    id: int = 0  # manual check-ins
    source: tuple[str, int] | None = None  # automatic credits: (record kind, record id)

    @property
    def automatic(self) -> bool:
        return self.source is not None


def minutes_by_habit(checkins: Iterable[CheckIn], first: date, last: date) -> dict[str, int]:
    totals: dict[str, int] = {}
    for checkin in checkins:
        if first <= checkin.day <= last:
            totals[checkin.habit] = totals.get(checkin.habit, 0) + checkin.minutes
    return totals
