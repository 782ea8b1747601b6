"""A portfolio holding every kind of record, in every sharing state, on two alliances — then a
distinct marker written into every text column of every row, straight into the tables.

The columns come from the models themselves, so a text column added later is filled (and so
tested) without anyone touching this file; only columns that hold a choice or a checked format
rather than free text are left alone, each with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import String, Text, select, update

from alliance_desk.core.escalations import validate_escalation, validate_resolution
from alliance_desk.core.governance import ActionItem, AgendaItem, BodyKind, MeetingDraft, Purpose
from alliance_desk.core.habits import CheckIn
from alliance_desk.core.insights import validate_insight
from alliance_desk.core.minutes import Attendance
from alliance_desk.core.obligations import validate_obligation
from alliance_desk.core.onboarding import PlanStart
from alliance_desk.core.people import validate_person
from alliance_desk.core.portfolio import validate_alliance
from alliance_desk.core.risks import validate_decision, validate_risk
from alliance_desk.core.stakeholders import validate_interaction, validate_stakeholder
from alliance_desk.core.value import validate_kpi, validate_milestone
from alliance_desk.store import (
    checklists,
    committees,
    contact_log,
    counterparts,
    escalation_moves,
    escalations,
    governance,
    habits,
    health_checks,
    insights,
    minutes,
    obligations,
    onboarding,
    risks,
    stakeholders,
    value,
)
from alliance_desk.store import portfolio as portfolio_store
from alliance_desk.store.models import Base

# Text columns that hold a choice from a list or a checked format, not free text: a marker
# there would not be a value the app can read. Everything else gets a marker.
NOT_FREE_TEXT = {
    "alembic_version.version_num": "the schema revision",
    "alliances.alliance_type": "a choice",
    "alliances.phase": "a choice",
    "people.side": "a choice",
    "stakeholders.stance": "a choice",
    "stakeholders.channel": "a choice",
    "stakeholders.cadence": "a choice",
    "interactions.kind": "a choice",
    "escalations.category": "a choice",
    "escalations.severity": "a choice",
    "escalations.status": "a choice",
    "escalations.resolution_kind": "a choice",
    "escalation_events.kind": "a choice",
    "risks.category": "a choice",
    "risks.status": "a choice",
    "decisions.status": "a choice",
    "obligations.party": "a choice",
    "obligations.status": "a choice",
    "governance_bodies.kind": "a choice",
    "governance_bodies.recurrence": "a recurrence rule (RRULE), not free text",
    "meetings.format": "a choice",
    "meeting_attendees.attendance": "a choice",
    "action_items.side": "a choice",
    "meetings.time_zone": "a checked IANA zone name",
    "agenda_items.purpose": "a choice",
    "action_items.status": "a choice",
    "onboarding_items.owner": "a choice",
    "onboarding_items.status": "a choice",
    "onboarding_template_items.owner": "a choice",
    "health_scores.dimension": "a dimension key",
    "habit_checkins.habit": "a habit key",
    "habit_targets.habit": "a habit key",
    "habit_dismissed_credits.kind": "a record kind",
    "pack_exports.kind": "a choice",
    "pack_exports.audience": "a choice",
    "milestones.status": "a choice",
    "milestones.party": "a choice",
    "kpis.direction": "a choice",
    "baseline_answers.question": "a question key",
}


@dataclass
class Alliance:
    """One alliance's ids, and which rows of each table its partner pack may show."""

    id: int
    next_meeting: int = 0
    shared: dict[str, set[int]] = field(default_factory=dict)

    def share(self, table: str, row_id: int) -> None:
        self.shared.setdefault(table, set()).add(row_id)


@dataclass(frozen=True)
class Marker:
    table: str
    column: str
    row_id: int


def _person(store, alliance: Alliance, name, side, *, shared=True, person_flag=False, **details):
    sid = stakeholders.add_new_person(
        store,
        alliance.id,
        validate_person({"name": name, "side": side, "internal_only": person_flag}),
        validate_stakeholder({"roles": "JSC member", "internal_only": not shared, **details}),
    )
    person_id = stakeholders.get_stakeholder(store, sid).person.id
    if shared and not person_flag:
        alliance.share("people", person_id)
        alliance.share("stakeholders", sid)
    return sid, person_id


def _escalation(store, alliance: Alliance, level: int, *, shared: bool, **values) -> int:
    draft = validate_escalation({"title": "t", "category": "conflict", **values})
    escalation_id = escalations.raise_escalation(store, alliance.id, draft)
    for step in range(1, level + 1):
        escalation_moves.change_level(store, escalation_id, step, "reason")
    escalation_moves.add_note(store, escalation_id, "note")
    if shared:
        alliance.share("escalations", escalation_id)
    return escalation_id


