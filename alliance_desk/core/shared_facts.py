"""The facts both companies share, built only through the allow-list in `core.audience`.

`partner_facts()` copies from the store's records into these dataclasses only the fields
`ALLOW_LIST` names (`_shared` refuses any other), for the records the audience rules share.
The partner's pack is composed from `PartnerFacts` alone: our own assessments are not even
present in what it is built from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime

from alliance_desk.core.audience import (
    allowed_fields,
    internal_person,
    joint_risk,
    raised_with_partner,
    shared_record,
    taken_jointly,
)
from alliance_desk.core.governance import ActionStatus, Meeting, Purpose
from alliance_desk.core.i18n import translate
from alliance_desk.core.obligations import Party
from alliance_desk.core.people import Side
from alliance_desk.core.risks import DecisionStatus
from alliance_desk.core.value import Direction, MilestoneStatus


def _shared(cls, **values):
    """A shared fact, refused if it would carry a field the allow-list does not name."""
    extra = set(values) - set(allowed_fields(cls.KIND))
    if extra:
        raise ValueError(f"Not on the allow-list for the partner: {cls.KIND}.{min(extra)}")
    return cls(**values)


# -- the shared facts ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SharedAlliance:
    KIND = "alliance"
    name: str
    partner: str
    north_star: str


@dataclass(frozen=True, slots=True)
class SharedPerson:
    KIND = "person"
    name: str
    side: Side
    organisation: str
    title: str
    roles: str
    counterparts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SharedAgendaItem:
    KIND = "agenda_item"
    title: str
    purpose: Purpose
    minutes: int
    presenter: str


@dataclass(frozen=True, slots=True)
class SharedAction:
    KIND = "action"
    title: str
    owner: str
    due: date | None
    status: ActionStatus

    def overdue(self, today: date) -> bool:
        return self.status is ActionStatus.OPEN and self.due is not None and self.due < today


@dataclass(frozen=True, slots=True)
class SharedMeeting:
    KIND = "meeting"
    committee: str
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    location: str
    attendees: tuple[str, ...]
    agenda: tuple[SharedAgendaItem, ...]
    actions: tuple[SharedAction, ...]


@dataclass(frozen=True, slots=True)
class SharedDecision:
    KIND = "decision"
    title: str
    decided_on: date | None  # None: a question still open
    forum: str
    makers: str
    status: DecisionStatus


@dataclass(frozen=True, slots=True)
class SharedEscalation:
    KIND = "escalation"
    title: str
    raised_on: date
    level: int
    status: str
    owner: str
    counterpart: str
    target_date: date | None


@dataclass(frozen=True, slots=True)
class SharedRisk:
    KIND = "risk"
    title: str
    category: str
    likelihood: int
    impact: int
    history: tuple[tuple[date, int, int], ...]
    status: str
    mitigation: str
    owner: str

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


@dataclass(frozen=True, slots=True)
class SharedObligation:
    KIND = "obligation"
    title: str
    party: Party
    due_date: date
    status: str


@dataclass(frozen=True, slots=True)
class SharedHealthCheck:
    KIND = "health_check"
    checked_on: date
    scores: Mapping[str, tuple[int, int]]


@dataclass(frozen=True, slots=True)
class SharedMilestone:
    KIND = "milestone"
    title: str
    planned_on: date
    forecast_on: date | None
    achieved_on: date | None
    status: MilestoneStatus
    party: Party
    north_star: bool


@dataclass(frozen=True, slots=True)
class SharedKpi:
    KIND = "kpi"
    name: str
    unit: str
    direction: Direction
    target: float
    actuals: tuple[tuple[date, float], ...]


SHARED_FACTS = (
    SharedAlliance,
    SharedPerson,
    SharedMeeting,
    SharedAgendaItem,
    SharedAction,
    SharedDecision,
    SharedEscalation,
    SharedRisk,
    SharedObligation,
    SharedHealthCheck,
    SharedMilestone,
    SharedKpi,
)


@dataclass(frozen=True, slots=True)
class PartnerFacts:
    """Everything a pack for the partner may draw on, and nothing else."""

    today: date
    alliance: SharedAlliance
    people: tuple[SharedPerson, ...] = ()
    meeting: SharedMeeting | None = None
    previous_meeting: SharedMeeting | None = None
    decisions: tuple[SharedDecision, ...] = ()
    escalations: tuple[SharedEscalation, ...] = ()  # open, raised with the partner
    risks: tuple[SharedRisk, ...] = ()
    obligations: tuple[SharedObligation, ...] = ()
    health: tuple[SharedHealthCheck, ...] = ()
    milestones: tuple[SharedMilestone, ...] = ()  # marked shared
    kpis: tuple[SharedKpi, ...] = ()  # marked shared


# -- the projection ------------------------------------------------------------------------------


def _meeting(meeting: Meeting, names: Mapping[int, str]) -> SharedMeeting:
    def name(person_id: int | None) -> str:
        return names.get(person_id, "") if person_id else ""

    agenda = tuple(
        _shared(
            SharedAgendaItem,
            title=item.title,
            purpose=item.purpose,
            minutes=item.minutes,
            presenter=name(item.presenter_id),
        )
        for item in meeting.agenda
    )
    actions = tuple(
        _shared(
            SharedAction,
            title=action.title,
            owner=name(action.owner_id),
            due=action.due,
            status=action.status,
        )
        for action in meeting.actions
    )
    return _shared(
        SharedMeeting,
        committee=meeting.body_name,
        starts_at=meeting.draft.starts_at,
        ends_at=meeting.draft.ends_at,
        time_zone=meeting.draft.zone.key,
        location=meeting.draft.location,
        attendees=tuple(sorted(n for pid in meeting.attendee_ids if (n := name(pid)))),
        agenda=agenda,
        actions=actions,
    )


def _same_alliance(alliance_id: int, records, what: str) -> list:
    strays = [r for r in records if r.alliance_id != alliance_id]
    if strays:  # the store never mixes alliances: this is a bug, not a choice
        raise ValueError(f"{what} of another alliance among this alliance's records")
    return list(records)


def partner_facts(inputs) -> PartnerFacts:
    """The shared facts of one alliance, from the store's full records of it (`PackInputs`)."""
    (alliance,) = inputs.alliances
    if alliance.internal_only:
        raise ValueError(
            translate("SharedFacts", "An internal-only alliance has no version for the partner.")
        )
    people = [
        s
        for s in _same_alliance(alliance.id, inputs.stakeholders, "A person")
        if not internal_person(s)
    ]
    names = {s.person.id: s.name for s in people}  # only people the partner may see
    by_stakeholder = {s.id: s.name for s in people}
    shared_people = tuple(
        _shared(
            SharedPerson,
            name=s.name,
            side=s.side,
            organisation=s.person.organisation,
            title=s.person.title,
            roles=s.details.roles,
            counterparts=tuple(by_stakeholder[i] for i in s.counterpart_ids if i in by_stakeholder),
        )
        for s in sorted(people, key=lambda s: (s.side is not Side.PARTNER, s.name.casefold()))
    )
    meetings = [m for m in (inputs.meeting, inputs.previous_meeting) if m is not None]
    _same_alliance(alliance.id, meetings, "A meeting")
    return PartnerFacts(
        today=inputs.today,
        alliance=_shared(
            SharedAlliance,
            name=alliance.name,
            partner=alliance.partner,
            north_star=alliance.north_star,
        ),
        people=shared_people,
        meeting=_meeting(inputs.meeting, names) if inputs.meeting else None,
        previous_meeting=(
            _meeting(inputs.previous_meeting, names) if inputs.previous_meeting else None
        ),
        decisions=tuple(
            _shared(
                SharedDecision,
                title=d.draft.title,
                decided_on=d.draft.decided_on,
                forum=d.draft.forum,
                makers=d.draft.makers,
                status=d.draft.status,
            )
            for d in _same_alliance(alliance.id, inputs.decisions, "A decision")
            if taken_jointly(d)
        ),
        escalations=tuple(
            _shared(
                SharedEscalation,
                title=e.draft.title,
                raised_on=e.draft.raised_on,
                level=e.level,
                status=e.status.label,
                owner=names.get(e.draft.owner_id, "") if e.draft.owner_id else "",
                counterpart=(
                    names.get(e.draft.counterpart_id, "") if e.draft.counterpart_id else ""
                ),
                target_date=e.draft.target_date,
            )
            for e in _same_alliance(alliance.id, inputs.escalations, "An escalation")
            if e.status.active and raised_with_partner(e)
        ),
        risks=tuple(
            _shared(
                SharedRisk,
                title=r.draft.title,
                category=r.draft.category.label,
                likelihood=r.draft.likelihood,
                impact=r.draft.impact,
                history=r.history,
                status=r.draft.status.label,
                mitigation=r.draft.mitigation,
                owner=names.get(r.draft.owner_id, "") if r.draft.owner_id else "",
            )
            for r in _same_alliance(alliance.id, inputs.risks, "A risk")
            if joint_risk(r)
        ),
        obligations=tuple(
            _shared(
                SharedObligation,
                title=o.draft.title,
                party=o.draft.party,
                due_date=o.draft.due_date,
                status=o.draft.status.label,
            )
            for o in _same_alliance(alliance.id, inputs.obligations, "An obligation")
            if not o.draft.internal_only
        ),
        health=tuple(
            _shared(SharedHealthCheck, checked_on=c.checked_on, scores=dict(c.scores))
            for c in _same_alliance(alliance.id, inputs.checks, "A health check")
        ),
        milestones=tuple(
            _shared(
                SharedMilestone,
                title=m.draft.title,
                planned_on=m.draft.planned_on,
                forecast_on=m.draft.forecast_on,
                achieved_on=m.draft.achieved_on,
                status=m.draft.status,
                party=m.draft.party,
                north_star=m.draft.north_star,
            )
            for m in _same_alliance(alliance.id, inputs.milestones, "A milestone")
            if shared_record(m)
        ),
        kpis=tuple(
            _shared(
                SharedKpi,
                name=k.draft.name,
                unit=k.draft.unit,
                direction=k.draft.direction,
                target=k.draft.target,
                actuals=k.actuals,
            )
            for k in _same_alliance(alliance.id, inputs.kpis, "A KPI")
            if shared_record(k)
        ),
    )


def check_fields_are_listed(classes=SHARED_FACTS) -> list[str]:
    """Shared-fact fields missing from the allow-list, or listed but missing (for the tests)."""
    problems = []
    for cls in classes:
        have = {f.name for f in fields(cls)}
        listed = set(allowed_fields(cls.KIND))
        problems += [f"{cls.KIND}.{name} is not on the allow-list" for name in have - listed]
        problems += [f"{cls.KIND}.{name} is listed but not shared" for name in listed - have]
    return problems
