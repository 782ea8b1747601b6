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
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from alliance_desk.core.business_days import SlaPolicy, business_days_between
from alliance_desk.core.dates import clock as clock_of
from alliance_desk.core.dates import shown, shown_short
from alliance_desk.core.escalations import LEVELS, SlaClock
from alliance_desk.core.governance import ComingMeeting, LateAction
from alliance_desk.core.i18n import QT_TRANSLATE_NOOP, Words, by_count, translate
from alliance_desk.core.onboarding import DueItem
from alliance_desk.core.portfolio import Alliance, Phase
from alliance_desk.core.ranked import _KEY, RankedSource, TaskEntry, TaskList
from alliance_desk.core.records import Opens
from alliance_desk.core.rhythm import NEVER_YET, NONE_FOR, RhythmGap, added_on, last_on
from alliance_desk.core.risks import Decision, DecisionDue, Obligation, ReviewDue
from alliance_desk.core.stakeholders import CallDue
from alliance_desk.core.value import Milestone

TIER_WEIGHT = {1: 2.0, 2: 1.5, 3: 1.0}
KIND_IMPORTANCE = {
    "call": 1.0,
    "onboarding": 1.0,
    "decision": 1.0,
    "meeting": 1.0,
    "action": 1.1,
    "obligation": 1.3,
    "milestone": 1.2,  # what the alliance promised: its date slipping is value slipping
    "rhythm": 0.8,  # a habit of the alliance slipping, not yet a concrete thing gone wrong
}
# What a rhythm gap opens: where the missing contact, review, check or meeting is recorded.
RHYTHM_OPENS = {"contact": "person", "risks": "risks", "health": "health", "meeting": "meeting"}
MAX_LATE_DAYS = 30
WHOSE = Words(
    "Tasks",
    {
        "ours": QT_TRANSLATE_NOOP("Tasks", "Ours to deliver"),
        "theirs": QT_TRANSLATE_NOOP("Tasks", "The partner's to deliver"),
        "joint": QT_TRANSLATE_NOOP("Tasks", "Joint"),
    },
)
# The same, inside a sentence ("Planned; ours to deliver").
WHOSE_INSIDE = Words(
    "Tasks",
    {
        "ours": QT_TRANSLATE_NOOP("Tasks", "ours to deliver"),
        "theirs": QT_TRANSLATE_NOOP("Tasks", "the partner's to deliver"),
        "joint": QT_TRANSLATE_NOOP("Tasks", "joint"),
    },
)


@dataclass(frozen=True, slots=True)
class Task:
    """One thing to act on, as Today lists it and `alliance-desk today` prints it."""

    key: str  # "call:12": the kind and the record, what a snooze names
    kind: str  # call, onboarding, escalation, risk, obligation, decision, action, meeting
    what: str  # "Call Hannah Weiss"
    alliance: str  # the alliance's name
    why: str  # why now, in a few words
    due: date
    today: date
    opens: Opens
    score: float = 0.0
    person_id: int | None = None  # a call: the person the contact is with
    item_id: int | None = None  # an onboarding item: the item to tick
    snoozed_until: date | None = None
    # An escalation past its service level: how late in business days, as its SLA counts
    # (and the escalation log shows) — not the calendar days since it fell due.
    business_days_late: int | None = None

    @property
    def late_days(self) -> int:
        return max(0, (self.today - self.due).days)

    @property
    def late(self) -> bool:
        return self.due < self.today

    @property
    def when(self) -> str:
        """How late, or when it is due: "3 days late" ("2 business days late": an escalation
        past its service level), "due today", "due Fri 4 Dec"."""
        late = self.late_days
        if late and self.business_days_late is not None:
            return by_count(
                self.business_days_late,
                translate("Tasks", "{days} business day late"),
                translate("Tasks", "{days} business days late"),
            ).format(days=self.business_days_late)
        if late:
            return by_count(
                late, translate("Tasks", "{days} day late"), translate("Tasks", "{days} days late")
            ).format(days=late)
        if self.due == self.today:
            return translate("Tasks", "due today")
        if self.due == self.today + timedelta(days=1):
            return translate("Tasks", "due tomorrow")
        return translate("Tasks", "due {day}").format(day=shown_short(self.due, self.today))

    @property
    def acts(self) -> tuple[str, ...]:
        """What can be done to it without leaving Today: log (a call), tick (an onboarding
        item), pack (a meeting's pack); every task can be opened and snoozed."""
        return {"call": ("log",), "onboarding": ("tick",), "meeting": ("pack",)}.get(self.kind, ())


