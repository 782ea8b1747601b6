"""The Habits section's year counted by the database equals the in-memory count it replaced
(`core.habits.summarise` over every check-in and credit of the year): counts, streaks,
strength, minutes, weeks met — with credits of every kind, credits taken away, check-ins of a
deleted alliance, and weeks starting on a Wednesday — on SQLite and PostgreSQL; the week's
check-ins read a page at a time are exactly the week's, oldest first."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from sqlalchemy import update

from alliance_desk.core.habits import CheckIn, summarise, summarise_weeks, week_start
from alliance_desk.core.people import validate_person
from alliance_desk.core.risks import validate_decision, validate_risk
from alliance_desk.core.stakeholders import validate_interaction, validate_stakeholder
from alliance_desk.store import contact_log, habit_weeks, habits, portfolio, risks, stakeholders
from alliance_desk.store.models import EscalationRow
from tests.helpers import Statements, draft, every_page, resolved_escalation

TODAY = date(2026, 12, 3)
KEYS = ("engage", "bridge", "resolve", "value", "insights", "publish", "excellence")


def _year(store) -> None:
    """A year of work on two alliances (one deleted at the end), some credits taken away."""
    chance = random.Random(7)
    keep, gone = (portfolio.create_alliance(store, draft(name=n)).id for n in ("Keep", "Gone"))
    people = {}
    for aid in (keep, gone):
        sid = stakeholders.add_new_person(
            store, aid, validate_person({"name": f"P{aid}", "side": "partner"}),
            validate_stakeholder({}),
        )  # fmt: skip
        people[aid] = stakeholders.get_stakeholder(store, sid).person.id
    for n in range(90):
        aid = (keep, gone)[n % 2]
        day = TODAY - timedelta(days=chance.randrange(380 if n % 2 else 25))
        made = contact_log.log_interaction(
            store,
            aid,
            validate_interaction(
                {"occurred_on": day, "person_ids": [people[aid]], "note": f"Call {n}\nmore"}
            ),
        )
        if n % 9 == 0:
            habits.dismiss_credit(store, "interaction", made)
        habits.add_checkin(
            store,
            CheckIn(
                KEYS[n % 7],
                day - timedelta(days=n % 3),
                f"Own {n}",
                n % 50,
                (keep, None, gone)[n % 3],
            ),
        )
        if n % 5 == 0:
            issue = resolved_escalation(store, aid, f"Issue {n}")
            with store.write() as session:
                session.execute(
                    update(EscalationRow).where(EscalationRow.id == issue).values(resolved_on=day)
                )
            if n % 10 == 0:
                habits.dismiss_credit(store, "escalation", issue)
        if n % 4 == 0:
            risks.add_risk(
                store,
                aid,
                validate_risk(
                    {"title": f"R{n}", "category": "legal", "likelihood": 2, "impact": 3}
                ),
                today=day,
            )
            risks.add_decision(
                store, aid, validate_decision({"title": f"D{n}", "decided_on": day.isoformat()})
            )
    habits.set_target(store, "bridge", 2)
    habits.set_target(store, "excellence", 0)
    portfolio.delete_alliance(store, gone)


@pytest.mark.parametrize("start", [0, 2], ids=["monday", "wednesday"])
def test_the_year_counted_in_sql_is_the_year_counted_in_memory(store, start) -> None:
    _year(store)
    for week in (week_start(TODAY, start), week_start(TODAY - timedelta(weeks=20), start)):
        first = week - timedelta(weeks=51)
        year = habit_weeks.habit_year(store, first, week)
        minutes = {key: weeks.get(week, 0) for key, weeks in year.minutes.items()}
        counted = summarise_weeks(year.habits, year.counts, minutes, week, first_week=first)
        every = habits.checkins(store, first, week + timedelta(days=6))
        expected = summarise(
            habits.habits(store), every, week, first_week=first, start_weekday=start
        )
        assert counted == expected
        assert sum(sum(s.counts.values()) for s in counted) and any(s.strength for s in counted)
    assert year.reviews == habits.reviews(store)


def test_the_weeks_checkins_read_a_page_at_a_time_are_the_weeks(store) -> None:
    _year(store)
    first, last = TODAY - timedelta(days=60), TODAY
    expected = habits.checkins(store, first, last)
    read = every_page(lambda at: habit_weeks.checkins_page(store, first, last, cursor=at, limit=7))
    assert sorted(map(repr, (r.checkin for r in read))) == sorted(map(repr, expected))
    assert [r.checkin.day for r in read] == sorted(c.day for c in expected)  # oldest first
    assert {r.alliance for r in read} == {"Keep", ""}  # the deleted one's name is not shown
    assert any(r.checkin.automatic for r in read) and any(not r.checkin.automatic for r in read)


def test_the_year_is_one_statement_and_one_more_when_what_it_counts_changed(store) -> None:
    _year(store)
    week = week_start(TODAY)
    first = week - timedelta(weeks=51)
    habit_weeks.habit_year(store, first, week)  # built once
    with Statements(store) as counted:
        before = habit_weeks.habit_year(store, first, week)
    assert len(counted.seen) == 1  # the weeks kept: nothing they count has changed
    habits.add_checkin(store, CheckIn("bridge", TODAY, "one more", 5))
    with Statements(store) as counted:
        year = habit_weeks.habit_year(store, first, week)
    assert len(counted.seen) == 2  # counted again
    assert year.counts["bridge"][week] == before.counts.get("bridge", {}).get(week, 0) + 1
    assert year.counts == _afresh_counts(store, first, week)


def _afresh_counts(store, first, week) -> dict:
    from alliance_desk.store import change_counts

    change_counts.forget()
    return habit_weeks.habit_year(store, first, week).counts
