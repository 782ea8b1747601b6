"""The Habits section's weeks (`habit_weeks.habit_year`) against a count made here, in Python,
over every row the ORM reads: one for each check-in and each credit of work on an alliance not
deleted (a pack whatever it was of), less the credits taken away — with deleted alliances
(their work, and credits taken away from it), a private contact and a pack of a deleted
alliance present; on SQLite and PostgreSQL. The database counts the credits of all the work
less the deleted alliances' (not each credit joined to its alliance), so a credit of a
deleted alliance counted, or subtracted twice, shows here as a wrong week."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta

import pytest
from sqlalchemy import select, update

from alliance_desk.core.habits import CheckIn, week_start
from alliance_desk.core.insights import validate_insight
from alliance_desk.core.packs import Audience
from alliance_desk.core.people import validate_person
from alliance_desk.core.risks import validate_decision, validate_risk
from alliance_desk.core.stakeholders import validate_interaction, validate_stakeholder
from alliance_desk.store import (
    contact_log,
    habit_weeks,
    habits,
    health_checks,
    insights,
    packs,
    portfolio,
    risks,
    stakeholders,
)
from alliance_desk.store.models import (
    AllianceRow,
    CheckInRow,
    DecisionRow,
    DismissedCreditRow,
    EscalationRow,
    HealthCheckRow,
    InsightRow,
    InteractionRow,
    PackExportRow,
    RiskRatingRow,
    RiskRow,
)
from tests.helpers import draft, resolved_escalation

TODAY = date(2026, 12, 3)
KEYS = ("engage", "bridge", "resolve", "value", "insights", "publish", "excellence")
WORK = (  # what credits a habit: (kind, rows, the day it credits, the habit)
    ("interaction", InteractionRow, "occurred_on", "engage"),
    ("escalation", EscalationRow, "resolved_on", "resolve"),
    ("risk review", RiskRatingRow, "rated_on", "value"),
    ("decision", DecisionRow, "decided_on", "value"),
    ("pack", PackExportRow, "exported_on", "publish"),
    ("insight", InsightRow, "noted_on", "insights"),
    ("health check", HealthCheckRow, "checked_on", "insights"),
)


def _work(store) -> dict[str, list[int]]:
    """Work of every kind on four alliances over 13 months, two of them deleted at the end;
    some of each kind's credits taken away, on live and deleted alliances alike."""
    chance = random.Random(25)
    ids = [portfolio.create_alliance(store, draft(name=f"A{n}")).id for n in range(4)]
    people = {
        aid: stakeholders.get_stakeholder(
            store,
            stakeholders.add_new_person(
                store,
                aid,
                validate_person({"name": f"P{aid}", "side": "partner"}),
                validate_stakeholder({}),
            ),
        ).person.id
        for aid in ids
    }
    made: dict[str, list[int]] = defaultdict(list)
    for n in range(48):
        aid, day = ids[n % 4], TODAY - timedelta(days=chance.randrange(400))
        contact = {"occurred_on": day, "person_ids": [people[aid]], "note": f"Call {n}"}
        made["interaction"].append(
            contact_log.log_interaction(
                store, aid, validate_interaction({**contact, "private": n % 5 == 0})
            )
        )
        issue = resolved_escalation(store, aid, f"Issue {n}")
        made["escalation"].append(issue)
        risk = risks.add_risk(
            store,
            aid,
            validate_risk({"title": f"R{n}", "category": "legal", "likelihood": 2, "impact": 3}),
            today=day,
        )
        moved = validate_risk({"title": f"R{n}", "category": "legal", "likelihood": 4, "impact": 3})
        risks.update_risk(store, risk, moved, today=day + timedelta(days=n % 9))
        made["decision"].append(
            risks.add_decision(
                store, aid, validate_decision({"title": f"D{n}", "decided_on": day.isoformat()})
            )
        )
        made["insight"].append(
            insights.add_insight(
                store, aid, validate_insight({"title": f"I{n}", "noted_on": day.isoformat()})
            )
        )
        made["health check"].append(health_checks.add_check(store, aid, day, {}, f"Check {n}"))
        made["pack"].append(packs.record_export(store, "alliance", aid, Audience.INTERNAL, "p"))
        habits.add_checkin(store, CheckIn(KEYS[n % 7], day, f"Own {n}", n % 40, (aid, None)[n % 2]))
        with store.write() as session:  # resolved and exported on the day of the work
            session.execute(
                update(EscalationRow).where(EscalationRow.id == issue).values(resolved_on=day)
            )
            session.execute(
                update(PackExportRow)
                .where(PackExportRow.id == made["pack"][-1])
                .values(exported_on=day - timedelta(days=n % 3))
            )
    with store.read() as session:
        made["risk review"] = list(session.scalars(select(RiskRatingRow.id)))
    for kind, records in made.items():
        for record in records[::3]:  # every alliance's, the deleted ones' too
            habits.dismiss_credit(store, kind, record)
    for gone in ids[2:]:
        portfolio.delete_alliance(store, gone)
    return made


def _counted_here(store, first: date, last: date):
    """Per habit and week start, the check-ins and minutes, counted from every row."""
    counts: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    minutes: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    gone = {"credits of deleted alliances": 0, "of them taken away too": 0, "taken away": 0}

    def week(day: date) -> date:
        return first + timedelta(weeks=(day - first).days // 7)

    with store.read() as session:
        deleted = {
            row.id for row in session.scalars(select(AllianceRow)) if row.deleted_at is not None
        }
        taken = {(row.kind, row.record_id) for row in session.scalars(select(DismissedCreditRow))}
        risk_alliance = {row.id: row.alliance_id for row in session.scalars(select(RiskRow))}
        for kind, model, day_of, habit in WORK:
            for row in session.scalars(select(model)):
                day = getattr(row, day_of)
                if day is None or not first <= day <= last:
                    continue
                of_risk = kind == "risk review"
                alliance = risk_alliance[row.risk_id] if of_risk else row.alliance_id
                if kind != "pack" and alliance in deleted:
                    gone["credits of deleted alliances"] += 1
                    gone["of them taken away too"] += (kind, row.id) in taken
                elif (kind, row.id) in taken:
                    gone["taken away"] += 1
                else:
                    counts[habit][week(day)] += 1
        for row in session.scalars(select(CheckInRow)):
            if first <= row.day <= last:
                counts[row.habit][week(row.day)] += 1
                minutes[row.habit][week(row.day)] += row.minutes
    minutes = {
        habit: {start: minutes[habit].get(start, 0) for start in weeks}
        for habit, weeks in counts.items()
    }
    return {h: dict(w) for h, w in counts.items()}, minutes, gone


@pytest.mark.parametrize("start", [0, 3], ids=["monday", "thursday"])
def test_the_weeks_counts_are_every_credit_of_live_work_counted_one_by_one(store, start) -> None:
    _work(store)
    for shown in (TODAY, TODAY - timedelta(weeks=9)):
        week = week_start(shown, start)
        first = week - timedelta(weeks=51)
        year = habit_weeks.habit_year(store, first, week)
        counts, minutes, gone = _counted_here(store, first, week + timedelta(days=6))
        assert all(gone.values()), gone  # the year holds what must not count
        assert {"engage", "resolve", "value", "insights", "publish"} <= set(counts)
        assert year.counts == counts
        assert year.minutes == minutes