def urgency(due: date, today: date) -> float:
    days = (today - due).days
    if days >= 0:
        return 1 + min(days, MAX_LATE_DAYS) / 10
    return max(0.3, 1 + days / 10)


def alliance_weight(alliance: Alliance | None) -> float:
    """How much an alliance's work counts: its tier, strategic and financial value."""
    if alliance is None:
        return 1.0
    value = 1 + (alliance.strategic_value - 1) / 8
    value += min(math.log10(1 + max(alliance.financial_value, 0.0)), 3.0) / 6
    weight = TIER_WEIGHT.get(alliance.tier, 1.0) * value
    return weight / 2 if alliance.phase is Phase.EXIT else weight


def _escalation_importance(level: int, severity: int) -> float:
    return 1.2 + 0.2 * level + 0.2 * severity


def _risk_importance(score: int) -> float:
    return 0.8 + score / 25


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
        _escalation_importance(clock.level, clock.severity), weight, f"escalation:{clock.id}",
        "escalation", clock.title, trigger, clock.id,
        partial(_escalation_task, clock, trigger, sla, today), today,
    )  # fmt: skip


def call_entry(call: CallDue, alliance: str, weight: float, today: date) -> TaskEntry:
    """A call falling due as a ranked entry (ties: by the stakeholder's id)."""
    return _entry(
        KIND_IMPORTANCE["call"], weight, f"call:{call.stakeholder_id}", "call",
        _call_what(call), call.due, call.stakeholder_id,
        partial(_call_task, call, alliance, today), today,
    )  # fmt: skip


def review_entry(review: ReviewDue, alliance: str, weight: float, today: date) -> TaskEntry:
    return _entry(
        _risk_importance(review.score), weight, f"risk:{review.id}", "risk",
        _review_what(review), review.next_review, review.id,
        partial(_review_task, review, alliance, today), today,
    )  # fmt: skip


def decision_entry(
    decision: DecisionDue, alliance: str, days: int, weight: float, today: date
) -> TaskEntry | None:
    """A decision to review or to chase as a ranked entry (None: neither); ties in the
    decision log's order (open questions, then the newest taken)."""
    chase = _decision_chase(decision, days, today)
    if chase is None:
        return None
    what, day, _review = chase
    taken = decision.decided_on
    tie = (0, 0, -decision.id) if taken is None else (1, -taken.toordinal(), -decision.id)
    return _entry(
        KIND_IMPORTANCE["decision"], weight, f"decision:{decision.id}", "decision", what, day,
        tie, partial(_decision_written, decision, alliance, days, today), today,
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
            due.item.title, due.item.due, partial(_onboarding_task, due, today),
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
            partial(_obligation_task, obligation, name(obligation.alliance_id), today),
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
            _action_what(action), action.due,
            partial(_action_task, action, name(action.alliance_id), today),
        )  # fmt: skip
    for meeting in inputs.meetings:
        add(
            KIND_IMPORTANCE["meeting"], meeting.alliance_id, f"meeting:{meeting.meeting_id}",
            "meeting", _meeting_what(meeting), meeting.starts_at.date(),
            partial(_meeting_task, meeting, name(meeting.alliance_id), today),
        )  # fmt: skip
    for milestone in inputs.milestones:
        task = _milestone_task(milestone, name(milestone.alliance_id), today)
        add_made(task, KIND_IMPORTANCE["milestone"], milestone.alliance_id)
    listed = {("contact", c.alliance_id) for c in inputs.calls}
    listed |= {("contact", alliance_id) for alliance_id in inputs.calling}
    listed |= {("risks", r.alliance_id) for r in inputs.reviews}
    listed |= {("risks", alliance_id) for alliance_id in inputs.reviewing}
    listed |= {("meeting", m.alliance_id) for m in inputs.meetings}
    for gap in inputs.rhythm:
        alliance = by_id.get(gap.alliance_id)
        if alliance is not None and (gap.part, gap.alliance_id) not in listed:
            add_made(_rhythm_task(gap, alliance, today), KIND_IMPORTANCE["rhythm"], gap.alliance_id)
    made.sort()  # the tie is unique: the makers are never compared
    to_do_source, asleep_source = ranked or (None, None)
    if not snoozed:
        return TaskList(made, None, to_do_source), TaskList([], snoozed, asleep_source)
    to_do = [e for e in made if snoozed.get(e[_KEY], today) <= today]
    asleep = [e for e in made if snoozed.get(e[_KEY], today) > today]
    return TaskList(to_do, None, to_do_source), TaskList(asleep, snoozed, asleep_source)


def _call_what(call: CallDue) -> str:
    return translate("Tasks", "Call {name}").format(name=call.name)


