"""What may reach the partner: the allow-list, and the shared facts built from it alone.

A pack for the partner is composed from `PartnerFacts`, never from the records the store
returns: `partner_facts()` copies into separate dataclasses only the fields `ALLOW_LIST` names,
each listed once below with the reason both companies already share it. Our own assessments —
stance, power, interest, sentiment, relationship health, interaction notes, partner insights
and their sources, cost-of-time estimates, value at stake, tiers — have no field to go into, so
they are not even present in what the partner's pack is built from. A field added to a record
later is internal until someone adds it here (a test keeps the dataclasses and this list equal).

Which records are shared at all:
- anything flagged internal-only (or of an internal-only alliance, or another alliance): never;
- people on the alliance: their name, company, title, committee roles and counterparts;
- escalations: open ones *raised with the partner* — from level 1 (the alliance managers of
  both companies) up, unless the user says otherwise on the record;
- risks: those marked *joint* (managed with the partner); the register is ours otherwise;
- decisions: those *taken jointly* — in a committee meeting, or in a joint forum (JSC, JDC,
  JCC, "joint …", steering committee) — unless the user says otherwise on the record;
- obligations: the contract's, all of them; health checks: both sides' scores (not our note);
- meetings of the alliance's committees: agenda, attendees and actions. Agenda notes are not
  shared: nothing marks them as approved minutes, and before a meeting they are our preparation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import NamedTuple

from alliance_desk.core.escalations import Escalation
from alliance_desk.core.governance import ActionStatus, Meeting, Purpose
from alliance_desk.core.people import Side
from alliance_desk.core.risks import Decision, DecisionStatus, Party, Risk


class Allowed(NamedTuple):
    kind: str  # the shared fact it belongs to
    field: str  # its field in that fact's dataclass
    source: str  # where the value comes from: table.column (what the marker test fills)
    reason: str  # why both companies already know it


ALLOW_LIST: tuple[Allowed, ...] = (
    Allowed("alliance", "name", "alliances.name", "The alliance's name is on the agreement."),
    Allowed("alliance", "partner", "alliances.partner", "The partner's own company name."),
    Allowed("alliance", "north_star", "alliances.north_star", "The goal both companies agreed to."),
    Allowed("person", "name", "people.name", "Names are known on both sides."),
    Allowed("person", "side", "people.side", "Which side of the alliance someone is on."),
    Allowed("person", "organisation", "people.organisation", "The company someone works for."),
    Allowed("person", "title", "people.title", "Job titles are known on both sides."),
    Allowed(
        "person", "roles", "stakeholders.role", "Committee roles are set in the joint charter."
    ),
    Allowed(
        "person",
        "counterparts",
        "counterparts.partner_id",
        "Counterpart pairs are how the two companies agreed to work together.",
    ),
    Allowed("meeting", "committee", "governance_bodies.name", "The joint committee's name."),
    Allowed("meeting", "starts_at", "meetings.starts_at", "When the committee meets."),
    Allowed("meeting", "ends_at", "meetings.ends_at", "When the committee meets."),
    Allowed("meeting", "time_zone", "meetings.time_zone", "The zone the times are in."),
    Allowed("meeting", "location", "meetings.location", "Where the committee meets."),
    Allowed(
        "meeting", "attendees", "meeting_attendees.person_id", "Who is invited: on the invitation."
    ),
    Allowed("meeting", "agenda", "agenda_items", "The agenda is sent to both sides."),
    Allowed("meeting", "actions", "action_items", "Actions are agreed in the meeting."),
    Allowed("agenda_item", "title", "agenda_items.title", "On the agenda both sides receive."),
    Allowed("agenda_item", "purpose", "agenda_items.purpose", "On the agenda."),
    Allowed("agenda_item", "minutes", "agenda_items.minutes", "On the agenda."),
    Allowed("agenda_item", "presenter", "agenda_items.presenter_id", "On the agenda."),
    Allowed("action", "title", "action_items.title", "Agreed in the meeting."),
    Allowed("action", "owner", "action_items.owner_id", "Agreed in the meeting."),
    Allowed("action", "due", "action_items.due_date", "Agreed in the meeting."),
    Allowed("action", "status", "action_items.status", "Reported back to the committee."),
    Allowed("decision", "title", "decisions.title", "A decision taken jointly."),
    Allowed("decision", "decided_on", "decisions.decided_on", "When it was taken jointly."),
    Allowed("decision", "forum", "decisions.forum", "The joint forum that took it."),
    Allowed("decision", "makers", "decisions.makers", "Who took it, together."),
    Allowed("decision", "status", "decisions.status", "Its implementation is chased jointly."),
    Allowed("escalation", "title", "escalations.title", "An issue raised with the partner."),
    Allowed("escalation", "raised_on", "escalations.raised_on", "When it was raised."),
    Allowed("escalation", "level", "escalations.level", "Who on both sides handles it now."),
    Allowed("escalation", "status", "escalations.status", "Where it stands."),
    Allowed("escalation", "owner", "escalations.owner_id", "Our named owner of the issue."),
    Allowed("escalation", "counterpart", "escalations.counterpart_id", "Their named owner of it."),
    Allowed("escalation", "target_date", "escalations.target_date", "The date agreed to fix it."),
    Allowed("risk", "title", "risks.title", "A risk both companies manage (marked joint)."),
    Allowed("risk", "category", "risks.category", "A joint risk's kind."),
    Allowed("risk", "likelihood", "risks.likelihood", "A joint risk is rated together."),
    Allowed("risk", "impact", "risks.impact", "A joint risk is rated together."),
    Allowed("risk", "history", "risk_ratings", "How the joint rating moved."),
    Allowed("risk", "status", "risks.status", "Where the joint risk stands."),
    Allowed("risk", "mitigation", "risks.mitigation", "The joint mitigation plan."),
    Allowed("risk", "owner", "risks.owner_id", "Who owns the joint risk."),
    Allowed("obligation", "title", "obligations.title", "Written in the agreement."),
    Allowed("obligation", "party", "obligations.party", "Written in the agreement."),
    Allowed("obligation", "due_date", "obligations.due_date", "Written in the agreement."),
    Allowed("obligation", "status", "obligations.status", "Whether it was met is known to both."),
    Allowed("health_check", "checked_on", "health_checks.checked_on", "A joint survey."),
    Allowed("health_check", "scores", "health_scores", "Both sides scored it, and see both."),
)


def allowed_fields(kind: str) -> dict[str, str]:
    """The fields of one shared fact, each with its reason."""
    return {a.field: a.reason for a in ALLOW_LIST if a.kind == kind}


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
    decided_on: date
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


# -- which records are shared --------------------------------------------------------------------

JOINT_FORUM = re.compile(r"\b(joint|J[A-Z]{1,2}C|steering committee)\b", re.IGNORECASE)
RAISED_FROM_LEVEL = 1  # alliance managers of both companies


def raised_with_partner(escalation: Escalation) -> bool:
    """An escalation the partner knows about: the user's call on the record, else level 1 up."""
    draft = escalation.draft
    if draft.internal_only:
        return False
    if draft.shared_with_partner is not None:
        return draft.shared_with_partner
    return escalation.level >= RAISED_FROM_LEVEL


