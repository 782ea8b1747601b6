"""Today: what needs attention across the portfolio this week, as lists of lines.

The window shows these lists and `alliance-desk today` prints them, both from `build`, so a
morning digest in a terminal says exactly what the window says. Each line knows what it
opens (`Opens`); only the first `limit` lines of a list are written out — at heavy scale a
list holds thousands, and only those on screen are worth the formatting.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from alliance_desk.core.escalations import SlaClock
from alliance_desk.core.governance import ComingMeeting, LateAction
from alliance_desk.core.habits import CheckIn, Habit, summarise, week_line, week_start
from alliance_desk.core.onboarding import DueItem
from alliance_desk.core.policy import Policy
from alliance_desk.core.portfolio import Alliance, Phase
from alliance_desk.core.records import Opens
from alliance_desk.core.risks import Decision, Obligation, ReviewDue, coming_due, past_review
from alliance_desk.core.stakeholders import CallDue

DAYS_AHEAD = 7  # calls, onboarding items and risk reviews due within the week
SLA_WARNING_DAYS = 3  # escalations whose trigger date is this close are listed too
MEETINGS_AHEAD = 5
LIMIT = 50  # a list longer than this is a register, not a to-do list: see its section


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    opens: Opens
    late: bool = False
    detail: str = ""  # a second look: the window's tooltip


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    title: str
    nothing: str  # what the list says when it is empty
    lines: tuple[Line, ...]  # the first `limit`
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.lines)


@dataclass(frozen=True, slots=True)
class Tile:
    value: int
    caption: str
    tier: int | None = None


@dataclass(frozen=True, slots=True)
class TodayInputs:
    """What the store found for a day: every list Today draws on, in the store's order."""

    alliances: Sequence[Alliance]
    calls: Sequence[CallDue]
    onboarding: Sequence[DueItem]
    clocks: Sequence[SlaClock]
    reviews: Sequence[ReviewDue]
    obligations: Sequence[Obligation]  # open ones
    decisions: Sequence[Decision]  # not implemented, review date passed
    meetings: Sequence[ComingMeeting]
    late_actions: Sequence[LateAction]
    habits: Sequence[Habit]
    checkins: Sequence[CheckIn]  # of the week holding the day


@dataclass(frozen=True, slots=True)
class Today:
    day: date
    tiles: tuple[Tile, ...]
    sections: tuple[Section, ...]
    habits: str  # this week's check-ins against each target, in one line

    def section(self, key: str) -> Section:
        return next(section for section in self.sections if section.key == key)


def when(due: date, today: date) -> str:
    late = (today - due).days
    if late > 0:
        return f"overdue {late} d"
    return "today" if late == 0 else due.strftime("%a %d %b")


def _section(
    key: str,
    title: str,
    nothing: str,
    items: Sequence[Any],
    line_for: Callable[[Any], Line],
    limit: int | None,
) -> Section:
    shown = items if limit is None else items[:limit]
    return Section(key, title, nothing, tuple(line_for(item) for item in shown), len(items))


def _mixed(
    key: str,
    title: str,
    nothing: str,
    items: Sequence[tuple[Callable[[Any], Line], Any]],
    limit: int | None,
) -> Section:
    """A list of records of several kinds, each given with how its line is written."""
    return _section(key, title, nothing, items, lambda pair: pair[0](pair[1]), limit)


def only_alliance(inputs: TodayInputs, alliance_id: int) -> TodayInputs:
    """The same lists, for one alliance."""

    def mine(items: Sequence[Any], attribute: str = "alliance_id") -> list[Any]:
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
    )


def build(
    inputs: TodayInputs,
    policy: Policy,
    today: date,
    now: datetime,
    *,
    limit: int | None = LIMIT,
) -> Today:
    """Today's tiles, lists and habit line for `today`, under the portfolio's `policy`."""
    names = {a.id: a.name for a in inputs.alliances}
    tiers = Counter(a.tier for a in inputs.alliances)
    tiles = (
        Tile(len(inputs.alliances), "alliances in the portfolio"),
        Tile(sum(1 for a in inputs.alliances if a.phase is not Phase.EXIT), "not in exit"),
        *(Tile(tiers[tier], f"tier {tier}", tier) for tier in (1, 2, 3)),
    )
    sections = (
        _calls(inputs, names, today, limit),
        _onboarding(inputs, today, limit),
        _escalations(inputs, policy, today, limit),
        _registers(inputs, names, today, limit),
        _meetings(inputs, names, today, now, limit),
        _alliances(inputs, limit),
    )
    week = week_start(today, policy.week_start)
    this_week = [c for c in inputs.checkins if week <= c.day <= week + timedelta(days=6)]
    habit_line = week_line(
        summarise(inputs.habits, this_week, week, start_weekday=policy.week_start)
    )
    return Today(today, tiles, sections, habit_line)


def _calls(inputs: TodayInputs, names: dict[int, str], today: date, limit: int | None) -> Section:
    def line(call: CallDue) -> Line:
        last = call.last_contact.isoformat() if call.last_contact else "none logged"
        return Line(
            f"{call.name}  ·  {names.get(call.alliance_id, '')}  ·  {when(call.due, today)}",
            Opens("person", call.alliance_id, call.stakeholder_id),
            call.due < today,
            f"{call.title}\nLast contact: {last}",
        )

    return _section(
        "calls", "Calls due this week", "Nobody is due a call this week.", inputs.calls, line, limit
    )


