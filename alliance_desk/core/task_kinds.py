"""Each kind of thing to act on as a Task: what it says, why now, when due and what it opens
(a call, an onboarding item, an escalation, a risk review, an obligation, a decision, a late
action, a meeting, a milestone, a gap in the tier's rhythm)."""

from __future__ import annotations

from datetime import date, timedelta

from alliance_desk.core.business_days import SlaPolicy, business_days_between
from alliance_desk.core.dates import clock as clock_of
from alliance_desk.core.dates import shown, shown_short
from alliance_desk.core.escalations import LEVELS, SlaClock
from alliance_desk.core.governance import ComingMeeting, LateAction
from alliance_desk.core.i18n import by_count, translate
from alliance_desk.core.obligations import Obligation
from alliance_desk.core.onboarding import DueItem
from alliance_desk.core.portfolio import Alliance
from alliance_desk.core.records import Opens
from alliance_desk.core.rhythm import NEVER_YET, NONE_FOR, RhythmGap, added_on, last_on
from alliance_desk.core.risks import Decision, DecisionDue, ReviewDue
from alliance_desk.core.stakeholders import CallDue
from alliance_desk.core.task import RHYTHM_OPENS, WHOSE, WHOSE_INSIDE, Task
from alliance_desk.core.value import Milestone


def call_what(call: CallDue) -> str:
    return translate("Tasks", "Call {name}").format(name=call.name)


def review_what(review: ReviewDue) -> str:
    return translate("Tasks", "Review risk: {title}").format(title=review.title)


def action_what(action: LateAction) -> str:
    return translate("Tasks", "Action: {title}").format(title=action.title)


def meeting_what(meeting: ComingMeeting) -> str:
    return translate("Tasks", "Prepare the {committee}").format(committee=meeting.body_name)


def call_task(call: CallDue, alliance: str, today: date) -> Task:
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
        f"call:{call.stakeholder_id}", "call", call_what(call), alliance, why, call.due,
        today, Opens("person", call.alliance_id, call.stakeholder_id), person_id=call.person_id,
    )  # fmt: skip


def onboarding_task(due: DueItem, today: date) -> Task:
    return Task(
        f"item:{due.item.id}", "onboarding", due.item.title, due.alliance_name,
        translate("Tasks", "Onboarding {name}").format(name=due.person_name), due.item.due, today,
        Opens("plan", due.alliance_id, due.plan_id), item_id=due.item.id,
    )  # fmt: skip


def escalation_task(clock: SlaClock, trigger: date, sla: SlaPolicy, today: date) -> Task:
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


def review_task(review: ReviewDue, alliance: str, today: date) -> Task:
    return Task(
        f"risk:{review.id}", "risk", review_what(review), alliance,
        translate("Tasks", "Scored {score} ({band}); review planned").format(
            score=review.score, band=review.band
        ),
        review.next_review, today,
        Opens("risks", review.alliance_id, review.id),
    )  # fmt: skip


def obligation_task(obligation: Obligation, alliance: str, today: date) -> Task:
    draft = obligation.draft
    return Task(
        f"obligation:{obligation.id}", "obligation", draft.title, alliance,
        translate("Tasks", "{whose}; notice from {day}").format(
            whose=WHOSE[draft.party.value], day=shown_short(draft.notice_from, today)
        ),
        draft.due_date,
        today, Opens("obligations", obligation.alliance_id, obligation.id),
    )  # fmt: skip


def action_task(action: LateAction, alliance: str, today: date) -> Task:
    return Task(
        f"action:{action.action_id}", "action", action_what(action), alliance,
        translate("Tasks", "From the {committee}").format(committee=action.body_name),
        action.due, today,
        Opens("meeting", action.alliance_id, action.meeting_id),
    )  # fmt: skip


def meeting_task(meeting: ComingMeeting, alliance: str, today: date) -> Task:
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
        f"meeting:{meeting.meeting_id}", "meeting", meeting_what(meeting), alliance, why,
        meeting.starts_at.date(), today, Opens("meeting", meeting.alliance_id, meeting.meeting_id),
    )  # fmt: skip


def due_of(decision: Decision | DecisionDue) -> DecisionDue:
    return decision if isinstance(decision, DecisionDue) else DecisionDue.of(decision)


def decision_chase(
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


def decision_written(decision: DecisionDue, alliance: str, days: int, today: date) -> Task:
    """The task of a decision known to be one (`decision_entry` made it)."""
    task = decision_task(decision, alliance, days, today)
    assert task is not None
    return task


def decision_task(
    decision: Decision | DecisionDue, alliance: str, not_implemented_days: int, today: date
) -> Task | None:
    """A decision to review (its review date passed) or to chase (still not implemented
    `not_implemented_days` after it was taken); None when it is neither."""
    due = due_of(decision)
    chase = decision_chase(due, not_implemented_days, today)
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


def milestone_task(milestone: Milestone, alliance: str, today: date) -> Task:
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


def rhythm_task(gap: RhythmGap, alliance: Alliance, today: date) -> Task:
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
