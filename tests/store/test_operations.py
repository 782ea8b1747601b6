"""One operation, one transaction: every public store function is called here, on the demo
portfolio, and must commit at most once — a write exactly once, all its writes in it, and
say what it changed; a query never commits. The functions are found by walking the store's
modules, so a new one fails this test until it is given a call below."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event

import alliance_desk.store
from alliance_desk.core import wall
from alliance_desk.core.business_days import SlaPolicy
from alliance_desk.core.changes import Changes, Kind
from alliance_desk.core.escalations import ResolutionKind, validate_escalation, validate_resolution
from alliance_desk.core.governance import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    BodyKind,
    MeetingDraft,
    Purpose,
)
from alliance_desk.core.habits import CheckIn
from alliance_desk.core.insights import validate_insight
from alliance_desk.core.minutes import Attendance
from alliance_desk.core.obligations import validate_obligation
from alliance_desk.core.onboarding import ItemStatus, OwnerRole, PlanStart, Template, TemplateItem
from alliance_desk.core.packs import Audience
from alliance_desk.core.people import validate_person
from alliance_desk.core.policy import Policy
from alliance_desk.core.risks import validate_decision, validate_risk
from alliance_desk.core.stakeholders import validate_interaction, validate_stakeholder
from alliance_desk.core.value import validate_kpi, validate_milestone
from alliance_desk.store import (
    alliance_counts,
    baseline,
    batch,
    calls_due,
    change_counts,
    checklists,
    committees,
    contact_log,
    counterparts,
    escalation_log,
    escalation_moves,
    escalation_totals,
    escalations,
    governance,
    habit_weeks,
    habits,
    health_checks,
    insights,
    lookup,
    meeting_calendar,
    minutes,
    obligations,
    onboarding,
    packs,
    people,
    people_import,
    policy,
    portfolio,
    register_head,
    register_lists,
    registers,
    risks,
    search,
    stakeholder_ratings,
    stakeholder_removal,
    stakeholders,
    today,
    today_tally,
    top_kept,
    value,
    value_facts,
)
from alliance_desk.store.escalation_log import LogFilter
from alliance_desk.store.models import DecisionRow
from alliance_desk.store.paging import Order
from tests.helpers import draft

# Public functions that take a store but are not one user operation.
NOT_OPERATIONS = {
    "demo.populate_demo": "writes a whole new demo portfolio through the operations themselves",
}

TODAY = wall.today()
NEW_PERSON = validate_person({"name": "Ana Lima", "side": "partner"})
DETAILS = validate_stakeholder({"roles": "JSC member", "power": 4, "interest": 2})
RISK = validate_risk(
    {"title": "Supply slips", "category": "business", "likelihood": 3, "impact": 4}
)
DECISION = validate_decision({"title": "Second CMO", "decided_on": TODAY.isoformat()})
OBLIGATION = validate_obligation(
    {"title": "Report", "party": "ours", "due_date": (TODAY + timedelta(days=40)).isoformat()}
)
INSIGHT = validate_insight({"title": "They reorganise", "noted_on": TODAY.isoformat()})
ISSUE = validate_escalation({"title": "Slot", "category": "conflict", "severity": "high"})
RESOLUTION = validate_resolution(
    {"root_cause": "Two plans", "resolution": "One plan", "kind": ResolutionKind.COMPROMISE}
)
SCORES = {"trust": (4, 3), "communication": (3, 3)}
MILESTONE = validate_milestone({"title": "First patient in", "planned_on": TODAY})
KPI = validate_kpi({"name": "Enrolment", "unit": "patients", "target": 100})


@dataclass
class World:
    """Ids of records in the demo portfolio, for the calls to work on."""

    alliance: int
    stakeholder: int
    partner: int  # a stakeholder on the partner side of the same alliance
    person: int
    outsider: int  # a person in the portfolio, not on `alliance`
    escalation: int
    risk: int
    decision: int
    obligation: int
    insight: int
    meeting: int
    body: int
    action: int
    plan: int
    item: int
    check: int
    interaction: int


def _world(store) -> World:
    alliance = next(a for a in portfolio.list_alliances(store) if a.name.startswith("HALO-7 onc"))
    placed = stakeholders.list_stakeholders(store, alliance.id)
    ours = next(s for s in placed if s.side.value == "internal")
    theirs = next(s for s in placed if s.side.value == "partner")
    on = {s.person.id for s in placed}
    outsider = next(pid for pid, _name, _side in stakeholders.people_not_on(store, alliance.id))
    meeting = next(
        m for m in governance.list_meetings(store) if m.actions and m.alliance_id == alliance.id
    )
    plan = onboarding.list_plans(store)[0]
    assert outsider not in on
    return World(
        alliance=alliance.id,
        stakeholder=ours.id,
        partner=theirs.id,
        person=ours.person.id,
        outsider=outsider,
        escalation=escalations.list_escalations(store, alliance.id)[0].id,
        risk=risks.list_risks(store, alliance.id)[0].id,
        decision=risks.list_decisions(store, alliance.id)[0].id,
        obligation=obligations.list_obligations(store, alliance.id)[0].id,
        insight=insights.list_insights(store)[0].id,
        meeting=meeting.id,
        body=next(b.id for b in committees.list_bodies(store) if b.alliance_id == alliance.id),
        action=meeting.actions[0].id,
        plan=plan.id,
        item=plan.items[0].id,
        check=health_checks.list_checks(store)[0].id,
        interaction=contact_log.interactions(store, alliance.id)[0].id,
    )


Call = Callable[[], Any]
Recipe = Callable[[Any, World], Call]  # (store, world) -> the call to count (set up first)


def _resolved(store, w: World) -> int:
    escalation_moves.resolve(store, w.escalation, RESOLUTION)
    return w.escalation


def _closed(store, w: World) -> int:
    escalation_moves.close(store, _resolved(store, w))
    return w.escalation


MEETING = MeetingDraft(0, datetime(2027, 3, 1, 14), datetime(2027, 3, 1, 16), "Basel")
TEMPLATE = Template("Mine", "A test", (TemplateItem("Call them", 0, OwnerRole.ME),))


def stakeholders_edit_person(s, w: World) -> Call:
    side = stakeholders.get_stakeholder(s, w.stakeholder).side
    return lambda: stakeholders.edit_person(
        s, w.stakeholder, replace(NEW_PERSON, side=side), DETAILS
    )


def governance_update_meeting(s, w: World) -> Call:
    body = governance.get_meeting(s, w.meeting).draft.body_id
    return lambda: governance.update_meeting(s, w.meeting, replace(MEETING, body_id=body))


def governance_set_action_status(s, w: World) -> Call:
    governance.set_action_status(s, w.action, ActionStatus.OPEN)
    return lambda: governance.set_action_status(s, w.action, ActionStatus.DONE)


RECIPES: dict[str, Recipe] = {
    # portfolio
    "portfolio.list_alliances": lambda s, w: lambda: portfolio.list_alliances(s),
    "portfolio.alliance_names": lambda s, w: lambda: portfolio.alliance_names(s),
    "change_counts.reused": lambda s, w: (
        lambda: change_counts.reused(
            s,
            "k",
            {"alliances": 1},
            {"part": ("alliances",)},
            lambda parts: dict.fromkeys(parts, 1),
        )
    ),
    "change_counts.parts_kept": lambda s, w: (
        lambda: change_counts.parts_kept(
            s, "k", {"part": ("alliances",)}, lambda seen: {"part": 1, "counters": {}}
        )
    ),
    "change_counts.moved": lambda s, w: (
        lambda: change_counts.moved(s, "k", "part", {"alliances": 2}, ("alliances",))
    ),
    "change_counts.keep": lambda s, w: (
        lambda: change_counts.keep(s, "k", "part", {"alliances": 1}, ("alliances",), 1)
    ),
    "change_counts.forget": lambda s, w: lambda: change_counts.forget(s),
    "alliance_counts.by_alliance": lambda s, w: (
        lambda: alliance_counts.by_alliance(s, "k", {"escalations": 1}, "escalations", lambda _: [])
    ),
    "alliance_counts.forget": lambda s, w: lambda: alliance_counts.forget(s),
    "alliance_counts.holds": lambda s, w: lambda: alliance_counts.holds(s, "k"),
    "today_tally.escalations_moved": lambda s, w: (
        lambda: today_tally.escalations_moved(s, None, ("k",), {"escalations": 1})  # type: ignore[arg-type]
    ),
    "today_tally.remember": lambda s, w: (
        lambda: today_tally.remember(s, None, ("k",), {"escalations": 1})  # type: ignore[arg-type]
    ),
    "today_tally.pending": lambda s, w: lambda: today_tally.pending(s),
    "today_tally.tally_ahead": lambda s, w: (lambda _read: lambda: today_tally.tally_ahead(s))(
        today.load_today(s)
    ),
    "top_kept.top_rows": lambda s, w: (
        lambda: top_kept.top_rows(s, "k", {"escalations": 1}, 3, 0.5, list, lambda *_: [])
    ),
    "top_kept.forget": lambda s, w: lambda: top_kept.forget(s),
    "portfolio.alliance_choices": lambda s, w: lambda: portfolio.alliance_choices(s),
    "portfolio.get_alliance": lambda s, w: lambda: portfolio.get_alliance(s, w.alliance),
    "portfolio.create_alliance": lambda s, w: lambda: portfolio.create_alliance(s, draft()),
    "portfolio.update_alliance": lambda s, w: (
        lambda: portfolio.update_alliance(s, w.alliance, draft(north_star="A new North Star"))
    ),
    "portfolio.delete_alliance": lambda s, w: lambda: portfolio.delete_alliance(s, w.alliance),
    "portfolio.undelete_alliance": lambda s, w: (
        portfolio.delete_alliance(s, w.alliance),
        lambda: portfolio.undelete_alliance(s, w.alliance),
    )[1],
    "portfolio.north_star_history": lambda s, w: (
        lambda: portfolio.north_star_history(s, w.alliance)
    ),
    # people
    "people.create_person": lambda s, w: lambda: people.create_person(s, NEW_PERSON),
    "people.add_to_alliance": lambda s, w: (
        lambda: people.add_to_alliance(s, w.alliance, w.outsider, "JSC")
    ),
    "people.people_on_alliance": lambda s, w: lambda: people.people_on_alliance(s, w.alliance),
    "people.people_counts": lambda s, w: lambda: people.people_counts(s),
    # stakeholders
    "calls_due.calls_due": lambda s, w: lambda: calls_due.calls_due(s, TODAY),
    "stakeholders.list_stakeholders": lambda s, w: (
        lambda: stakeholders.list_stakeholders(s, w.alliance)
    ),
    "stakeholders.with_current_details": lambda s, w: (
        lambda: stakeholders.with_current_details(s, stakeholders.list_stakeholders(s, w.alliance))
    ),
    "stakeholders.people_choices": lambda s, w: lambda: stakeholders.people_choices(s, w.alliance),
    "stakeholders.get_stakeholder": lambda s, w: (
        lambda: stakeholders.get_stakeholder(s, w.stakeholder)
    ),
    "stakeholder_ratings.rating_history": lambda s, w: (
        lambda: stakeholder_ratings.rating_history(s, w.stakeholder)
    ),
    "stakeholders.people_not_on": lambda s, w: lambda: stakeholders.people_not_on(s, w.alliance),
    "stakeholders.add_new_person": lambda s, w: (
        lambda: stakeholders.add_new_person(s, w.alliance, NEW_PERSON, DETAILS)
    ),
    "stakeholders.add_existing_person": lambda s, w: (
        lambda: stakeholders.add_existing_person(s, w.alliance, w.outsider, DETAILS)
    ),
    "stakeholders.update_details": lambda s, w: (
        lambda: stakeholders.update_details(s, w.stakeholder, DETAILS)
    ),
    "stakeholders.edit_person": stakeholders_edit_person,
    "stakeholder_ratings.rate": lambda s, w: (
        lambda: stakeholder_ratings.rate(s, w.stakeholder, 5, 1)
    ),
    "stakeholder_ratings.unrate": lambda s, w: (
        lambda rating: lambda: stakeholder_ratings.unrate(s, rating)
    )(stakeholder_ratings.rate(s, w.stakeholder, 5, 1)),
    "stakeholder_removal.remove_from_alliance": lambda s, w: (
        lambda: stakeholder_removal.remove_from_alliance(s, w.stakeholder)
    ),
    "stakeholder_removal.remove_many": lambda s, w: (
        lambda: stakeholder_removal.remove_many(s, [w.stakeholder, w.partner])
    ),
    "stakeholder_removal.restore_to_alliance": lambda s, w: (
        lambda removed: lambda: stakeholder_removal.restore_to_alliance(s, removed)
    )(stakeholder_removal.remove_from_alliance(s, w.stakeholder)),
    "stakeholder_removal.restore_many": lambda s, w: (
        lambda removed: lambda: stakeholder_removal.restore_many(s, removed)
    )(stakeholder_removal.remove_many(s, [w.stakeholder, w.partner])),
    "counterparts.pair": lambda s, w: (
        counterparts.unpair(s, w.stakeholder, w.partner),
        lambda: counterparts.pair(s, w.stakeholder, w.partner),
    )[1],
    "counterparts.unpair": lambda s, w: (
        counterparts.pair(s, w.stakeholder, w.partner),
        lambda: counterparts.unpair(s, w.stakeholder, w.partner),
    )[1],
    "contact_log.log_interaction": lambda s, w: (
        lambda: contact_log.log_interaction(
            s,
            w.alliance,
            validate_interaction(
                {"occurred_on": TODAY, "kind": "call", "sentiment": 1, "person_ids": [w.person]}
            ),
        )
    ),
    "contact_log.delete_interaction": lambda s, w: (
        lambda: contact_log.delete_interaction(s, w.interaction)
    ),
    "contact_log.interactions": lambda s, w: lambda: contact_log.interactions(s, w.alliance),
    "people_import.existing_keys": lambda s, w: lambda: people_import.existing_keys(s, w.alliance),
    "people_import.import_people": lambda s, w: (
        lambda: people_import.import_people(
            s, w.alliance, [(NEW_PERSON, DETAILS), (replace(NEW_PERSON, name="Bo Li"), DETAILS)]
        )
    ),
    # escalations
    "escalations.list_escalations": lambda s, w: lambda: escalations.list_escalations(s),
    "escalations.sla_clocks": lambda s, w: lambda: escalations.sla_clocks(s),
    "escalations.get_escalation": lambda s, w: lambda: escalations.get_escalation(s, w.escalation),
    "escalations.history": lambda s, w: lambda: escalations.history(s, w.escalation),
    "escalations.recent_history": lambda s, w: (
        lambda: escalations.recent_history(s, w.escalation, 50)
    ),
    "register_lists.risk_page": lambda s, w: (
        lambda: register_lists.risk_page(s, None, Order("score", True), until=w.risk)
    ),
    "register_head.risk_cells": lambda s, w: lambda: register_head.risk_cells(s, w.alliance),
    "register_head.register_head": lambda s, w: lambda: register_head.register_head(s, names=True),
    "register_lists.decision_page": lambda s, w: (
        lambda: register_lists.decision_page(
            s, w.alliance, Order("decided", True), stalled=(TODAY, 0), until=w.decision
        )
    ),
    "register_lists.stalled_count": lambda s, w: (
        lambda: register_lists.stalled_count(s, None, TODAY, 60)
    ),
    "escalation_log.log_page": lambda s, w: (
        lambda: escalation_log.log_page(
            s, LogFilter(), Order("sla"), today=TODAY, policy=SlaPolicy(), until=w.escalation
        )
    ),
    "escalation_log.log_count": lambda s, w: (
        lambda: escalation_log.log_count(s, LogFilter(), today=TODAY, policy=SlaPolicy())
    ),
    "escalation_totals.log_totals": lambda s, w: (
        lambda: escalation_totals.log_totals(s, w.alliance, today=TODAY, policy=SlaPolicy())
    ),
    "escalations.raise_escalation": lambda s, w: (
        lambda: escalations.raise_escalation(s, w.alliance, ISSUE, 1)
    ),
    "escalations.delete_escalation": lambda s, w: (
        lambda: escalations.delete_escalation(s, w.escalation)
    ),
    "escalations.update_escalation": lambda s, w: (
        lambda: escalations.update_escalation(s, w.escalation, ISSUE)
    ),
    "escalation_moves.state": lambda s, w: lambda: escalation_moves.state(s, w.escalation),
    "escalation_moves.change_level": lambda s, w: (
        lambda: escalation_moves.change_level(s, w.escalation, 3, "Stuck for weeks")
    ),
    "escalation_moves.add_note": lambda s, w: (
        lambda: escalation_moves.add_note(s, w.escalation, "Called")
    ),
    "escalation_moves.resolve": lambda s, w: (
        lambda: escalation_moves.resolve(s, w.escalation, RESOLUTION)
    ),
    "escalation_moves.close": lambda s, w: (lambda issue: lambda: escalation_moves.close(s, issue))(
        _resolved(s, w)
    ),
    "escalation_moves.reopen": lambda s, w: (
        lambda issue: lambda: escalation_moves.reopen(s, issue, "It came back")
    )(_closed(s, w)),
    "escalation_moves.undo_to": lambda s, w: (
        lambda before: lambda: escalation_moves.undo_to(s, w.escalation, before, "Undo resolve")
    )(escalation_moves.resolve(s, w.escalation, RESOLUTION)),
    # risks, decisions, obligations, insights
    "risks.list_risks": lambda s, w: lambda: risks.list_risks(s),
    "risks.reviews_due": lambda s, w: lambda: risks.reviews_due(s, TODAY),
    "risks.add_risk": lambda s, w: lambda: risks.add_risk(s, w.alliance, RISK),
    "risks.update_risk": lambda s, w: (
        lambda: risks.update_risk(s, w.risk, replace(RISK, likelihood=5))
    ),
    "risks.unrate_risk": lambda s, w: (lambda rating: lambda: risks.unrate_risk(s, rating))(
        risks.update_risk(s, w.risk, replace(RISK, impact=1))
    ),
    "risks.remove_risk": lambda s, w: lambda: risks.remove_risk(s, w.risk),
    "risks.restore_risk": lambda s, w: (lambda kept: lambda: risks.restore_risk(s, kept))(
        risks.remove_risk(s, w.risk)
    ),
    "risks.list_decisions": lambda s, w: lambda: risks.list_decisions(s),
    "risks.add_decision": lambda s, w: lambda: risks.add_decision(s, w.alliance, DECISION),
    "risks.update_decision": lambda s, w: lambda: risks.update_decision(s, w.decision, DECISION),
    "risks.remove_decision": lambda s, w: lambda: risks.remove_decision(s, w.decision),
    "risks.restore_decision": lambda s, w: (lambda kept: lambda: risks.restore_decision(s, kept))(
        risks.remove_decision(s, w.decision)
    ),
    "obligations.list_obligations": lambda s, w: lambda: obligations.list_obligations(s),
    "obligations.add_obligation": lambda s, w: (
        lambda: obligations.add_obligation(s, w.alliance, OBLIGATION)
    ),
    "obligations.update_obligation": lambda s, w: (
        lambda: obligations.update_obligation(s, w.obligation, OBLIGATION)
    ),
    "obligations.remove_obligation": lambda s, w: (
        lambda: obligations.remove_obligation(s, w.obligation)
    ),
    "obligations.restore_obligation": lambda s, w: (
        lambda kept: lambda: obligations.restore_obligation(s, kept)
    )(obligations.remove_obligation(s, w.obligation)),
    "insights.list_insights": lambda s, w: lambda: insights.list_insights(s),
    "insights.add_insight": lambda s, w: lambda: insights.add_insight(s, w.alliance, INSIGHT),
    "insights.update_insight": lambda s, w: lambda: insights.update_insight(s, w.insight, INSIGHT),
    "insights.remove_insight": lambda s, w: lambda: insights.remove_insight(s, w.insight),
    "insights.restore_insight": lambda s, w: (
        lambda kept: lambda: insights.restore_insight(s, kept)
    )(insights.remove_insight(s, w.insight)),
    # governance
    "committees.list_bodies": lambda s, w: lambda: committees.list_bodies(s),
    "committees.create_body": lambda s, w: (
        lambda: committees.create_body(s, w.alliance, "JSC", BodyKind.JSC)
    ),
    "committees.set_members": lambda s, w: (
        lambda: committees.set_members(s, w.body, [w.stakeholder])
    ),
    "committees.delete_body": lambda s, w: lambda: committees.delete_body(s, w.body),
    "governance.list_meetings": lambda s, w: lambda: governance.list_meetings(s),
    "governance.coming_meetings": lambda s, w: lambda: governance.coming_meetings(s, wall.now()),
    "governance.late_actions": lambda s, w: lambda: governance.late_actions(s, TODAY),
    "governance.get_meeting": lambda s, w: lambda: governance.get_meeting(s, w.meeting),
    "governance.previous_meeting": lambda s, w: (
        lambda: governance.previous_meeting(s, w.body, datetime(2100, 1, 1))
    ),
    "governance.create_meeting": lambda s, w: (
        lambda: governance.create_meeting(
            s,
            replace(MEETING, body_id=w.body),
            [AgendaItem("Supply", Purpose.DECISION, 30)],
            [w.person],
            [ActionItem("Send it", w.person, TODAY, ActionStatus.OPEN)],
        )
    ),
    "governance.update_meeting": governance_update_meeting,
    "governance.set_agenda": lambda s, w: (
        lambda: governance.set_agenda(
            s, w.meeting, [AgendaItem("Only this", Purpose.INFORMATION, 5)]
        )
    ),
    "governance.set_attendees": lambda s, w: (
        lambda: governance.set_attendees(s, w.meeting, [w.person])
    ),
    "governance.delete_meeting": lambda s, w: lambda: governance.delete_meeting(s, w.meeting),
    "governance.add_action": lambda s, w: (
        lambda: governance.add_action(
            s, w.meeting, ActionItem("Call back", w.person, TODAY, ActionStatus.OPEN)
        )
    ),
    "governance.set_action_status": governance_set_action_status,
    "governance.delete_action": lambda s, w: lambda: governance.delete_action(s, w.action),
    "governance.record_decision": lambda s, w: (
        lambda: governance.record_decision(s, w.meeting, DECISION)
    ),
    "meeting_calendar.meeting_to_ics": lambda s, w: (
        lambda: meeting_calendar.meeting_to_ics(s, governance.get_meeting(s, w.meeting))
    ),
    "minutes.meeting_record": lambda s, w: lambda: minutes.meeting_record(s, w.meeting),
    "minutes.set_attendance": lambda s, w: (
        lambda person: lambda: minutes.set_attendance(s, w.meeting, person, Attendance.REMOTE)
    )(governance.get_meeting(s, w.meeting).attendee_ids[0]),
    "minutes.set_item_minutes": lambda s, w: (
        lambda item: lambda: minutes.set_item_minutes(s, w.meeting, item, "Agreed")
    )(governance.get_meeting(s, w.meeting).agenda[0].id),
    "minutes.set_committee_rules": lambda s, w: (
        lambda: minutes.set_committee_rules(s, w.body, quorum=(1, 1), recurrence="FREQ=YEARLY")
    ),
    "minutes.add_carry_over": lambda s, w: lambda: minutes.add_carry_over(s, w.meeting),
    "minutes.review_action": lambda s, w: (
        lambda: minutes.review_action(s, w.meeting, w.action, ActionStatus.DONE)
    ),
    "minutes.approve_minutes": lambda s, w: lambda: minutes.approve_minutes(s, w.meeting, "JSC"),
    "minutes.amend_minutes": lambda s, w: (
        minutes.approve_minutes(s, w.meeting),
        lambda: minutes.amend_minutes(s, w.meeting, "Budget", "Corrected"),
    )[1],
    "minutes.minutes_document": lambda s, w: (
        lambda: minutes.minutes_document(s, w.meeting, Audience.INTERNAL)
    ),
    "minutes.invitation": lambda s, w: (
        lambda: minutes.invitation(s, w.meeting, series="FREQ=MONTHLY")
    ),
    "health_checks.list_checks": lambda s, w: lambda: health_checks.list_checks(s),
    "health_checks.add_check": lambda s, w: (
        lambda: health_checks.add_check(s, w.alliance, TODAY, SCORES, "Fine")
    ),
    "health_checks.delete_check": lambda s, w: lambda: health_checks.delete_check(s, w.check),
    # onboarding
    "checklists.list_templates": lambda s, w: lambda: checklists.list_templates(s),
    "checklists.save_template": lambda s, w: lambda: checklists.save_template(s, TEMPLATE),
    "checklists.delete_template": lambda s, w: (
        lambda made: lambda: checklists.delete_template(s, made)
    )(checklists.save_template(s, TEMPLATE)),
    "onboarding.start_plan": lambda s, w: (
        lambda: onboarding.start_plan(
            s, PlanStart(w.alliance, w.stakeholder, "Auditor", TODAY), TEMPLATE
        )
    ),
    "onboarding.delete_plan": lambda s, w: lambda: onboarding.delete_plan(s, w.plan),
    "onboarding.list_plans": lambda s, w: lambda: onboarding.list_plans(s),
    "onboarding.get_plan": lambda s, w: lambda: onboarding.get_plan(s, w.plan),
    "onboarding.set_item_status": lambda s, w: (
        lambda: onboarding.set_item_status(s, w.item, ItemStatus.NOT_APPLICABLE)
    ),
    "onboarding.restore_item_state": lambda s, w: (
        lambda before: lambda: onboarding.restore_item_state(s, w.item, before)
    )(onboarding.set_item_status(s, w.item, ItemStatus.DONE)),
    "onboarding.add_item": lambda s, w: lambda: onboarding.add_item(s, w.plan, "Lunch", TODAY),
    "onboarding.delete_item": lambda s, w: lambda: onboarding.delete_item(s, w.item),
    "onboarding.set_start_date": lambda s, w: (
        lambda: onboarding.set_start_date(s, w.plan, TODAY + timedelta(days=9))
    ),
    "onboarding.set_note": lambda s, w: lambda: onboarding.set_note(s, w.plan, "Going well"),
    "onboarding.status_by_stakeholder": lambda s, w: (
        lambda: onboarding.status_by_stakeholder(s, w.alliance)
    ),
    "onboarding.items_due": lambda s, w: lambda: onboarding.items_due(s),
    "onboarding.remove_plan": lambda s, w: lambda: onboarding.remove_plan(s, w.plan),
    "onboarding.restore_plan": lambda s, w: (
        lambda snapshot: lambda: onboarding.restore_plan(s, snapshot)
    )(onboarding.remove_plan(s, w.plan)),
    # habits
    "habits.habits": lambda s, w: lambda: habits.habits(s),
    "habits.set_target": lambda s, w: lambda: habits.set_target(s, "engage", 4),
    "habits.checkins": lambda s, w: lambda: habits.checkins(s, TODAY - timedelta(days=30), TODAY),
    "habits.add_checkin": lambda s, w: lambda: habits.add_checkin(s, CheckIn("bridge", TODAY)),
    "habits.delete_checkin": lambda s, w: (lambda made: lambda: habits.delete_checkin(s, made))(
        habits.add_checkin(s, CheckIn("bridge", TODAY))
    ),
    "habits.dismiss_credit": lambda s, w: (
        lambda: habits.dismiss_credit(s, "interaction", w.interaction)
    ),
    "habits.restore_credit": lambda s, w: (
        habits.dismiss_credit(s, "interaction", w.interaction),
        lambda: habits.restore_credit(s, "interaction", w.interaction),
    )[1],
    "habits.review": lambda s, w: lambda: habits.review(s, TODAY),
    "habits.reviews": lambda s, w: lambda: habits.reviews(s),
    "habits.week_facts": lambda s, w: (
        lambda: habits.week_facts(s, TODAY - timedelta(days=TODAY.weekday()))
    ),
    "habits.delete_review": lambda s, w: (
        habits.save_review(s, TODAY, "a", "b", "c"),
        lambda: habits.delete_review(s, TODAY),
    )[1],
    "habits.save_review": lambda s, w: lambda: habits.save_review(s, TODAY, "a", "b", "c"),
    "search.search": lambda s, w: lambda: search.search(s, "kestrel"),
    "habits.checkins_csv": lambda s, w: (
        lambda: habits.checkins_csv(s, TODAY - timedelta(days=30), TODAY)
    ),
    # packs
    "packs.governance_inputs": lambda s, w: (
        lambda: packs.governance_inputs(s, w.alliance, w.meeting, Audience.INTERNAL)
    ),
    "packs.briefing_inputs": lambda s, w: (
        lambda: packs.briefing_inputs(s, w.alliance, Audience.INTERNAL)
    ),
    "packs.meeting_of": lambda s, w: (
        lambda: packs.meeting_of(s, portfolio.get_alliance(s, w.alliance), w.meeting)
    ),
    "packs.withheld_from_partner": lambda s, w: (
        lambda: packs.withheld_from_partner(s, w.alliance, w.meeting)
    ),
    "packs.portfolio_inputs": lambda s, w: (
        lambda: packs.portfolio_inputs(s, TODAY - timedelta(days=90), TODAY)
    ),
    "packs.record_export": lambda s, w: (
        lambda: packs.record_export(s, "governance", w.alliance, Audience.INTERNAL, "jsc.pdf")
    ),
    # policy
    "policy.load_policy": lambda s, w: lambda: policy.load_policy(s),
    "policy.stored_settings": lambda s, w: lambda: policy.stored_settings(s),
    "policy.update_policy": lambda s, w: (
        lambda: policy.update_policy(
            s, Policy(), replace(Policy(), week_start=6, sla_days=(1, 2, 3, 4))
        )
    ),
    "policy.set_setting": lambda s, w: lambda: policy.set_setting(s, "holidays", "2026-12-25"),
    "policy.adopt_settings": lambda s, w: lambda: policy.adopt_settings(s, {"week-start": "6"}),
    # today
    "today.today_inputs": lambda s, w: lambda: today.today_inputs(s, Policy(), TODAY, wall.now()),
    "today.load_today": lambda s, w: lambda: today.load_today(s),
    "batch.run": lambda s, w: lambda: batch.run(s, portfolio.alliances_query()),
    "lookup.named_records": lambda s, w: lambda: lookup.named_records(s),
    "today.snoozes": lambda s, w: lambda: today.snoozes(s, TODAY),
    "today.snooze": lambda s, w: lambda: today.snooze(s, "call:1", TODAY + timedelta(days=2)),
    # registers (the plain operations a register needs no more than)
    "registers.add": lambda s, w: (
        lambda: registers.add(s, DecisionRow, w.alliance, {"title": "Plain", "decided_on": TODAY})
    ),
    "registers.change": lambda s, w: (
        lambda: registers.change(s, DecisionRow, w.decision, {"title": "Changed plainly"})
    ),
    "registers.delete": lambda s, w: lambda: registers.delete(s, DecisionRow, w.decision),
    "registers.put_back": lambda s, w: (
        lambda kept: lambda: registers.put_back(s, DecisionRow, kept)
    )(registers.delete(s, DecisionRow, w.decision)),
    # value: milestones and KPIs
    "value.list_milestones": lambda s, w: lambda: value.list_milestones(s),
    "value.add_milestone": lambda s, w: lambda: value.add_milestone(s, w.alliance, MILESTONE),
    "value.update_milestone": lambda s, w: (
        lambda made: lambda: value.update_milestone(s, made, replace(MILESTONE, value=9.0))
    )(value.add_milestone(s, w.alliance, MILESTONE)),
    "value.remove_milestone": lambda s, w: (lambda made: lambda: value.remove_milestone(s, made))(
        value.add_milestone(s, w.alliance, MILESTONE)
    ),
    "value.restore_milestone": lambda s, w: (lambda kept: lambda: value.restore_milestone(s, kept))(
        value.remove_milestone(s, value.add_milestone(s, w.alliance, MILESTONE))
    ),
    "value.list_kpis": lambda s, w: lambda: value.list_kpis(s),
    "value.add_kpi": lambda s, w: lambda: value.add_kpi(s, w.alliance, KPI),
    "value.update_kpi": lambda s, w: (
        lambda made: lambda: value.update_kpi(s, made, replace(KPI, target=9.0))
    )(value.add_kpi(s, w.alliance, KPI)),
    "value.remove_kpi": lambda s, w: (lambda made: lambda: value.remove_kpi(s, made))(
        value.add_kpi(s, w.alliance, KPI)
    ),
    "value.restore_kpi": lambda s, w: (lambda kept: lambda: value.restore_kpi(s, kept))(
        value.remove_kpi(s, value.add_kpi(s, w.alliance, KPI))
    ),
    "value.record_actual": lambda s, w: (
        lambda made: lambda: value.record_actual(s, made, TODAY, 40.0)
    )(value.add_kpi(s, w.alliance, KPI)),
    "value.remove_actual": lambda s, w: (
        lambda made: (
            value.record_actual(s, made, TODAY, 40.0),
            lambda: value.remove_actual(s, made, TODAY),
        )[1]
    )(value.add_kpi(s, w.alliance, KPI)),
    "value.rhythm_facts": lambda s, w: lambda: value.rhythm_facts(s, wall.now()),
    "habit_weeks.habit_year": lambda s, w: (
        lambda: habit_weeks.habit_year(s, TODAY - timedelta(weeks=51), TODAY)
    ),
    "habit_weeks.checkins_page": lambda s, w: (
        lambda: habit_weeks.checkins_page(s, TODAY - timedelta(days=6), TODAY)
    ),
    "value_facts.value_picture": lambda s, w: (
        lambda: value_facts.value_picture(s, Policy(), TODAY, wall.now())
    ),
    "value_facts.facts": lambda s, w: lambda: value_facts.facts(s, Policy(), TODAY),
    "value_facts.open_questions": lambda s, w: lambda: value_facts.open_questions(s, None, TODAY),
    "value_facts.open_questions_page": lambda s, w: (
        lambda: value_facts.open_questions_page(s, w.alliance, TODAY)
    ),
    # practice baselines
    "baseline.list_baselines": lambda s, w: lambda: baseline.list_baselines(s),
    "baseline.take_baseline": lambda s, w: (
        lambda: baseline.take_baseline(s, TODAY, {next(iter(baseline.model().questions)): 4})
    ),
    "baseline.remove_baseline": lambda s, w: (
        lambda made: lambda: baseline.remove_baseline(s, made)
    )(baseline.take_baseline(s, TODAY, {next(iter(baseline.model().questions)): 4})),
    "baseline.restore_baseline": lambda s, w: (
        lambda kept: lambda: baseline.restore_baseline(s, kept)
    )(
        baseline.remove_baseline(
            s, baseline.take_baseline(s, TODAY, {next(iter(baseline.model().questions)): 4})
        )
    ),
    # transfer
    "transfer.record_counts": lambda s, w: (
        lambda: importlib.import_module("alliance_desk.store.transfer").record_counts(s)
    ),
}


def public_store_functions() -> list[str]:
    """'module.function' for every public function of the store that takes the store first."""
    found = []
    for info in pkgutil.iter_modules(alliance_desk.store.__path__):
        module = importlib.import_module(f"alliance_desk.store.{info.name}")
        for name, function in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(function):
                continue
            if function.__module__ != module.__name__:
                continue
            parameters = list(inspect.signature(function).parameters)
            if parameters and parameters[0] == "store":
                found.append(f"{info.name}.{name}")
    return sorted(found)


OPERATIONS = [name for name in public_store_functions() if name not in NOT_OPERATIONS]


def test_every_public_store_function_has_a_call_here() -> None:
    """A store function added without a call below would escape the one-transaction rule."""
    assert sorted(set(OPERATIONS) - set(RECIPES)) == []
    assert sorted(set(RECIPES) - set(OPERATIONS)) == []


@pytest.mark.parametrize("name", OPERATIONS)
def test_a_store_function_commits_at_most_once_and_says_what_it_wrote(
    demo_store, name: str
) -> None:
    """Transactions and commits are counted at the engine while the function runs."""
    if name not in RECIPES:
        pytest.fail(f"{name} has no call in RECIPES")
    store = demo_store
    call = RECIPES[name](store, _world(store))
    begun, committed, told = [], [], []
    listeners = {"begin": begun.append, "commit": committed.append}
    for kind, listener in listeners.items():
        event.listen(store.engine, kind, listener)
    stop = store.on_change(told.append)
    try:
        call()
    finally:
        stop()
        for kind, listener in listeners.items():
            event.remove(store.engine, kind, listener)
    module, function = name.split(".")
    retried = getattr(
        getattr(importlib.import_module(f"alliance_desk.store.{module}"), function),
        "retried",
        False,
    )
    if committed:  # a write: all of it in one transaction, reported once, retried once
        assert (len(begun), len(committed)) == (1, 1), f"{name}: {len(committed)} commits"
        assert len(told) == 1 and told[0], f"{name} did not say what it changed"
        assert retried, f"{name} writes but is not @retried (store/retry.py)"
    else:  # a query
        assert told == []
        assert not retried, f"{name} writes nothing, so it needs no retry"


def test_what_a_write_reports_names_the_records_it_touched(demo_store) -> None:
    """The change set names kinds and ids, including parts deleted with their record."""
    store = demo_store
    w = _world(store)
    told: list[Changes] = []
    store.on_change(told.append)
    stakeholder_ratings.rate(store, w.stakeholder, 5, 1)
    escalations.delete_escalation(store, w.escalation)
    onboarding.remove_plan(store, w.plan)
    governance.delete_meeting(store, w.meeting)
    rate, issue, plan, meeting = told
    assert rate.ids == {Kind.STAKEHOLDER: {w.stakeholder}, Kind.RATING: {w.stakeholder}}
    assert issue.ids == {Kind.ESCALATION: {w.escalation}}
    assert plan.ids == {Kind.PLAN: {w.plan}}
    # Decisions taken in it lose their link, and so do actions of earlier meetings it
    # reviewed (their meetings change too): which ones is not known, so all are re-read.
    assert meeting.ids == {Kind.MEETING: None, Kind.DECISION: None}


def test_a_failed_write_reports_nothing(demo_store) -> None:
    """A refused operation writes nothing, so there is nothing to refresh."""
    from alliance_desk.store.errors import ConflictError

    store = demo_store
    w = _world(store)
    told: list[Changes] = []
    store.on_change(told.append)
    with pytest.raises(ConflictError):
        risks.update_risk(store, w.risk, RISK, expected_version=-1)
    assert told == []


def test_every_table_is_a_kind_of_record() -> None:
    """A new table must say which kind of record its rows belong to, or views miss it."""
    from alliance_desk.store.changes import TRACKED
    from alliance_desk.store.models import Base

    assert sorted(set(Base.metadata.tables) - set(TRACKED)) == []