def taken_jointly(decision: Decision) -> bool:
    """A decision of both companies: the user's call on the record, else one taken in a
    committee meeting or in a joint forum (JSC, JDC, JCC, "joint …", steering committee)."""
    draft = decision.draft
    if draft.internal_only:
        return False
    if draft.shared_with_partner is not None:
        return draft.shared_with_partner
    return draft.meeting_id is not None or bool(JOINT_FORUM.search(draft.forum))


def joint_risk(risk: Risk) -> bool:
    return risk.draft.joint and not risk.draft.internal_only


def _internal_person(stakeholder) -> bool:
    return stakeholder.details.internal_only or stakeholder.person.internal_only


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
        raise ValueError("An internal-only alliance has no version for the partner.")
    people = [
        s
        for s in _same_alliance(alliance.id, inputs.stakeholders, "A person")
        if not _internal_person(s)
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
    )


# -- what is left out ----------------------------------------------------------------------------


class Withheld(NamedTuple):
    what: str
    count: int
    why: str


def withheld(inputs) -> tuple[Withheld, ...]:
    """What a partner pack of this alliance leaves out, counted per kind, with the reason —
    shown before a partner export. Kinds with nothing to leave out are not listed."""
    people = inputs.stakeholders
    hidden_people = [s for s in people if _internal_person(s)]
    shown_people = len(people) - len(hidden_people)
    open_issues = [e for e in inputs.escalations if e.status.active]
    costed = [e for e in open_issues if e.draft.delay_days or e.draft.value_at_stake]
    lines = (
        Withheld("people flagged internal-only", len(hidden_people), "flagged internal-only"),
        Withheld(
            "people assessments (stance, power, interest, health, notes, contact plans)",
            shown_people,
            "our own read of people",
        ),
        Withheld("interactions and their notes", len(inputs.interactions), "our own notes"),
        Withheld("partner insights and their sources", len(inputs.insights), "our own notes"),
        Withheld(
            "open escalations not raised with the partner",
            sum(1 for e in open_issues if not raised_with_partner(e)),
            "below level 1, marked not shared, or internal-only",
        ),
        Withheld(
            "cost-of-time estimates (delay, value at stake)",
            len(costed),
            "our own estimates",
        ),
        Withheld(
            "risks not marked joint",
            sum(1 for r in inputs.risks if not joint_risk(r)),
            "our own register, or internal-only",
        ),
        Withheld(
            "decisions not taken jointly",
            sum(1 for d in inputs.decisions if not taken_jointly(d)),
            "our own, or internal-only",
        ),
        Withheld(
            "obligations flagged internal-only",
            sum(1 for o in inputs.obligations if o.draft.internal_only),
            "flagged internal-only",
        ),
        Withheld(
            "health-check notes",
            sum(1 for c in inputs.checks if c.note.strip()),
            "our own comment on the scores",
        ),
        Withheld("onboarding plans", len(inputs.plans), "our own process"),
    )
    return tuple(line for line in lines if line.count)


def check_fields_are_listed() -> list[str]:
    """Shared-fact fields missing from the allow-list, or listed but missing (for the tests)."""
    problems = []
    for cls in SHARED_FACTS:
        have = {f.name for f in fields(cls)}
        listed = set(allowed_fields(cls.KIND))
        problems += [f"{cls.KIND}.{name} is not on the allow-list" for name in have - listed]
        problems += [f"{cls.KIND}.{name} is listed but not shared" for name in listed - have]
    return problems
