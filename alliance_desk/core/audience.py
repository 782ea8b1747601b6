"""What may reach the partner: the allow-list, the rules for which records are shared, and
what a partner pack leaves out.

A pack for the partner is composed from `PartnerFacts` (core/shared_facts.py), never from the
records the store returns: `partner_facts()` copies into separate dataclasses only the fields
`ALLOW_LIST` names, each listed once below with the reason both companies already share it.
Our own assessments —
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
- milestones and KPIs: only those marked shared (the joint plan and scorecard); the value
  attached to a milestone never;
- meetings of the alliance's committees: agenda, attendees and actions. Agenda notes are not
  shared: nothing marks them as approved minutes, and before a meeting they are our preparation.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from alliance_desk.core.escalations import Escalation
from alliance_desk.core.risks import Decision, Risk


class Allowed(NamedTuple):
    kind: str  # the shared fact it belongs to
    field: str  # its field in that fact's dataclass
    source: str  # where the value comes from: table.column (what the marker test fills)
    reason: str  # why both companies already know it


_ROWS = (  # kind, field, source (table.column), why both companies already know it
    ("alliance", "name", "alliances.name", "The alliance's name is on the agreement."),
    ("alliance", "partner", "alliances.partner", "The partner's own company name."),
    ("alliance", "north_star", "alliances.north_star", "The goal both companies agreed to."),
    ("person", "name", "people.name", "Names are known on both sides."),
    ("person", "side", "people.side", "Which side of the alliance someone is on."),
    ("person", "organisation", "people.organisation", "The company someone works for."),
    ("person", "title", "people.title", "Job titles are known on both sides."),
    ("person", "roles", "stakeholders.role", "Committee roles are set in the joint charter."),
    (
        "person",
        "counterparts",
        "counterparts.partner_id",
        "Counterpart pairs are how the two companies agreed to work together.",
    ),
    ("meeting", "committee", "governance_bodies.name", "The joint committee's name."),
    ("meeting", "starts_at", "meetings.starts_at", "When the committee meets."),
    ("meeting", "ends_at", "meetings.ends_at", "When the committee meets."),
    ("meeting", "time_zone", "meetings.time_zone", "The zone the times are in."),
    ("meeting", "location", "meetings.location", "Where the committee meets."),
    ("meeting", "attendees", "meeting_attendees.person_id", "Who is invited: on the invitation."),
    ("meeting", "agenda", "agenda_items", "The agenda is sent to both sides."),
    ("meeting", "actions", "action_items", "Actions are agreed in the meeting."),
    ("agenda_item", "title", "agenda_items.title", "On the agenda both sides receive."),
    ("agenda_item", "purpose", "agenda_items.purpose", "On the agenda."),
    ("agenda_item", "minutes", "agenda_items.minutes", "On the agenda."),
    ("agenda_item", "presenter", "agenda_items.presenter_id", "On the agenda."),
    ("action", "title", "action_items.title", "Agreed in the meeting."),
    ("action", "owner", "action_items.owner_id", "Agreed in the meeting."),
    ("action", "due", "action_items.due_date", "Agreed in the meeting."),
    ("action", "status", "action_items.status", "Reported back to the committee."),
    ("decision", "title", "decisions.title", "A decision taken jointly."),
    ("decision", "decided_on", "decisions.decided_on", "When it was taken jointly."),
    ("decision", "forum", "decisions.forum", "The joint forum that took it."),
    ("decision", "makers", "decisions.makers", "Who took it, together."),
    ("decision", "status", "decisions.status", "Its implementation is chased jointly."),
    ("escalation", "title", "escalations.title", "An issue raised with the partner."),
    ("escalation", "raised_on", "escalations.raised_on", "When it was raised."),
    ("escalation", "level", "escalations.level", "Who on both sides handles it now."),
    ("escalation", "status", "escalations.status", "Where it stands."),
    ("escalation", "owner", "escalations.owner_id", "Our named owner of the issue."),
    ("escalation", "counterpart", "escalations.counterpart_id", "Their named owner of it."),
    ("escalation", "target_date", "escalations.target_date", "The date agreed to fix it."),
    ("risk", "title", "risks.title", "A risk both companies manage (marked joint)."),
    ("risk", "category", "risks.category", "A joint risk's kind."),
    ("risk", "likelihood", "risks.likelihood", "A joint risk is rated together."),
    ("risk", "impact", "risks.impact", "A joint risk is rated together."),
    ("risk", "history", "risk_ratings", "How the joint rating moved."),
    ("risk", "status", "risks.status", "Where the joint risk stands."),
    ("risk", "mitigation", "risks.mitigation", "The joint mitigation plan."),
    ("risk", "owner", "risks.owner_id", "Who owns the joint risk."),
    ("obligation", "title", "obligations.title", "Written in the agreement."),
    ("obligation", "party", "obligations.party", "Written in the agreement."),
    ("obligation", "due_date", "obligations.due_date", "Written in the agreement."),
    ("obligation", "status", "obligations.status", "Whether it was met is known to both."),
    ("health_check", "checked_on", "health_checks.checked_on", "A joint survey."),
    ("health_check", "scores", "health_scores", "Both sides scored it, and see both."),
    # Approved minutes go to both sides (core/shared_minutes.py; drafts stay ours).
    ("minutes", "meeting", "meetings", "The meeting the minutes record, as on its invitation."),
    ("minutes", "state", "meetings.minutes_approved_by", "Approved when, by whom (committee)."),
    ("minutes", "approved_on", "meetings.minutes_approved_at", "When both sides approved them."),
    ("minutes", "attendance", "meeting_attendees", "Who attended, as both sides approved."),
    ("minutes", "quorum", "governance_bodies.quorum_ours", "The charter's quorum, and if met."),
    ("minutes", "items", "agenda_items.record", "The minutes of each item, as approved."),
    ("minutes", "carried", "action_items", "Joint actions reviewed in the meeting."),
    ("minutes", "review", "decisions", "Joint decisions not yet implemented, reviewed."),
    ("minutes", "decisions", "decisions", "Joint decisions taken in the meeting."),
    ("minutes", "amendments", "minutes_amendments", "Changes to approved minutes, dated."),
    ("minutes", "next_meeting", "meetings", "When the committee meets next."),
    ("attendance", "name", "people.name", "Names are known on both sides."),
    ("attendance", "attendance", "meeting_attendees.attendance", "Recorded in the minutes."),
    ("attendance", "delegate", "meeting_attendees.delegate", "Who stood in, in the room."),
    ("minutes_item", "title", "agenda_items.title", "On the agenda both sides receive."),
    ("minutes_item", "minutes", "agenda_items.record", "The approved minutes of the item."),
    ("amendment", "made_at", "minutes_amendments.made_at", "When the change was made."),
    ("amendment", "item_title", "minutes_amendments.item_title", "The item it amends."),
    ("amendment", "text", "minutes_amendments.text", "The amendment, as circulated."),
    ("milestone", "title", "milestones.title", "A milestone of the joint plan (marked shared)."),
    ("milestone", "planned_on", "milestones.planned_on", "The date both plan to."),
    ("milestone", "forecast_on", "milestones.forecast_on", "The joint plan's forecast."),
    ("milestone", "achieved_on", "milestones.achieved_on", "Both saw it happen."),
    ("milestone", "status", "milestones.status", "Tracked together on the joint plan."),
    ("milestone", "party", "milestones.party", "Whose milestone it is, by the agreement."),
    ("milestone", "north_star", "milestones.north_star", "Evidence of the shared North Star."),
    ("kpi", "name", "kpis.name", "A KPI of the joint scorecard (marked shared)."),
    ("kpi", "unit", "kpis.unit", "How the joint KPI is measured."),
    ("kpi", "direction", "kpis.direction", "Agreed with the KPI."),
    ("kpi", "target", "kpis.target", "The target both companies set."),
    ("kpi", "actuals", "kpi_actuals", "Measured and reported to both companies."),
)
ALLOW_LIST: tuple[Allowed, ...] = tuple(Allowed(*row) for row in _ROWS)


def allowed_fields(kind: str) -> dict[str, str]:
    """The fields of one shared fact, each with its reason."""
    return {a.field: a.reason for a in ALLOW_LIST if a.kind == kind}


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


def shared_record(record) -> bool:
    """A milestone or KPI on the joint scorecard: only those the user marked shared."""
    return bool(record.draft.shared)


def internal_person(stakeholder) -> bool:
    return stakeholder.details.internal_only or stakeholder.person.internal_only


# -- what is left out ----------------------------------------------------------------------------


class Withheld(NamedTuple):
    what: str
    number: int  # how many records of this kind are left out
    why: str


def withheld(inputs) -> tuple[Withheld, ...]:
    """What a partner pack of this alliance leaves out, counted per kind, with the reason —
    shown before a partner export. Kinds with nothing to leave out are not listed."""
    people = inputs.stakeholders
    hidden_people = [s for s in people if internal_person(s)]
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
        Withheld(
            "milestones not marked shared",
            sum(1 for m in inputs.milestones if not shared_record(m)),
            "our own plan",
        ),
        Withheld(
            "value attached to milestones",
            sum(1 for m in inputs.milestones if m.draft.value),
            "our own estimate",
        ),
        Withheld(
            "KPIs not marked shared",
            sum(1 for k in inputs.kpis if not shared_record(k)),
            "our own scorecard",
        ),
    )
    return tuple(line for line in lines if line.number)