def build_alliance(store, tag: str, today: date) -> Alliance:
    """An alliance with a record of every kind, shared and not, in states every pack prints."""
    made = portfolio_store.create_alliance(
        store, validate_alliance({"name": tag, "partner": tag, "north_star": tag})
    )
    alliance = Alliance(made.id)
    alliance.share("alliances", made.id)
    ours, ours_pid = _person(store, alliance, "ours", "internal")
    theirs, theirs_pid = _person(store, alliance, "theirs", "partner", notes="n")
    hidden, hidden_pid = _person(store, alliance, "hidden", "partner", shared=False)
    _, private_pid = _person(store, alliance, "private", "internal", person_flag=True)
    counterparts.pair(store, ours, theirs)
    contact_log.log_interaction(
        store,
        alliance.id,
        validate_interaction(
            {"occurred_on": today, "note": "n", "person_ids": [ours_pid, theirs_pid]}
        ),
    )
    for flag in (False, True):
        insights.add_insight(
            store,
            alliance.id,
            validate_insight(
                {
                    "title": "t",
                    "noted_on": today,
                    "source": "s",
                    "detail": "d",
                    "internal_only": flag,
                }
            ),
        )
    people = {"owner_id": ours_pid, "counterpart_id": hidden_pid, "raised_by_id": private_pid}
    _escalation(store, alliance, 0, shared=False, **people)  # working team only
    _escalation(store, alliance, 1, shared=True, **people, delay_days=9, value_at_stake=3)
    _escalation(store, alliance, 0, shared=True, shared_with_partner=True)
    _escalation(store, alliance, 2, shared=False, shared_with_partner=False)
    _escalation(store, alliance, 1, shared=False, internal_only=True)
    closed = _escalation(store, alliance, 1, shared=False)
    resolution = validate_resolution({"root_cause": "r", "resolution": "r", "kind": "compromise"})
    escalation_moves.resolve(store, closed, resolution)
    for joint, flag in ((True, False), (False, False), (True, True)):
        risk_id = risks.add_risk(
            store,
            alliance.id,
            validate_risk(
                {
                    "title": "t",
                    "category": "legal",
                    "likelihood": 4,
                    "impact": 4,
                    "owner_id": private_pid,
                    "mitigation": "m",
                    "joint": joint,
                    "internal_only": flag,
                }
            ),
        )
        if joint and not flag:
            alliance.share("risks", risk_id)
    body = committees.create_body(store, alliance.id, "b", BodyKind.JSC, [ours, theirs, hidden])
    alliance.share("governance_bodies", body)
    before = datetime.combine(today - timedelta(days=20), time(10))
    previous = governance.create_meeting(
        store, MeetingDraft(body, before, before + timedelta(hours=2), "l", "Asia/Tokyo")
    )
    for owner in (theirs_pid, hidden_pid):
        action = governance.add_action(
            store, previous, ActionItem("a", owner, today - timedelta(days=2))
        )
        alliance.share("action_items", action)
    after = datetime.combine(today + timedelta(days=10), time(15))
    alliance.next_meeting = governance.create_meeting(
        store,
        MeetingDraft(body, after, after + timedelta(hours=2), "l", "America/New_York"),
        [
            AgendaItem("a", Purpose.DECISION, 30, theirs_pid, "prep notes"),
            AgendaItem("a", Purpose.DISCUSSION, 20, private_pid, "prep notes"),
        ],
        [ours_pid, hidden_pid],
    )
    for meeting in (previous, alliance.next_meeting):
        alliance.share("meetings", meeting)
    _run_meeting(store, alliance, {ours_pid, theirs_pid})
    decisions = (
        ({"forum": "JSC"}, True),
        ({"forum": "Portfolio board"}, False),
        ({"forum": "ExCo", "shared_with_partner": True}, True),
        ({"forum": "JSC", "shared_with_partner": False}, False),
        ({"forum": "JSC", "internal_only": True}, False),
    )
    # Open questions (raised, not decided yet), in the same sharing states.
    asked = {"decided_on": None, "raised_on": today - timedelta(days=50)}
    decisions += (
        ({"forum": "JSC", **asked}, True),
        ({"forum": "Portfolio board", **asked}, False),
        ({"forum": "JSC", "internal_only": True, **asked}, False),
    )
    for values, joint in decisions:
        draft = validate_decision(
            {"title": "t", "decided_on": today - timedelta(days=100), "makers": "m"} | values
        )
        decision_id = risks.add_decision(store, alliance.id, draft)
        if joint:
            alliance.share("decisions", decision_id)
    in_meeting = governance.record_decision(
        store, previous, validate_decision({"title": "t", "decided_on": today})
    )
    alliance.share("decisions", in_meeting)
    for flag in (False, True):
        obligation_id = obligations.add_obligation(
            store,
            alliance.id,
            validate_obligation(
                {"title": "t", "party": "joint", "due_date": today + timedelta(days=10)}
                | {"internal_only": flag}
            ),
        )
        if not flag:
            alliance.share("obligations", obligation_id)
    scores = {key: (4, 3) for key in ("trust", "communication", "decisions", "value")}
    health_checks.add_check(store, alliance.id, today, scores | {"governance": (3, 3)}, "note")
    templates, _ = checklists.load_builtin_templates()
    onboarding.start_plan(store, PlanStart(alliance.id, theirs, "JSC member", today), templates[0])
    habits.add_checkin(store, CheckIn("engage", today, "note", 10, alliance.id))
    for shared in (True, False):  # due soon, slipped, achieved lately: all in the packs
        for planned, extra in (
            (today + timedelta(days=10), {}),
            (today - timedelta(days=30), {"forecast_on": today + timedelta(days=5)}),
            (today - timedelta(days=20), {"achieved_on": today - timedelta(days=2)}),
        ):
            made = value.add_milestone(
                store,
                alliance.id,
                validate_milestone(
                    {"title": "m", "planned_on": planned, "value": 7, "shared": shared} | extra
                ),
            )
            if shared:
                alliance.share("milestones", made)
        kpi = value.add_kpi(
            store,
            alliance.id,
            validate_kpi({"name": "k", "unit": "u", "target": 10, "shared": shared}),
        )
        for months, number in ((2, 6.0), (1, 8.0)):
            value.record_actual(store, kpi, today - timedelta(days=30 * months), number)
        if shared:
            alliance.share("kpis", kpi)
    return alliance


