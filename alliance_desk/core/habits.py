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
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from alliance_desk.core.i18n import by_count, translate
from alliance_desk.core.validation import (
    FieldCollector,
    clean_text,
    parse_date,
    parse_optional_id,
    parse_rating,
)

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


# A review is written at the end of its week or just after: on the first two days of a week,
# the review opens on the week just ended until that one is written.
REVIEW_LAST_WEEK_DAYS = 2


def week_to_review(
    shown: date, today: date, start_weekday: int, reviewed: Callable[[date], bool]
) -> date:
    """The week the weekly review opens on: the week `shown`, except early in the current
    week, when the week just ended has no review yet (Monday's review of an empty Monday
    said nothing)."""
    this_week = week_start(today, start_weekday)
    last_week = this_week - timedelta(weeks=1)
    early = (today - this_week).days < REVIEW_LAST_WEEK_DAYS
    if shown == this_week and early and not reviewed(last_week):
        return last_week
    return shown


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


@dataclass(frozen=True, slots=True)
class ListedCheckIn:
    """A check-in as the week's list shows it, with its alliance's name ("" for none)."""

    checkin: CheckIn
    alliance: str = ""


def minutes_by_habit(checkins: Iterable[CheckIn], first: date, last: date) -> dict[str, int]:
    totals: dict[str, int] = {}
    for checkin in checkins:
        if first <= checkin.day <= last:
            totals[checkin.habit] = totals.get(checkin.habit, 0) + checkin.minutes
    return totals


def validate_checkin(raw: Mapping[str, Any], habit_keys: Iterable[str] | None = None) -> CheckIn:
    """A check-in as typed: a habit (one of `habit_keys` when given), a day, minutes from 0
    to a day's worth, a note and optionally the alliance it was for."""
    fields = FieldCollector()
    habit = str(raw.get("habit") or "")
    if not habit:
        fields.errors["habit"] = translate("Habits", "Choose a habit.")
    elif habit_keys is not None and habit not in set(habit_keys):
        fields.errors["habit"] = translate("Habits", "There is no habit called “{name}”.").format(
            name=habit[:40]
        )
    day = fields.take("day", parse_date, raw.get("day"), required=True)
    minutes = fields.take("minutes", parse_rating, raw.get("minutes") or 0, low=0, high=1440)
    note = fields.take("note", clean_text, raw.get("note"), max_length=2000)
    alliance_id = fields.take("alliance_id", parse_optional_id, raw.get("alliance_id"))
    fields.raise_if_any()
    return CheckIn(habit, day, note or "", minutes, alliance_id)


@dataclass(frozen=True, slots=True)
class HabitSummary:
    """How one habit stands in a week, with the weeks before it."""

    habit: Habit
    count: int  # check-ins in the week
    streak: int  # weeks on target in a row, up to the week
    strength: float  # 0–100, over the weeks from the first one
    minutes: int  # minutes checked in during the week
    weeks_met: int  # weeks on target from the first week to the week
    done: int  # check-ins in the period asked about (the week, unless another is given)
    counts: Mapping[date, int]  # check-ins per week

    @property
    def on_target(self) -> bool:
        return self.habit.target > 0 and self.count >= self.habit.target

    @property
    def short_name(self) -> str:
        """The habit's name up to its first "and": "Engage" for "Engage and manage …"."""
        return self.habit.name.split(" and ")[0]


def summarise(
    habits: Sequence[Habit],
    checkins: Iterable[CheckIn],
    week: date,
    *,
    first_week: date | None = None,
    start_weekday: int = 0,
    period: tuple[date, date] | None = None,
) -> list[HabitSummary]:
    """Each habit's standing in the week starting `week`, from `checkins` (manual and
    automatic) of the weeks from `first_week` (default: that week alone) to it. The one place
    the window, Today, the command line and the packs count habits (the Habits section counts
    in SQL and hands the weekly counts to `summarise_weeks`)."""
    first, last = period or (week, week + timedelta(days=6))
    by_habit: dict[str, list[CheckIn]] = {habit.key: [] for habit in habits}
    for checkin in checkins:
        if checkin.habit in by_habit:
            by_habit[checkin.habit].append(checkin)
    counts = {
        key: weekly_counts((c.day for c in mine), start_weekday) for key, mine in by_habit.items()
    }
    minutes = {
        key: sum(c.minutes for c in mine if week_start(c.day, start_weekday) == week)
        for key, mine in by_habit.items()
    }
    done = {key: sum(1 for c in mine if first <= c.day <= last) for key, mine in by_habit.items()}
    return summarise_weeks(habits, counts, minutes, week, first_week=first_week, done=done)


Tallies = Mapping[tuple[str, date], tuple[int, int]]  # (habit, day) -> (check-ins, minutes)


def tally_days(checkins: Iterable[CheckIn]) -> dict[tuple[str, date], tuple[int, int]]:
    """Check-ins counted by habit and day, with the minutes checked in."""
    found: dict[tuple[str, date], tuple[int, int]] = {}
    for checkin in checkins:
        key = (checkin.habit, checkin.day)
        n, minutes = found.get(key, (0, 0))
        found[key] = (n + 1, minutes + checkin.minutes)
    return found


