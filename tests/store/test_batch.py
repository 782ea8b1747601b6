"""Lists read together in one statement (store/batch.py) come back exactly as read one by one,
and Today reads everything it shows in at most five statements (issue 25), on the file and on
the team store."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import insert, select

from alliance_desk.core import wall
from alliance_desk.core.today import DAYS_AHEAD, MEETINGS_AHEAD, TodayInputs, build
from alliance_desk.store import (
    batch,
    calls_due,
    escalations,
    governance,
    habits,
    obligations,
    onboarding,
    policy,
    portfolio,
    risks,
    today,
    value,
)
from alliance_desk.store.demo import populate_demo
from alliance_desk.store.models import EscalationRow, table
from tests.helpers import statements

NOW = wall.now().replace(microsecond=0)
DAY = NOW.date()


def test_today_reads_everything_it_shows_in_at_most_five_statements(store) -> None:
    """Counted at the engine on a fresh store: the policy, every list, the week's check-ins."""
    populate_demo(store)
    today.snooze(store, "call:1", DAY + timedelta(days=3))
    assert len(statements(store, lambda: today.load_today(store, now=NOW))) <= 5
    assert len(statements(store, lambda: today.load_today(store, now=NOW, alliance_id=1))) <= 5


def test_today_read_together_is_today_read_list_by_list(store) -> None:
    """The same Today as built from each store function's own statement, every task in it."""
    populate_demo(store)
    today.snooze(store, "call:1", DAY + timedelta(days=3))
    rules = policy.load_policy(store)
    week = DAY - timedelta(days=6)
    alone = TodayInputs(
        alliances=portfolio.list_alliances(store),
        calls=calls_due.calls_due(store, DAY, DAYS_AHEAD),
        onboarding=onboarding.items_due(store, DAY, DAYS_AHEAD),
        clocks=escalations.sla_clocks(store),
        reviews=risks.reviews_due(store, DAY + timedelta(days=DAYS_AHEAD)),
        obligations=obligations.list_obligations(store, open_only=True),
        decisions=risks.list_decisions(store, not_implemented=True),
        meetings=governance.coming_meetings(store, NOW, MEETINGS_AHEAD),
        late_actions=governance.late_actions(store, DAY),
        habits=habits.habits(store),
        checkins=habits.checkins(store, week, DAY + timedelta(days=6)),
        snoozed=today.snoozes(store, DAY),
        milestones=[m for m in value.list_milestones(store) if m.draft.status.open],
        rhythm=value.rhythm_facts(store, NOW),
    )
    expected = build(alone, rules, DAY, NOW, limit=None)
    assert expected.total and expected.snoozed  # the demo gives Today something to rank
    assert today.load_today(store, now=NOW, limit=None) == expected


def test_each_list_read_together_equals_it_read_alone(store) -> None:
    """Every query Today sends, decoded from its JSON array, gives the very values its own
    statement gives: dates, times, flags, numbers, empty lists."""
    populate_demo(store)
    user = store.user or None
    queries = today.today_queries(DAY, NOW, user=user, every_meeting=True, policy=True)
    with store.read() as session:
        together = batch.run_together(session, queries)
        for name, query in queries.items():
            alone = query.convert(session.execute(query.statement).all())
            assert together[name] == alone, name
    assert together["alliances"] and together["calls"] and together["checkins"]


def test_a_row_comes_back_whole_whatever_its_values_hold(store) -> None:
    """A marker in every kind of column: text that looks like JSON, quotes, newlines, other
    scripts, a fraction, a whole float, a flag, a missing day, a time to the microsecond."""
    populate_demo(store)
    rows = table(EscalationRow)
    marker = {
        "alliance_id": portfolio.list_alliances(store)[0].id,
        "title": '["not", "json"] "quoted" \\ 你好 — Ünïcode',
        "description": "line one\nline two\t{}",
        "category": "conflict",
        "severity": "high",
        "raised_on": date(2024, 2, 29),
        "level_since": date(2024, 2, 29),
        "value_at_stake": 2.5,
        "delay_days": 0,
        "internal_only": True,
        "shared_with_partner": None,
        "target_date": None,
        "created_at": datetime(2024, 2, 29, 23, 59, 58, 123456),
        "updated_at": datetime(2024, 3, 1, 0, 0),
    }
    with store.write() as session:
        session.execute(insert(rows), [marker])
    query = batch.Query(select(rows).order_by(rows.c.id), lambda found: [tuple(r) for r in found])
    with store.read() as session:
        together = batch.run_together(session, {"all": query})["all"]
        alone = query.convert(session.execute(query.statement).all())
    assert together == alone
    assert marker["title"] in together[-1] and 2.5 in together[-1]


def test_an_empty_list_comes_back_empty(store) -> None:
    """No rows (PostgreSQL's json_agg of nothing is NULL) is an empty list, not an error."""
    with store.read() as session:
        found = batch.run_together(session, {"risks": risks.reviews_due_query(DAY)})
    assert found == {"risks": []}
