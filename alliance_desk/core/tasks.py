"""Today's to-do list, ranked: what to act on first, across every alliance.

Each thing to act on — a call falling due, an onboarding item, an escalation near or past its
service level, a risk review, an obligation in its notice window, a decision to review or
chase, an overdue action, a meeting to prepare, a milestone due within the week or slipped,
a part of its tier's rhythm an alliance is missing (core/rhythm.py: contact, risk review,
health check, committee meeting; due from the day the tier's interval ran out, or today if it
never happened; left out when a call, a risk review or a meeting of the same alliance is
already listed) — becomes a `Task` with a score:

    score = urgency × importance × weight of its alliance

- **urgency**, from the day it is due: 1 on the day; 1 + 0.1 a day late, up to 4 at 30 days
  late; 0.1 less a day ahead, down to 0.3 a week ahead.
- **importance** of the kind of task: an escalation 1.2, plus 0.2 a level above the working
  team and 0.2 a step of severity above low (1.2 … 2.4); an obligation 1.3 (contractual);
  a milestone due or slipped 1.2;
  an overdue action 1.1; a risk review 0.8 + score/25 (0.84 … 1.8); a call, an onboarding item,
  a decision or a meeting 1; a gap in the tier's rhythm 0.8.
- **weight of the alliance**, from its tier and value: tier 1 × 2, tier 2 × 1.5, tier 3 × 1;
  times 1 + (strategic value − 1)/8 (up to + 0.5) + log10(1 + financial value in M)/6 (up to
  + 0.5, reached at 999 M). An alliance in exit counts half.

So a call three days late on a tier-1 alliance (1.3 × 1 × ≥ 2) comes before the same call on a
tier-3 one (1.3 × 1 × ≥ 1), and an escalation past its SLA at the committee on a tier-2
alliance before both. Ties go to what is due first, then by name. A task snoozed to a day
later than today is left out until that day.

A task, its urgency and these weights are core/task.py; each kind's words (what, why, what
it opens) core/task_kinds.py; here, the list they make.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from alliance_desk.core.business_days import SlaPolicy
from alliance_desk.core.escalations import SlaClock
from alliance_desk.core.governance import ComingMeeting, LateAction
from alliance_desk.core.obligations import Obligation
from alliance_desk.core.onboarding import DueItem
from alliance_desk.core.portfolio import Alliance
from alliance_desk.core.ranked import _KEY, RankedSource, TaskEntry, TaskList
from alliance_desk.core.rhythm import RhythmGap
from alliance_desk.core.risks import Decision, DecisionDue, ReviewDue
from alliance_desk.core.stakeholders import CallDue
from alliance_desk.core.task import (
    KIND_IMPORTANCE,
    Task,
    alliance_weight,
    escalation_importance,
    risk_importance,
    urgency,
)
from alliance_desk.core.task_kinds import (
    action_task,
    action_what,
    call_task,
    call_what,
    decision_chase,
    decision_written,
    due_of,
    escalation_task,
    meeting_task,
    meeting_what,
    milestone_task,
    obligation_task,
    onboarding_task,
    review_task,
    review_what,
    rhythm_task,
)
from alliance_desk.core.value import Milestone


@dataclass(frozen=True, slots=True)
class TaskInputs:
    """What the to-do list is made of (the store's lists, as core/today.py receives them)."""

    alliances: Sequence[Alliance]
    calls: Sequence[CallDue]
    onboarding: Sequence[DueItem]
    clocks: Sequence[SlaClock]
    reviews: Sequence[ReviewDue]
    obligations: Sequence[Obligation]  # in their notice window or past due
    # to review (date passed) or stalled (not implemented); whole or the columns Today reads
    decisions: Sequence[Decision | DecisionDue]
    late_actions: Sequence[LateAction]
    meetings: Sequence[ComingMeeting]  # within the week
    milestones: Sequence[Milestone] = ()  # open ones due soon, or slipped
    rhythm: Sequence[RhythmGap] = ()  # what each alliance misses of its tier's rhythm
    # Alliances with a risk review due that the store ranks itself (not in `reviews`).
    reviewing: frozenset[int] = frozenset()
    # Alliances with a call due that the store ranks itself (not in `calls`).
    calling: frozenset[int] = frozenset()
    # Each alliance's `alliance_weight`, if worked out already (the store's plan did).
    weights: Mapping[int, float] | None = None


KIND_ORDER = {kind: place for place, kind in enumerate((
    "call", "onboarding", "escalation", "risk", "obligation", "decision", "action", "meeting",
    "milestone", "rhythm",
))}  # fmt: skip


def _entry(
    importance: float, weight: float, key: str, kind: str, what: str, due: date, tie: Any,
    make: Callable[[], Task], today: date,
) -> TaskEntry:  # fmt: skip
    score = round(urgency(due, today) * importance * weight, 3)
    return (-score, due, what.casefold(), (KIND_ORDER[kind], tie), score, kind, key, make)


def escalation_entry(
    clock: SlaClock, sla: SlaPolicy, weight: float, today: date
) -> TaskEntry | None:
    """An escalation near or past its service level as a ranked entry (None: well within)."""
    trigger = clock.trigger_date(sla)
    if trigger > today + timedelta(days=3):
        return None  # well within its service level: not today's business
    return _entry(
        escalation_importance(clock.level, clock.severity), weight, f"escalation:{clock.id}",
        "escalation", clock.title, trigger, clock.id,
        partial(escalation_task, clock, trigger, sla, today), today,
    )  # fmt: skip


def call_entry(call: CallDue, alliance: str, weight: float, today: date) -> TaskEntry:
    """A call falling due as a ranked entry (ties: by the stakeholder's id)."""
    return _entry(
        KIND_IMPORTANCE["call"], weight, f"call:{call.stakeholder_id}", "call",
        call_what(call), call.due, call.stakeholder_id,
        partial(call_task, call, alliance, today), today,
    )  # fmt: skip


def review_entry(review: ReviewDue, alliance: str, weight: float, today: date) -> TaskEntry:
    return _entry(
        risk_importance(review.score), weight, f"risk:{review.id}", "risk",
        review_what(review), review.next_review, review.id,
        partial(review_task, review, alliance, today), today,
    )  # fmt: skip


def decision_entry(
    decision: DecisionDue, alliance: str, days: int, weight: float, today: date
) -> TaskEntry | None:
    """A decision to review or to chase as a ranked entry (None: neither); ties in the
    decision log's order (open questions, then the newest taken)."""
    chase = decision_chase(decision, days, today)
    if chase is None:
        return None
    what, day, _review = chase
    taken = decision.decided_on
    tie = (0, 0, -decision.id) if taken is None else (1, -taken.toordinal(), -decision.id)
    return _entry(
        KIND_IMPORTANCE["decision"], weight, f"decision:{decision.id}", "decision", what, day,
        tie, partial(decision_written, decision, alliance, days, today), today,
    )  # fmt: skip


def build_tasks(
    inputs: TaskInputs,
    sla: SlaPolicy,
    not_implemented_days: int,
    today: date,
    snoozed: Mapping[str, date],
    ranked: tuple[RankedSource, RankedSource] | None = None,
) -> tuple[TaskList, TaskList]:
    """(to do, snoozed): every task, ranked best first; the snoozed ones apart. Ranked from
    what each task is (score, day, name); a task's words are written only when it is read.
    `ranked`: the store's own ranking of more tasks (to do, snoozed), merged in."""
    by_id = {a.id: a for a in inputs.alliances}
    names = {a.id: a.name for a in inputs.alliances}
    # Per alliance once, not per task: a team store ranks tens of thousands of tasks.
    weights = inputs.weights
    if weights is None:
        weights = {a.id: alliance_weight(a) for a in inputs.alliances}
    unknown = alliance_weight(None)
    made: list[TaskEntry] = []

    def name(alliance_id: int) -> str:
        return names.get(alliance_id, "")

    def add(
        importance: float,
        alliance_id: int,
        key: str,
        kind: str,
        what: str,
        due: date,
        make: Callable[[], Task],
    ) -> None:
        weight = weights.get(alliance_id, unknown)
        made.append(_entry(importance, weight, key, kind, what, due, len(made), make, today))

    def add_made(task: Task, importance: float, alliance_id: int) -> None:
        add(importance, alliance_id, task.key, task.kind, task.what, task.due, lambda: task)

    def weight(alliance_id: int) -> float:
        return weights.get(alliance_id, unknown)

    for call in inputs.calls:
        made.append(call_entry(call, name(call.alliance_id), weight(call.alliance_id), today))
    for due in inputs.onboarding:
        add(
            KIND_IMPORTANCE["onboarding"], due.alliance_id, f"item:{due.item.id}", "onboarding",
            due.item.title, due.item.due, partial(onboarding_task, due, today),
        )  # fmt: skip
    for clock in inputs.clocks:
        entry = escalation_entry(clock, sla, weight(clock.alliance_id), today)
        if entry is not None:
            made.append(entry)
    for review in inputs.reviews:
        made.append(
            review_entry(review, name(review.alliance_id), weight(review.alliance_id), today)
        )
    for obligation in inputs.obligations:
        add(
            KIND_IMPORTANCE["obligation"], obligation.alliance_id, f"obligation:{obligation.id}",
            "obligation", obligation.draft.title, obligation.draft.due_date,
            partial(obligation_task, obligation, name(obligation.alliance_id), today),
        )  # fmt: skip
    for decision in map(due_of, inputs.decisions):
        entry = decision_entry(
            decision, name(decision.alliance_id), not_implemented_days,
            weight(decision.alliance_id), today,
        )  # fmt: skip
        if entry is not None:
            made.append(entry)
    for action in inputs.late_actions:
        add(
            KIND_IMPORTANCE["action"], action.alliance_id, f"action:{action.action_id}", "action",
            action_what(action), action.due,
            partial(action_task, action, name(action.alliance_id), today),
        )  # fmt: skip
    for meeting in inputs.meetings:
        add(
            KIND_IMPORTANCE["meeting"], meeting.alliance_id, f"meeting:{meeting.meeting_id}",
            "meeting", meeting_what(meeting), meeting.starts_at.date(),
            partial(meeting_task, meeting, name(meeting.alliance_id), today),
        )  # fmt: skip
    for milestone in inputs.milestones:
        task = milestone_task(milestone, name(milestone.alliance_id), today)
        add_made(task, KIND_IMPORTANCE["milestone"], milestone.alliance_id)
    listed = {("contact", c.alliance_id) for c in inputs.calls}
    listed |= {("contact", alliance_id) for alliance_id in inputs.calling}
    listed |= {("risks", r.alliance_id) for r in inputs.reviews}
    listed |= {("risks", alliance_id) for alliance_id in inputs.reviewing}
    listed |= {("meeting", m.alliance_id) for m in inputs.meetings}
    for gap in inputs.rhythm:
        alliance = by_id.get(gap.alliance_id)
        if alliance is not None and (gap.part, gap.alliance_id) not in listed:
            add_made(rhythm_task(gap, alliance, today), KIND_IMPORTANCE["rhythm"], gap.alliance_id)
    made.sort()  # the tie is unique: the makers are never compared
    to_do_source, asleep_source = ranked or (None, None)
    if not snoozed:
        return TaskList(made, None, to_do_source), TaskList([], snoozed, asleep_source)
    to_do = [e for e in made if snoozed.get(e[_KEY], today) <= today]
    asleep = [e for e in made if snoozed.get(e[_KEY], today) > today]
    return TaskList(to_do, None, to_do_source), TaskList(asleep, snoozed, asleep_source)


def past_sla(clocks: Iterable[SlaClock], sla: SlaPolicy, today: date) -> int:
    return sum(1 for clock in clocks if clock.past_sla(today, sla))


def meetings_within(
    meetings: Iterable[ComingMeeting], now: datetime, days: int
) -> list[ComingMeeting]:
    end = now + timedelta(days=days)
    return [m for m in meetings if now <= m.starts_at < end]