def _onboarding(inputs: TodayInputs, today: date, limit: int | None) -> Section:
    def line(due: DueItem) -> Line:
        detail = f"{due.person_name} on {due.alliance_name}\n{due.item.title}"
        return Line(
            f"{due.person_name}  ·  {when(due.item.due, today)}  ·  {due.item.title}",
            Opens("plan", due.alliance_id, due.plan_id),
            due.item.due < today,
            detail + (f"\n{due.item.detail}" if due.item.detail else ""),
        )

    return _section(
        "onboarding",
        "Onboarding due this week",
        "No onboarding items are due this week.",
        inputs.onboarding,
        line,
        limit,
    )


def _escalations(inputs: TodayInputs, policy: Policy, today: date, limit: int | None) -> Section:
    sla = policy.sla
    soon = today + timedelta(days=SLA_WARNING_DAYS)
    clocks = ((clock.trigger_date(sla), clock) for clock in inputs.clocks)
    urgent = sorted((pair for pair in clocks if pair[0] <= soon), key=lambda pair: pair[0])

    def line(pair: tuple[date, SlaClock]) -> Line:
        trigger, clock = pair
        return Line(
            f"{clock.title}  ·  {clock.alliance_name}  ·  level {clock.level}  ·  "
            f"{clock.sla_text(today, sla)}",
            Opens("escalation", clock.alliance_id, clock.id),
            trigger < today,
            f"Open {clock.days_open(today)} days; trigger {trigger.isoformat()}",
        )

    return _section(
        "escalations",
        "Escalations past or near their SLA",
        "No escalation is past or near its SLA.",
        urgent,
        line,
        limit,
    )


def _registers(
    inputs: TodayInputs, names: dict[int, str], today: date, limit: int | None
) -> Section:
    def review(r: ReviewDue) -> Line:
        return Line(
            f"Review risk · {r.title}  ·  {names.get(r.alliance_id, '')}  ·  "
            f"{when(r.next_review, today)}",
            Opens("risks", r.alliance_id, r.id),
            r.next_review < today,
            f"Score {r.score} ({r.band})",
        )

    def obligation(o: Obligation) -> Line:
        return Line(
            f"Obligation · {o.draft.title}  ·  {names.get(o.alliance_id, '')}  ·  "
            f"due {when(o.draft.due_date, today)}",
            Opens("obligations", o.alliance_id, o.id),
            o.draft.due_date < today,
            f"{o.draft.party.label}; notice from {o.draft.notice_from.isoformat()}",
        )

    def decision(d: Decision) -> Line:
        review_date = d.draft.review_date.isoformat() if d.draft.review_date else ""
        return Line(
            f"Decision review · {d.draft.title}  ·  {names.get(d.alliance_id, '')}  ·  "
            f"{d.draft.status.label.lower()}",
            Opens("decisions", d.alliance_id, d.id),
            True,
            f"Review was due {review_date}",
        )

    horizon = today + timedelta(days=DAYS_AHEAD)
    items: list[tuple[Callable[[Any], Line], Any]] = [
        (review, r) for r in inputs.reviews if r.next_review <= horizon
    ]
    items += [(obligation, o) for o in coming_due(inputs.obligations, today)]
    items += [(decision, d) for d in past_review(inputs.decisions, today)]
    return _mixed(
        "registers",
        "Risks, decisions and obligations to look at",
        "No risk review, decision review or obligation is due.",
        items,
        limit,
    )


def _meetings(
    inputs: TodayInputs, names: dict[int, str], today: date, now: datetime, limit: int | None
) -> Section:
    def meeting(m: ComingMeeting) -> Line:
        return Line(
            f"{m.body_name}  ·  {m.starts_at:%a %d %b %H:%M}  ·  {names.get(m.alliance_id, '')}",
            Opens("meeting", m.alliance_id, m.meeting_id),
            detail=f"{m.agenda_items} agenda items; {m.location}",
        )

    def action(a: LateAction) -> Line:
        return Line(
            f"Action · {a.title}  ·  {a.body_name}  ·  {when(a.due, today)}",
            Opens("meeting", a.alliance_id, a.meeting_id),
            True,
        )

    ahead = [m for m in inputs.meetings if m.starts_at >= now][:MEETINGS_AHEAD]
    items: list[tuple[Callable[[Any], Line], Any]] = [(meeting, m) for m in ahead]
    items += [(action, a) for a in inputs.late_actions if a.due < today]
    return _mixed(
        "meetings",
        "Next meetings and overdue actions",
        "No meeting planned and no action overdue.",
        items,
        limit,
    )


def _alliances(inputs: TodayInputs, limit: int | None) -> Section:
    def line(a: Alliance) -> Line:
        return Line(
            f"Tier {a.tier}  ·  {a.name}  —  {a.partner}  ·  {a.phase.label}",
            Opens("alliance", a.id, a.id),
            detail=a.north_star or "No North Star recorded yet",
        )

    ranked = sorted(inputs.alliances, key=lambda a: (a.tier, a.name.casefold()))
    return _section("alliances", "Your alliances", "No alliances yet.", ranked, line, limit)
