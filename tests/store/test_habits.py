"""Check-ins: manual, automatic credits from real work, dismissing, targets, reviews, CSV."""

from __future__ import annotations

from datetime import timedelta

from alliance_desk.core import wall
from alliance_desk.core.escalations import validate_escalation, validate_resolution
from alliance_desk.core.habits import CheckIn
from alliance_desk.core.people import validate_person
from alliance_desk.core.stakeholders import validate_interaction, validate_stakeholder
from alliance_desk.store import (
    contact_log,
    escalation_moves,
    escalations,
    habits,
    portfolio,
    stakeholders,
)
from tests.helpers import draft

TODAY = wall.today()
WEEK = (TODAY - timedelta(days=6), TODAY)


def test_work_recorded_elsewhere_is_credited_and_removing_it_removes_the_credit(store) -> None:
    alliance = portfolio.create_alliance(store, draft())
    sid = stakeholders.add_new_person(
        store,
        alliance.id,
        validate_person({"name": "Ana", "side": "partner"}),
        validate_stakeholder({}),
    )
    person = stakeholders.get_stakeholder(store, sid).person.id
    interaction = contact_log.log_interaction(
        store,
        alliance.id,
        validate_interaction({"occurred_on": TODAY, "person_ids": [person], "note": "Coffee"}),
    )
    issue = escalations.raise_escalation(
        store, alliance.id, validate_escalation({"title": "Slot", "category": "conflict"})
    )
    escalation_moves.resolve(
        store,
        issue,
        validate_resolution({"root_cause": "r", "resolution": "s", "kind": "compromise"}),
    )
    credits = habits.checkins(store, *WEEK)
    assert {(c.habit, c.source[0]) for c in credits} == {
        ("engage", "interaction"),
        ("resolve", "escalation"),
    }
    assert all(c.automatic for c in credits)
    contact_log.delete_interaction(store, interaction)
    assert [c.habit for c in habits.checkins(store, *WEEK)] == ["resolve"]


def test_a_credit_can_be_taken_away_and_given_back(store) -> None:
    alliance = portfolio.create_alliance(store, draft())
    issue = escalations.raise_escalation(
        store, alliance.id, validate_escalation({"title": "Slot", "category": "conflict"})
    )
    escalation_moves.resolve(
        store, issue, validate_resolution({"root_cause": "r", "resolution": "s", "kind": "other"})
    )
    habits.dismiss_credit(store, "escalation", issue)
    assert habits.checkins(store, *WEEK) == []
    habits.restore_credit(store, "escalation", issue)
    assert len(habits.checkins(store, *WEEK)) == 1


def test_manual_checkins_targets_reviews_and_csv(store) -> None:
    checkin_id = habits.add_checkin(
        store, CheckIn("bridge", TODAY, "Explained their QA process", 30)
    )
    (saved,) = habits.checkins(store, *WEEK)
    assert (saved.id, saved.minutes, saved.automatic) == (checkin_id, 30, False)
    assert habits.set_target(store, "bridge", 0) == 1
    assert next(h for h in habits.habits(store) if h.key == "bridge").target == 0
    monday = TODAY - timedelta(days=TODAY.weekday())
    habits.save_review(store, monday, "Two good calls", "Travel", "Publish the pack")
    assert habits.review(store, monday) == ("Two good calls", "Travel", "Publish the pack")
    data = habits.checkins_csv(store, *WEEK).decode("utf-8-sig")
    assert "Bridge differences,no,,,30,Explained their QA process" in data
    habits.delete_checkin(store, checkin_id)
    assert habits.checkins(store, *WEEK) == []
