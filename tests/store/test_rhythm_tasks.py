"""The tier's rhythm read from the store in one statement (both engines), with known values,
and its gaps on Today: listed with the rest, and hidden by a snooze until its day."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from alliance_desk.core import wall
from alliance_desk.core.governance import BodyKind, validate_meeting
from alliance_desk.core.people import validate_person
from alliance_desk.core.risks import RiskStatus, validate_risk
from alliance_desk.core.stakeholders import validate_interaction, validate_stakeholder
from alliance_desk.store import (
    committees,
    contact_log,
    governance,
    health_checks,
    portfolio,
    risks,
    stakeholders,
    today,
    value,
)
from tests.helpers import draft, statements

TODAY = wall.today()
NOW = datetime.combine(TODAY, datetime.min.time()).replace(hour=12)


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def _alliance_with_history(store) -> int:
    """Contact 20 and 3 days ago, health checks 200 and 100 days ago, a meeting 70 days ago
    and one in 30 days, two open risks rated 45 and (first) 50 days ago, a closed one."""
    aid = portfolio.create_alliance(store, draft(name="Acme", tier_override=1)).id
    person = validate_person({"name": "Ana", "side": "partner"})
    sid = stakeholders.add_new_person(store, aid, person, validate_stakeholder({}))
    pid = stakeholders.get_stakeholder(store, sid).person.id
    for days in (20, 3):
        note = {"occurred_on": ago(days), "person_ids": [pid], "note": "n"}
        contact_log.log_interaction(store, aid, validate_interaction(note))
    scores = {key: (3, 3) for key in ("trust", "communication", "decisions", "value")}
    for days in (200, 100):
        health_checks.add_check(store, aid, ago(days), scores)
    body = committees.create_body(store, aid, "JSC", BodyKind.JSC, [])
    for days in (70, -30):
        start = NOW - timedelta(days=days)
        values = {"body_id": body, "starts_at": start, "ends_at": start + timedelta(hours=2)}
        governance.create_meeting(store, validate_meeting(values))
    values = {"title": "Supply", "category": "business", "likelihood": 3, "impact": 3}
    first = risks.add_risk(store, aid, validate_risk(values), today=ago(80))
    risks.update_risk(store, first, validate_risk(values | {"impact": 4}), today=ago(45))
    risks.add_risk(store, aid, validate_risk(values | {"title": "Price"}), today=ago(50))
    closed = values | {"title": "Old", "status": RiskStatus.CLOSED.value}
    risks.add_risk(store, aid, validate_risk(closed), today=ago(300))
    return aid


def test_the_rhythm_facts_are_read_in_one_statement_with_known_values(store) -> None:
    aid = _alliance_with_history(store)
    bare = portfolio.create_alliance(store, draft(name="Bare")).id
    found: dict = {}
    assert len(statements(store, lambda: found.update(value.rhythm_facts(store, NOW)))) == 1
    facts = found[aid]
    assert (facts.last_contact, facts.last_check) == (ago(3), ago(100))
    assert (facts.last_meeting, facts.next_meeting) == (ago(70), TODAY + timedelta(days=30))
    assert sorted(facts.risk_reviews) == [ago(50), ago(45)]  # open ones, each its last rating
    assert bare not in found  # nothing recorded: never, for each part


def test_a_rhythm_gap_is_on_today_until_snoozed(store) -> None:
    """Tier 1 asks for a health check every 90 days: the last was 100 days ago. The risks
    (reviewed within 30 days? no: 45 and 50) are late too; contact and meetings are kept."""
    aid = _alliance_with_history(store)
    listed = {t.key: t for t in today.load_today(store, today=TODAY, now=NOW).tasks}
    assert {k for k in listed if k.startswith("rhythm:")} == {
        f"rhythm:health:{aid}",
        f"rhythm:risks:{aid}",
    }
    health = listed[f"rhythm:health:{aid}"]
    assert (
        health.what == "No health check for 100 days (due every 90 days)" and health.late_days == 10
    )
    today.snooze(store, health.key, TODAY + timedelta(days=3))
    later = today.load_today(store, today=TODAY, now=NOW)
    assert health.key not in {t.key for t in later.tasks}
    assert health.key in {t.key for t in later.snoozed}
    back = today.load_today(store, today=TODAY + timedelta(days=3), now=NOW + timedelta(days=3))
    assert health.key in {t.key for t in back.tasks}


def test_risks_not_reviewed_in_time_are_counted_under_each_alliances_tier(store) -> None:
    """The same two risks (last rated 45 and 50 days ago) are late under tier 1's 30 days
    and not under tier 3's interval; a risk never rated makes the gap 'never reviewed',
    counted with the others; a closed one never counts. As Value's full facts say."""
    from sqlalchemy import text

    from alliance_desk.core.rhythm import added_on, gaps
    from alliance_desk.store import policy

    strict = _alliance_with_history(store)
    values = {"title": "Supply", "category": "business", "likelihood": 3, "impact": 3}
    calm = portfolio.create_alliance(store, draft(name="Calm", tier_override=3)).id
    for days in (45, 50):
        risks.add_risk(store, calm, validate_risk(values), today=ago(days))
    unrated = portfolio.create_alliance(store, draft(name="Unrated", tier_override=2)).id
    risks.add_risk(store, unrated, validate_risk(values), today=ago(200))
    never = risks.add_risk(store, unrated, validate_risk(values | {"title": "New"}), today=ago(1))
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM risk_ratings WHERE risk_id = :r"), {"r": never})
        connection.execute(  # added long ago: never reviewed is late at once
            text("UPDATE alliances SET created_at = :at WHERE id = :a"),
            {"at": NOW - timedelta(days=800), "a": unrated},
        )
    listed = {t.key: t for t in today.load_today(store, today=TODAY, now=NOW).tasks}
    rules = policy.load_policy(store)
    full = value.rhythm_facts(store, NOW)
    for alliance in portfolio.list_alliances(store):
        expected = [
            gap
            for gap in gaps(
                rules.rhythm(alliance.tier), full[alliance.id], TODAY, added_on(alliance)
            )
            if gap.part == "risks"
        ]
        task = listed.get(f"rhythm:risks:{alliance.id}")
        assert (task is not None) == bool(expected), alliance.name
        if task is not None:
            (gap,) = expected
            assert f"{gap.count} open risk" in task.why or gap.last is None
            assert task.due == gap.due
    assert f"rhythm:risks:{calm}" not in listed
    assert "2 open risks, the oldest reviewed" in listed[f"rhythm:risks:{strict}"].why
    assert listed[f"rhythm:risks:{unrated}"].what.startswith("No risk review yet")