def summarise_days(habits: Sequence[Habit], tallies: Tallies, week: date) -> list[HabitSummary]:
    """Each habit's standing in the week starting `week` alone, as `summarise` gives it, from
    the check-ins counted by habit and day (`tally_days`, or the store's count: Today at
    scale reads a few dozen counts, not thousands of credits)."""
    last = week + timedelta(days=6)
    counts: dict[str, int] = {}
    minutes: dict[str, int] = {}
    for (habit, day), (n, spent) in tallies.items():
        if week <= day <= last and n:
            counts[habit] = counts.get(habit, 0) + n
            minutes[habit] = minutes.get(habit, 0) + spent
    weekly = {habit: {week: n} for habit, n in counts.items()}
    return summarise_weeks(habits, weekly, minutes, week, done=counts)


def summarise_weeks(
    habits: Sequence[Habit],
    counts: Mapping[str, Mapping[date, int]],
    minutes: Mapping[str, int],
    week: date,
    *,
    first_week: date | None = None,
    done: Mapping[str, int] | None = None,
) -> list[HabitSummary]:
    """Each habit's standing in the week starting `week`, from its check-ins counted per week
    (`counts`: habit -> week start -> check-ins) and the minutes checked in that week; `done`:
    check-ins in the period asked about (default: the week's count)."""
    first_week = first_week or week
    summaries = []
    for habit in habits:
        mine = counts.get(habit.key, {})
        count = mine.get(week, 0)
        summaries.append(
            HabitSummary(
                habit=habit,
                count=count,
                streak=streak(mine, habit.target, week),
                strength=strength(mine, habit.target, first_week, week),
                minutes=minutes.get(habit.key, 0),
                weeks_met=sum(
                    1
                    for start, n in mine.items()
                    if habit.target and n >= habit.target and first_week <= start <= week
                ),
                done=count if done is None else done.get(habit.key, 0),
                counts=mine,
            )
        )
    return summaries


def week_line(summaries: Iterable[HabitSummary]) -> str:
    """This week against each target in one line ("Engage 2/3 · Resolve 0/1"), paused
    habits left out."""
    return "  ·  ".join(
        f"{s.short_name} {s.count}/{s.habit.target}" for s in summaries if s.habit.target
    )


@dataclass(frozen=True, slots=True)
class WeekFacts:
    """What a week held, for its review: work the app saw (credits), the user's own
    check-ins, and what slipped (calls missed)."""

    week: date
    credits: int  # automatic credits from recorded work
    own: int  # check-ins the user made themselves
    contacts: int  # interactions logged
    resolved: int  # escalations resolved
    decisions: int  # decisions recorded
    packs: int  # packs exported
    items_done: int  # onboarding items ticked
    calls_missed: int  # planned contacts that fell due in the week and were not held
    on_target: int  # habits on target
    active: int  # habits with a target

    def lines(self) -> list[tuple[int | str, str]]:
        """(figure, what it counts) for the review's side panel."""
        of = translate("WeekFacts", "{count} of {total}")
        return [
            (
                of.format(count=self.on_target, total=self.active),
                translate("WeekFacts", "habits on target"),
            ),
            # Said as what they are: "credits" and "calls missed" explained nothing. Each
            # figure's words agree with it ("1 check-in", "2 check-ins").
            (
                self.credits,
                by_count(
                    self.credits,
                    translate("WeekFacts", "check-in made for you by what you logged"),
                    translate("WeekFacts", "check-ins made for you by what you logged"),
                ),
            ),
            (
                self.own,
                by_count(
                    self.own,
                    translate("WeekFacts", "check-in you made yourself"),
                    translate("WeekFacts", "check-ins you made yourself"),
                ),
            ),
            (
                self.contacts,
                by_count(
                    self.contacts,
                    translate("WeekFacts", "contact logged"),
                    translate("WeekFacts", "contacts logged"),
                ),
            ),
            (
                self.items_done,
                by_count(
                    self.items_done,
                    translate("WeekFacts", "onboarding item done"),
                    translate("WeekFacts", "onboarding items done"),
                ),
            ),
            (
                self.resolved,
                by_count(
                    self.resolved,
                    translate("WeekFacts", "escalation resolved"),
                    translate("WeekFacts", "escalations resolved"),
                ),
            ),
            (
                self.decisions,
                by_count(
                    self.decisions,
                    translate("WeekFacts", "decision recorded"),
                    translate("WeekFacts", "decisions recorded"),
                ),
            ),
            (
                self.packs,
                by_count(
                    self.packs,
                    translate("WeekFacts", "pack exported"),
                    translate("WeekFacts", "packs exported"),
                ),
            ),
            (
                self.calls_missed,
                by_count(
                    self.calls_missed,
                    translate("WeekFacts", "contact your plans called for, not held"),
                    translate("WeekFacts", "contacts your plans called for, not held"),
                ),
            ),
        ]


def week_facts(
    week: date,
    checkins: Sequence[CheckIn],
    summaries: Sequence[HabitSummary],
    *,
    items_done: int,
    calls_missed: int,
) -> WeekFacts:
    """The facts of the week starting `week` from its check-ins (manual and automatic)."""
    last = week + timedelta(days=6)
    mine = [c for c in checkins if week <= c.day <= last]
    kinds = Counter(c.source[0] for c in mine if c.source is not None)
    return WeekFacts(
        week=week,
        credits=sum(kinds.values()),
        own=sum(1 for c in mine if c.source is None),
        contacts=kinds["interaction"],
        resolved=kinds["escalation"],
        decisions=kinds["decision"],
        packs=kinds["pack"],
        items_done=items_done,
        calls_missed=calls_missed,
        on_target=sum(1 for s in summaries if s.on_target),
        active=sum(1 for s in summaries if s.habit.target),
    )