def _run_meeting(store, alliance: Alliance, shared_people: set[int]) -> None:
    """The next meeting run and approved: a delegate for each invitee, minutes on each item,
    an amendment. A delegate of someone the partner may see is shared; the amendment too."""
    meeting = governance.get_meeting(store, alliance.next_meeting)
    for person_id in meeting.attendee_ids:
        minutes.set_attendance(store, meeting.id, person_id, Attendance.DELEGATE, "d")
        if person_id in shared_people:
            alliance.share("meeting_attendees", (meeting.id, person_id))
    for item in meeting.agenda:
        minutes.set_item_minutes(store, meeting.id, item.id, "m")
    minutes.approve_minutes(store, meeting.id, "the committee")
    alliance.share("minutes_amendments", minutes.amend_minutes(store, meeting.id, "a", "x"))


def free_text_columns():
    """(table, column) for every text column a user's words can reach."""
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            name = f"{table.name}.{column.name}"
            if not isinstance(column.type, String | Text) or name in NOT_FREE_TEXT:
                continue
            if column.info.get("who"):  # the database role that wrote it, set by the server
                continue
            yield table, column


def mark_everything(store) -> dict[str, Marker]:
    """A distinct marker added to every free-text column of every row; returns marker ->
    where it is."""
    markers: dict[str, Marker] = {}
    with store.engine.begin() as connection:
        # The history tables refuse updates by trigger: lifted for the marking, then restored.
        triggers = connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
        ).all()
        for name, _ in triggers:
            connection.exec_driver_sql(f"DROP TRIGGER {name}")
        for table, column in free_text_columns():
            keys = list(table.primary_key.columns)
            for *row, before in connection.execute(select(*keys, column)).all():
                marker = f"zq{len(markers):04d}zq"
                markers[marker] = Marker(
                    table.name, column.name, row[0] if len(row) == 1 else tuple(row)
                )
                where = [key == value for key, value in zip(keys, row, strict=True)]
                # Added to what was typed, so a rule that reads the text (a forum naming the
                # JSC) still sees it.
                marked = f"{before or ''} {marker}".strip()
                connection.execute(update(table).where(*where).values({column.name: marked}))
        for _, sql in triggers:
            connection.exec_driver_sql(sql)
    return markers


OWNED = {  # table -> SQL giving (row id, alliance id)
    "alliances": "SELECT id, id FROM alliances",
    "people": "SELECT person_id, alliance_id FROM stakeholders",
    "stakeholders": "SELECT id, alliance_id FROM stakeholders",
    "governance_bodies": "SELECT id, alliance_id FROM governance_bodies",
    "meetings": "SELECT m.id, b.alliance_id FROM meetings m "
    "JOIN governance_bodies b ON b.id = m.body_id",
    "agenda_items": "SELECT a.id, b.alliance_id FROM agenda_items a "
    "JOIN meetings m ON m.id = a.meeting_id JOIN governance_bodies b ON b.id = m.body_id",
    "action_items": "SELECT a.id, b.alliance_id FROM action_items a "
    "JOIN meetings m ON m.id = a.meeting_id JOIN governance_bodies b ON b.id = m.body_id",
    "minutes_amendments": "SELECT a.id, b.alliance_id FROM minutes_amendments a "
    "JOIN meetings m ON m.id = a.meeting_id JOIN governance_bodies b ON b.id = m.body_id",
    "onboarding_plans": "SELECT p.id, s.alliance_id FROM onboarding_plans p "
    "JOIN stakeholders s ON s.id = p.stakeholder_id",
}


def owners(store) -> dict[tuple[str, int], int]:
    """(table, row id) -> the alliance the row belongs to, for every table that has one."""
    found = {}
    with store.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            query = OWNED.get(table.name)
            if query is None and "alliance_id" in table.columns and "id" in table.columns:
                query = f"SELECT id, alliance_id FROM {table.name}"
            if query is None:
                continue
            for row_id, alliance_id in connection.exec_driver_sql(query).all():
                found[(table.name, row_id)] = alliance_id
    return found