def _review_what(review: ReviewDue) -> str:
    return translate("Tasks", "Review risk: {title}").format(title=review.title)


def _action_what(action: LateAction) -> str:
    return translate("Tasks", "Action: {title}").format(title=action.title)


def _meeting_what(meeting: ComingMeeting) -> str:
    return translate("Tasks", "Prepare the {committee}").format(committee=meeting.body_name)


def _call_task(call: CallDue, alliance: str, today: date) -> Task:
    last = (
        translate("Tasks", "last contact {day}").format(day=shown(call.last_contact))
        if call.last_contact
        else translate("Tasks", "never met")
    )
    plan = (
        translate("Tasks", "{cadence} contact plan").format(cadence=call.cadence)
        if call.cadence
        else translate("Tasks", "contact plan")
    )
    why = translate("Tasks", "{plan}; {last}").format(plan=plan[:1].upper() + plan[1:], last=last)
    why += f" · {call.title}" if call.title else ""  # the person's job title, after a dot
    return Task(
        f"call:{call.stakeholder_id}", "call", _call_what(call), alliance, why, call.due,
        today, Opens("person", call.alliance_id, call.stakeholder_id), person_id=call.person_id,
    )  # fmt: skip


def _onboarding_task(due: DueItem, today: date) -> Task:
    return Task(
        f"item:{due.item.id}", "onboarding", due.item.title, due.alliance_name,
        translate("Tasks", "Onboarding {name}").format(name=due.person_name), due.item.due, today,
        Opens("plan", due.alliance_id, due.plan_id), item_id=due.item.id,
    )  # fmt: skip


def _escalation_task(clock: SlaClock, trigger: date, sla: SlaPolicy, today: date) -> Task:
    why = translate("Tasks", "{sla} at level {level} ({name})").format(
        sla=clock.sla_text(today, sla), level=clock.level, name=LEVELS[clock.level].lower()
    )
    late = business_days_between(trigger, today, sla.holidays) if today > trigger else None
    return Task(
        f"escalation:{clock.id}", "escalation", clock.title, clock.alliance_name, why, trigger,
        today,
        Opens("escalation", clock.alliance_id, clock.id),
        business_days_late=late,
    )  # fmt: skip


def _review_task(review: ReviewDue, alliance: str, today: date) -> Task:
    return Task(
        f"risk:{review.id}", "risk", _review_what(review), alliance,
        translate("Tasks", "Scored {score} ({band}); review planned").format(
            score=review.score, band=review.band
        ),
        review.next_review, today,
        Opens("risks", review.alliance_id, review.id),
    )  # fmt: skip


def _obligation_task(obligation: Obligation, alliance: str, today: date) -> Task:
    draft = obligation.draft
    return Task(
        f"obligation:{obligation.id}", "obligation", draft.title, alliance,
        translate("Tasks", "{whose}; notice from {day}").format(
            whose=WHOSE[draft.party.value], day=shown_short(draft.notice_from, today)
        ),
        draft.due_date,
        today, Opens("obligations", obligation.alliance_id, obligation.id),
    )  # fmt: skip


def _action_task(action: LateAction, alliance: str, today: date) -> Task:
    return Task(
        f"action:{action.action_id}", "action", _action_what(action), alliance,
        translate("Tasks", "From the {committee}").format(committee=action.body_name),
        action.due, today,
        Opens("meeting", action.alliance_id, action.meeting_id),
    )  # fmt: skip


def _meeting_task(meeting: ComingMeeting, alliance: str, today: date) -> Task:
    count = meeting.agenda_items
    agenda = (
        by_count(
            count,
            translate("Tasks", "{count} agenda item"),
            translate("Tasks", "{count} agenda items"),
        ).format(count=count)
        if count
        else translate("Tasks", "no agenda")
    )
    when = f"{shown_short(meeting.starts_at.date(), today)} {clock_of(meeting.starts_at)}"
    why = translate("Tasks", "Meets {when}; {agenda}").format(when=when, agenda=agenda)
    return Task(
        f"meeting:{meeting.meeting_id}", "meeting", _meeting_what(meeting), alliance, why,
        meeting.starts_at.date(), today, Opens("meeting", meeting.alliance_id, meeting.meeting_id),
    )  # fmt: skip


def due_of(decision: Decision | DecisionDue) -> DecisionDue:
    return decision if isinstance(decision, DecisionDue) else DecisionDue.of(decision)


