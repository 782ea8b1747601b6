"""Today: what needs the user now, across the portfolio — a few cards that count what needs
action, one ranked to-do list (core/tasks.py ranks it), the meetings ahead and this week's
habits.

The window shows this and `alliance-desk today` prints it, both from `build`, so a morning
digest in a terminal says exactly what the window says. Each task knows what it opens; only
the first `limit` tasks are kept — at heavy scale there are thousands, and a to-do list
longer than a screenful is a register, not a to-do list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from alliance_desk.core.escalations import SlaClock
from alliance_desk.core.governance import ComingMeeting, LateAction
from alliance_desk.core.habits import (
    CheckIn,
    Habit,
    HabitSummary,
    Tallies,
    summarise_days,
    tally_days,
    week_line,
    week_start,
)
from alliance_desk.core.i18n import translate
from alliance_desk.core.last import Last
from alliance_desk.core.obligations import Obligation, coming_due
from alliance_desk.core.onboarding import DueItem
from alliance_desk.core.policy import Policy
from alliance_desk.core.portfolio import Alliance
from alliance_desk.core.ranked import RankedSource, TaskList, written_out
from alliance_desk.core.rhythm import RhythmFacts, RhythmGap, added_on, gaps
from alliance_desk.core.risks import Decision, DecisionDue, ReviewDue
from alliance_desk.core.stakeholders import CallDue
from alliance_desk.core.task import Task
from alliance_desk.core.task_kinds import due_of
from alliance_desk.core.tasks import TaskInputs, build_tasks, meetings_within, past_sla
from alliance_desk.core.value import Milestone

DAYS_AHEAD = 7  # calls, onboarding items, risk reviews and meetings due within the week
MEETINGS_AHEAD = 3  # the next meetings listed beside the to-do list (Packs lists twelve)
LIMIT = 50  # tasks listed; the rest are counted ("… and 70 more")


@dataclass(frozen=True, slots=True)
class Card:
    """A count at the top of Today of something that needs action; the window filters the
    to-do list to it when clicked."""

    key: str  # overdue, sla, decisions, milestones, meetings
    value: int
    caption: str
    hint: str  # what it counts, in a sentence


@dataclass(frozen=True, slots=True)
class TodayInputs:
    """What the store found for a day: every list Today draws on, in the store's order."""

    alliances: Sequence[Alliance]
    calls: Sequence[CallDue]
    onboarding: Sequence[DueItem]
    clocks: Sequence[SlaClock]
    reviews: Sequence[ReviewDue]
    obligations: Sequence[Obligation]  # open ones
    decisions: Sequence[Decision | DecisionDue]  # not implemented
    meetings: Sequence[ComingMeeting]
    late_actions: Sequence[LateAction]
    habits: Sequence[Habit]
    checkins: Sequence[CheckIn]  # of the week holding the day
    snoozed: Mapping[str, date] = field(default_factory=dict)  # task key -> until
    milestones: Sequence[Milestone] = ()  # open ones
    # Alliance id -> when it last saw each part of its rhythm (an alliance missing from it
    # never did); None: not read, so no rhythm tasks.
    rhythm: Mapping[int, RhythmFacts] | None = None
    # The bulk kinds (escalations, risk reviews, decisions) ranked and counted by the store
    # instead of listed above: (to do, snoozed); the alliances with a risk review due; how
    # many decisions are stalled.
    ranked: tuple[RankedSource, RankedSource] | None = None
    reviewing: frozenset[int] = frozenset()
    calling: frozenset[int] = frozenset()  # the alliances with a call due, ranked by the store
    weights: Mapping[int, float] | None = None  # each alliance's weight, if worked out already
    stalled: int = 0
    # The check-ins and credits counted by habit and day by the store, instead of `checkins`
    # (None: counted from `checkins`).
    checked: Tallies | None = None


@dataclass(frozen=True, slots=True)
class Today:
    day: date
    cards: tuple[Card, ...]
    tasks: tuple[Task, ...]  # ranked, the first `limit`
    total: int  # tasks to do in all
    snoozed: tuple[Task, ...]  # left out until their day
    meetings: tuple[ComingMeeting, ...]  # the next few
    habits: str  # this week's check-ins against each target, in one line
    alliances: int  # how many the portfolio has (none: Today welcomes instead)
    # Every task to do and every snoozed one, ranked, written out as they are read (the
    # window pages through them); `tasks` and `snoozed` hold the first `limit` of each.
    to_do: TaskList = field(default_factory=lambda: TaskList([]), compare=False, repr=False)
    asleep: TaskList = field(default_factory=lambda: TaskList([]), compare=False, repr=False)
    # This week's standing of each habit with a target, in order (the window lists them).
    week: tuple[HabitSummary, ...] = ()

    @property
    def more(self) -> int:
        return self.total - len(self.tasks)


def pictured(today: Today) -> Today:
    """Today as the window first shows it, with nothing left to read from the store: the tasks
    written out (`tasks`, `snoozed`: the first `LIMIT` of each) stand for the ranked lists."""
    return replace(today, to_do=written_out(today.tasks), asleep=written_out(today.snoozed))


