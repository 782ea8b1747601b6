"""The demo portfolio: a realistic, entirely fictional set of alliances to try the app with.

The content lives in `resources/demo/portfolio.json`; this module writes it through the store's
own functions, so the demo obeys the same rules as anything a user types.
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import update

from alliance_desk.core import wall
from alliance_desk.core.bundle import resource_path
from alliance_desk.core.escalations import validate_escalation, validate_resolution
from alliance_desk.core.governance import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    BodyKind,
    MeetingDraft,
    Purpose,
    copy_agenda,
)
from alliance_desk.core.habits import CheckIn
from alliance_desk.core.insights import validate_insight
from alliance_desk.core.minutes import opening_agenda
from alliance_desk.core.obligations import validate_obligation
from alliance_desk.core.onboarding import ItemStatus, PlanStart
from alliance_desk.core.people import Side, validate_person
from alliance_desk.core.portfolio import validate_alliance
from alliance_desk.core.risks import validate_decision, validate_risk
from alliance_desk.core.stakeholders import validate_interaction, validate_stakeholder
from alliance_desk.core.value import validate_kpi, validate_milestone
from alliance_desk.store import (
    baseline,
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
    obligations,
    onboarding,
    people,
    portfolio,
    risks,
    stakeholders,
    value,
)
from alliance_desk.store import minutes as meeting_minutes
from alliance_desk.store.backup import take_backup
from alliance_desk.store.database import Store, open_store
from alliance_desk.store.integrity import inspect_file, is_new
from alliance_desk.store.location import demo_database_path, partial_path
from alliance_desk.store.models import AllianceRow, table
from alliance_desk.store.new_files import prepare_folder, remove_with_journals

YEAR_END = {(12, 24), (12, 25), (12, 26), (12, 31), (1, 1)}  # no committee meets then


def demo_data() -> dict:
    return json.loads(resource_path("demo", "portfolio.json").read_text(encoding="utf-8"))


def populate_demo(store: Store, today: date | None = None) -> None:
    """Write the demo portfolio into an (empty) store. Interactions are dated relative to
    `today`, so the demo always shows a living portfolio rather than one frozen in the past."""
    today = today or wall.today()
    data = demo_data()
    builtin, _problems = checklists.load_builtin_templates()
    templates = {template.source: template for template in builtin}
    company = data["company"]
    internal_people = {}
    for raw in data["internal_people"]:
        draft = validate_person({**raw, "side": Side.INTERNAL, "organisation": company})
        internal_people[raw["key"]] = people.create_person(store, draft)
    for days_ago, habit, minutes, note in data.get("checkins", []):
        day = today - timedelta(days=days_ago)
        habits.add_checkin(store, CheckIn(habit, day, note, minutes))
    for weeks_ago, went_well, got_in_the_way, focus in data.get("reviews", []):
        monday = today - timedelta(days=today.weekday(), weeks=weeks_ago)
        habits.save_review(store, monday, went_well, got_in_the_way, focus)
    model = baseline.model()
    for entry in data.get("baselines", []):
        scores = {
            question.key: entry["areas"].get(area.key, entry["default"])
            for area in model.areas
            for question in area.questions
        }
        baseline.take_baseline(
            store, today - timedelta(days=entry["days_ago"]), scores, entry["note"]
        )
    for raw in data["alliances"]:
        alliance = portfolio.create_alliance(store, validate_alliance(raw))
        _added_on(store, alliance.id, added_day(raw.get("start_date"), today))
        on_alliance: dict[str, tuple[int, int]] = {}  # key or name -> (stakeholder, person id)
        for entry in raw["internal"]:
            person = internal_people[entry["key"]]
            sid = stakeholders.add_existing_person(
                store, alliance.id, person.id, validate_stakeholder(entry)
            )
            on_alliance[entry["key"]] = (sid, person.id)
        for entry in raw["partner_people"]:
            newcomer = validate_person(
                {**entry, "side": Side.PARTNER, "organisation": alliance.partner}
            )
            sid = stakeholders.add_new_person(
                store, alliance.id, newcomer, validate_stakeholder(entry)
            )
            person_id = stakeholders.get_stakeholder(store, sid).person.id
            on_alliance[entry["name"]] = (sid, person_id)
            if entry.get("counterpart"):
                counterparts.pair(store, on_alliance[entry["counterpart"]][0], sid)
        for entry in raw.get("onboarding", []):
            template = templates[entry["template"]]
            start = PlanStart(
                alliance.id,
                on_alliance[entry["person"]][0],
                entry["role"],
                today + timedelta(days=entry["start_in_days"]),
            )
            plan_id = onboarding.start_plan(store, start, template)
            for item in onboarding.get_plan(store, plan_id).items[: entry["done"]]:
                onboarding.set_item_status(
                    store, item.id, ItemStatus.DONE, today=min(item.due, today)
                )
        _demo_registers(store, alliance.id, raw.get("registers", {}), on_alliance, today)
        _demo_governance(store, alliance.id, raw.get("governance", {}), on_alliance, today)
        _demo_value(store, alliance.id, raw.get("value", {}), today)
        for entry in raw.get("escalations", []):
            _demo_escalation(store, alliance.id, entry, on_alliance, today)
        for entry in raw.get("interactions", []):
            contact_log.log_interaction(
                store,
                alliance.id,
                validate_interaction(
                    {
                        **entry,
                        "occurred_on": today - timedelta(days=entry["days_ago"]),
                        "person_ids": [on_alliance[who][1] for who in entry["with"]],
                    }
                ),
            )


# The demo's history reaches two years back: its alliances were added before it (their tier's
# rhythm counts from the day an alliance was added, core/rhythm.py) — or a month before they
# started, for the younger ones, and six weeks ago for one still being explored (all added two
# years ago, a start-up of this year missed "no committee meeting yet" by 670 days).
ADDED_DAYS_AGO = 730
ADDED_BEFORE_START_DAYS = 30
EXPLORING_DAYS = 45


def added_day(start_date: str | None, today: date) -> date:
    """The day a demo alliance was added to the portfolio."""
    if not start_date:
        return today - timedelta(days=EXPLORING_DAYS)
    before_start = date.fromisoformat(start_date) - timedelta(days=ADDED_BEFORE_START_DAYS)
    earliest = today - timedelta(days=ADDED_DAYS_AGO)
    return min(max(earliest, before_start), today - timedelta(days=EXPLORING_DAYS))


def _added_on(store: Store, alliance_id: int, day: date) -> None:
    rows = table(AllianceRow)
    with store.write() as session:
        added = datetime.combine(day, time(9))
        session.execute(update(rows).where(rows.c.id == alliance_id).values(created_at=added))


def _demo_escalation(store: Store, alliance_id: int, entry: dict, on_alliance, today: date):
    def person(key):
        return on_alliance[key][1] if key else None

    def ago(days: int) -> date:
        return today - timedelta(days=days)

    draft = validate_escalation(
        {
            **entry,
            "raised_on": ago(entry["raised_days_ago"]),
            "raised_by_id": person(entry.get("raised_by")),
            "owner_id": person(entry.get("owner")),
            "counterpart_id": person(entry.get("counterpart")),
            "target_date": today + timedelta(days=entry["target_in_days"])
            if "target_in_days" in entry
            else None,
        }
    )
    escalation_id = escalations.raise_escalation(store, alliance_id, draft)
    for days, level, reason in entry["levels"]:
        escalation_moves.change_level(store, escalation_id, level, reason, today=ago(days))
    for _days, text in entry["notes"]:
        escalation_moves.add_note(store, escalation_id, text)
    if "resolution" in entry:
        done = entry["resolution"]
        resolution = validate_resolution(done)
        escalation_moves.resolve(store, escalation_id, resolution, today=ago(done["days_ago"]))
        escalation_moves.close(store, escalation_id, today=ago(entry["closed_days_ago"]))


def _demo_registers(store: Store, alliance_id: int, data: dict, on_alliance, today: date):
    def day(offset: int | None) -> date | None:
        return None if offset is None else today + timedelta(days=offset)

    for entry in data.get("risks", []):
        (first_ago, *first), *later = entry["history"]
        values = {
            **entry,
            "owner_id": on_alliance[entry["owner"]][1],
            "next_review": day(entry.get("review_in")),
        }
        draft = validate_risk({**values, "likelihood": first[0], "impact": first[1]})
        risk_id = risks.add_risk(store, alliance_id, draft, today=day(-first_ago))
        for ago, likelihood, impact in later:
            moved = validate_risk({**values, "likelihood": likelihood, "impact": impact})
            risks.update_risk(store, risk_id, moved, today=day(-ago))
    for entry in data.get("decisions", []):
        decision = validate_decision(
            {
                **entry,
                # none: an open question, still to decide
                "decided_on": day(-entry["decided_days_ago"])
                if "decided_days_ago" in entry
                else None,
                "raised_on": day(-entry["raised_days_ago"]) if "raised_days_ago" in entry else None,
                "review_date": day(entry.get("review_in")),
            }
        )
        risks.add_decision(store, alliance_id, decision)
    for entry in data.get("insights", []):
        insight = validate_insight({**entry, "noted_on": day(-entry["noted_days_ago"])})
        insights.add_insight(store, alliance_id, insight)
    for entry in data.get("obligations", []):
        obligation = validate_obligation({**entry, "due_date": day(entry["due_in"])})
        obligations.add_obligation(store, alliance_id, obligation)


def _demo_value(store: Store, alliance_id: int, data: dict, today: date) -> None:
    """Milestones (dated relative to today) and KPIs with quarterly actuals ending today."""

    def day(offset: int | None) -> date | None:
        return None if offset is None else today + timedelta(days=offset)

    for entry in data.get("milestones", []):
        draft = validate_milestone(
            {
                **entry,
                "planned_on": day(entry["planned_in"]),
                "forecast_on": day(entry["forecast_in"]),
                "achieved_on": day(entry["achieved_in"]),
            }
        )
        value.add_milestone(store, alliance_id, draft)
    for entry in data.get("kpis", []):
        kpi_id = value.add_kpi(store, alliance_id, validate_kpi(entry))
        actuals = entry["actuals"]
        for index, number in enumerate(actuals):
            quarters_ago = len(actuals) - 1 - index
            value.record_actual(store, kpi_id, today - timedelta(days=91 * quarters_ago), number)


def _demo_governance(store: Store, alliance_id: int, data: dict, on_alliance, today: date):
    if not data:
        return
    body = data["body"]
    members = [
        s.id
        for s in stakeholders.list_stakeholders(store, alliance_id)
        if any(role in s.details.roles for role in body["member_roles"])
    ]
    body_id = committees.create_body(
        store, alliance_id, body["name"], BodyKind(body["kind"]), members
    )
    meeting_minutes.set_committee_rules(store, body_id, quorum=(1, 1))
    by_stakeholder = {s.id: s.person.id for s in stakeholders.list_stakeholders(store, alliance_id)}
    attendees = [by_stakeholder[m] for m in members]
    previous = None
    for entry in data["meetings"]:
        day = today + timedelta(days=entry["days"])
        # Committees meet on working days: one falling on a weekend or the year-end holidays
        # moves back to the working day before (the demo had its steering committee meet on
        # a Saturday, and a plan begin there; then a committee on Christmas Day).
        while day.weekday() >= 5 or (day.month, day.day) in YEAR_END:
            day -= timedelta(days=1)
        start = datetime.combine(day, time(entry["hour"]))
        draft = MeetingDraft(
            body_id,
            start,
            start + timedelta(hours=entry["hours"]),
            entry["location"],
            entry.get("time_zone", ""),
        )
        if entry.get("copy"):  # the review of open actions first, as a new meeting has
            agenda = opening_agenda(copy_agenda(previous))
        else:
            agenda = [
                AgendaItem(title, Purpose(purpose), minutes, on_alliance[who][1])
                for title, purpose, minutes, who in entry["agenda"]
            ]
        meeting_id = governance.create_meeting(store, draft, agenda, attendees)
        for title, owner, due_in, status in entry["actions"]:
            action = ActionItem(
                title, on_alliance[owner][1], today + timedelta(days=due_in), ActionStatus(status)
            )
            governance.add_action(store, meeting_id, action)
        previous = governance.get_meeting(store, meeting_id)
    for days_ago, scores, note in data.get("health", []):
        pairs = {key: tuple(value) for key, value in scores.items()}
        health_checks.add_check(store, alliance_id, today - timedelta(days=days_ago), pairs, note)


def create_demo(path: Path | None = None, *, replace: bool = False) -> Path:
    """Create the demo portfolio file (by default in the data folder) and return its path.

    An existing demo file is kept as it is, so a user's experiments in it survive, unless
    `replace` is given: then a portfolio there is backed up first, and a file that is not a
    portfolio is refused untouched.
    """
    path = path or demo_database_path()
    if path.exists() and not replace:
        return path
    if path.exists() and not is_new(path):
        inspect_file(path)  # raises for anything that is not a sound portfolio
        take_backup(path, reason="before-demo")
    # Built aside and moved into place, so an interrupted run never leaves half a demo.
    partial = partial_path(path)
    remove_with_journals(partial)
    prepare_folder(path)
    try:
        build_demo_file(partial)
    except BaseException:
        remove_with_journals(partial)
        raise
    for suffix in ("-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.replace(partial, path)
    return path


def build_demo_file(path: Path) -> None:
    """Write a complete demo portfolio into the new file `path`, checkpointed into one file and
    synced once complete (not while building: it only counts once moved into place)."""
    store = open_store(path, start_backup=False, durable=False)
    try:
        populate_demo(store)
        with store.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())