def _decision_chase(
    decision: DecisionDue, not_implemented_days: int, today: date
) -> tuple[str, date, bool] | None:
    """(what to do, since when, whether to review it): review a decision whose review date
    passed, or chase one still not implemented `not_implemented_days` after it was taken;
    None: neither."""
    if decision.review_date is not None and decision.review_date < today:
        what = translate("Tasks", "Review decision: {title}").format(title=decision.title)
        return what, decision.review_date, True
    if decision.decided_on is None:
        return None  # an open question: nothing to implement yet
    stalled_on = decision.decided_on + timedelta(days=not_implemented_days)
    if stalled_on < today:
        what = translate("Tasks", "Chase decision: {title}").format(title=decision.title)
        return what, stalled_on, False
    return None


def _decision_written(decision: DecisionDue, alliance: str, days: int, today: date) -> Task:
    """The task of a decision known to be one (`decision_entry` made it)."""
    task = _decision_task(decision, alliance, days, today)
    assert task is not None
    return task


def _decision_task(
    decision: Decision | DecisionDue, alliance: str, not_implemented_days: int, today: date
) -> Task | None:
    """A decision to review (its review date passed) or to chase (still not implemented
    `not_implemented_days` after it was taken); None when it is neither."""
    due = due_of(decision)
    chase = _decision_chase(due, not_implemented_days, today)
    if chase is None:
        return None
    what, day, review = chase
    if review:
        assert due.review_date is not None
        why = translate("Tasks", "{status}; review was planned for {day}").format(
            status=due.status.label, day=shown_short(due.review_date, today)
        )
    else:
        assert due.decided_on is not None
        days = (today - due.decided_on).days
        why = by_count(
            days,
            translate("Tasks", "{status} {days} day after it was taken"),
            translate("Tasks", "{status} {days} days after it was taken"),
        ).format(status=due.status.label, days=days)
    opens = Opens("decisions", due.alliance_id, due.id)
    return Task(f"decision:{due.id}", "decision", what, alliance, why, day, today, opens)


def _milestone_task(milestone: Milestone, alliance: str, today: date) -> Task:
    """A milestone due soon (due on its expected day) or slipped (late from its planned day)."""
    draft = milestone.draft
    slip = milestone.slip_days(today)
    opens = Opens("milestones", milestone.alliance_id, milestone.id)
    what = translate("Tasks", "Milestone: {title}").format(title=draft.title)
    if slip:
        expected = milestone.expected_on(today)
        planned = shown(draft.planned_on)
        why = (
            translate("Tasks", "Slipped {days} days; planned {planned}, now expected {expected}")
            if expected > today
            else translate("Tasks", "Slipped {days} days; planned {planned}, not yet achieved")
        ).format(days=slip, planned=planned, expected=shown(expected))
        return Task(f"milestone:{milestone.id}", "milestone", what,
                    alliance, why, draft.planned_on, today, opens)  # fmt: skip
    why = translate("Tasks", "{status}; {whose}").format(
        status=draft.status.label, whose=WHOSE_INSIDE[draft.party.value]
    )
    return Task(f"milestone:{milestone.id}", "milestone", what,
                alliance, why, milestone.expected_on(today), today, opens)  # fmt: skip


def _rhythm_task(gap: RhythmGap, alliance: Alliance, today: date) -> Task:
    """ "No risk review for 47 days (due every 30 days)", due since the tier's interval ran out."""
    since = gap.days_since(today)
    what = (NEVER_YET if since is None else NONE_FOR)[gap.part]
    added = added_on(alliance)
    if gap.last is None:
        last = (
            translate("Rhythm", "never recorded")
            if added is None
            else translate("Rhythm", "none since it was added {day}").format(day=shown(added))
        )
    elif gap.part == "risks":
        last = by_count(
            gap.count,
            translate("Rhythm", "{count} open risk, reviewed {day}"),
            translate("Rhythm", "{count} open risks, the oldest reviewed {day}"),
        ).format(count=gap.count, day=shown(gap.last))
    else:
        last = last_on(gap.last)
    return Task(
        f"rhythm:{gap.part}:{gap.alliance_id}", "rhythm",
        what.format(days=since, interval=gap.interval), alliance.name,
        translate("Rhythm", "Tier {tier}: {last}").format(tier=alliance.tier, last=last),
        gap.due, today,
        Opens(RHYTHM_OPENS[gap.part], gap.alliance_id),
    )  # fmt: skip


def past_sla(clocks: Iterable[SlaClock], sla: SlaPolicy, today: date) -> int:
    return sum(1 for clock in clocks if clock.past_sla(today, sla))


def meetings_within(
    meetings: Iterable[ComingMeeting], now: datetime, days: int
) -> list[ComingMeeting]:
    end = now + timedelta(days=days)
    return [m for m in meetings if now <= m.starts_at < end]