def only_alliance(inputs: TodayInputs, alliance_id: int) -> TodayInputs:
    """The same lists, for one alliance."""

    def mine(items: Sequence, attribute: str = "alliance_id") -> list:
        return [item for item in items if getattr(item, attribute) == alliance_id]

    return TodayInputs(
        alliances=mine(inputs.alliances, "id"),
        calls=mine(inputs.calls),
        onboarding=mine(inputs.onboarding),
        clocks=mine(inputs.clocks),
        reviews=mine(inputs.reviews),
        obligations=mine(inputs.obligations),
        decisions=mine(inputs.decisions),
        meetings=mine(inputs.meetings),
        late_actions=mine(inputs.late_actions),
        habits=inputs.habits,
        checkins=inputs.checkins,
        checked=inputs.checked,
        snoozed=inputs.snoozed,
        milestones=mine(inputs.milestones),
        rhythm=None
        if inputs.rhythm is None
        else {k: v for k, v in inputs.rhythm.items() if k == alliance_id},
        reviewing=inputs.reviewing & {alliance_id},
        calling=inputs.calling & {alliance_id},
    )


# Each alliance's gaps, by what they are worked out from: Today is built again after every
# edit, and most alliances' facts have not moved (600 alliances: ≈ 5 ms, ≈ 1 ms looked up).
_GAPS: dict[tuple[Any, ...], tuple[RhythmGap, ...]] = {}
_GAPS_MOST = 8192


def _rhythm_gaps(inputs: TodayInputs, policy: Policy, today: date) -> list[RhythmGap]:
    """What each alliance misses of its tier's rhythm (none when the facts were not read)."""
    if inputs.rhythm is None:
        return []
    return _LAST_GAPS.get(
        (inputs.rhythm, inputs.alliances), (policy, today), lambda: _gaps(inputs, policy, today)
    )


_LAST_GAPS: Last[list[RhythmGap]] = Last()  # the whole list, while its inputs are kept


def _gaps(inputs: TodayInputs, policy: Policy, today: date) -> list[RhythmGap]:
    facts, kept = inputs.rhythm or {}, _GAPS
    found: list[RhythmGap] = []
    for a in inputs.alliances:
        key = (policy.rhythm(a.tier), facts.get(a.id) or RhythmFacts(a.id), today, added_on(a))
        had = kept.get(key)
        if had is None:
            if len(kept) >= _GAPS_MOST:
                kept.clear()
            had = kept[key] = tuple(gaps(*key))
        found.extend(had)
    return found


def build(
    inputs: TodayInputs,
    policy: Policy,
    today: date,
    now: datetime,
    *,
    limit: int | None = LIMIT,
) -> Today:
    """Today's cards, ranked tasks, meetings and habit line, under the portfolio's `policy`."""
    horizon = today + timedelta(days=DAYS_AHEAD)
    ahead = [m for m in inputs.meetings if m.starts_at >= now]
    this_week = meetings_within(ahead, now, DAYS_AHEAD)
    tasks, asleep = build_tasks(
        TaskInputs(
            alliances=inputs.alliances,
            calls=inputs.calls,
            onboarding=inputs.onboarding,
            clocks=inputs.clocks,
            reviews=[r for r in inputs.reviews if r.next_review <= horizon],
            obligations=coming_due(inputs.obligations, today),
            decisions=inputs.decisions,
            late_actions=[a for a in inputs.late_actions if a.due < today],
            meetings=this_week,
            milestones=[
                m
                for m in inputs.milestones
                if m.draft.status.open and (m.slipped(today) or m.expected_on(today) <= horizon)
            ],
            rhythm=_rhythm_gaps(inputs, policy, today),
            reviewing=inputs.reviewing,
            calling=inputs.calling,
            weights=inputs.weights,
        ),
        policy.sla,
        policy.not_implemented_days,
        today,
        inputs.snoozed,
        inputs.ranked,
    )
    ranked_past_sla = sum(
        source.tally("escalation", late=True) for source in inputs.ranked or ()
    )  # every escalation past its service level is a task: counted snoozed or not
    cards = (
        Card(
            "overdue",
            tasks.tally(late=True, today=today),
            translate("TodayCards", "overdue"),
            translate("TodayCards", "Calls, items, reviews and actions past their day"),
        ),
        Card(
            "sla",
            past_sla(inputs.clocks, policy.sla, today) + ranked_past_sla,
            translate("TodayCards", "past their SLA"),
            translate(
                "TodayCards", "Escalations open longer than their level's service level allows"
            ),
        ),
        Card(
            "decisions",
            sum(
                1 for d in inputs.decisions if due_of(d).stalled(today, policy.not_implemented_days)
            )
            + inputs.stalled,
            translate("TodayCards", "decisions stalled"),
            translate(
                "TodayCards", "Decisions not implemented {days} days after they were taken"
            ).format(days=policy.not_implemented_days),
        ),
        Card(
            "meetings",
            len(this_week),
            translate("TodayCards", "meetings this week"),
            translate("TodayCards", "Committee meetings in the next seven days"),
        ),
        Card(
            "milestones",
            sum(1 for m in inputs.milestones if m.draft.status.open and m.slipped(today)),
            translate("TodayCards", "milestones slipped"),
            translate("TodayCards", "Milestones still open and later than planned"),
        ),
    )
    week = week_start(today, policy.week_start)
    checked = tally_days(inputs.checkins) if inputs.checked is None else inputs.checked
    standing = summarise_days(inputs.habits, checked, week)
    habit_line = week_line(standing)
    return Today(
        day=today,
        cards=cards,
        tasks=tuple(tasks[:limit]),
        total=len(tasks),
        snoozed=tuple(asleep[:limit]),
        meetings=tuple(ahead[:MEETINGS_AHEAD]),
        habits=habit_line,
        alliances=len(inputs.alliances),
        to_do=tasks,
        asleep=asleep,
        week=tuple(summary for summary in standing if summary.habit.target),
    )
