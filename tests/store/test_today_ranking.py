"""Today on a generated portfolio (hundreds of tasks of every bulk kind), on the file and on
the team store: the lean lists it reads (decisions' six columns, calls too recent to fall due
left out in SQL) give the very Today the whole lists give, ranked the same, every card's count
exact, the tasks written out on demand equal to those written out at once, and the habit week
counted in SQL equal to the week's check-ins and credits listed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from alliance_desk.core import wall
from alliance_desk.core.cadence import Cadence, due_by
from alliance_desk.core.habits import CheckIn, summarise, week_line, week_start
from alliance_desk.core.task import urgency
from alliance_desk.core.today import DAYS_AHEAD, LIMIT, MEETINGS_AHEAD, TodayInputs, build
from alliance_desk.store import (
    calls_due,
    escalations,
    governance,
    habits,
    obligations,
    onboarding,
    policy,
    portfolio,
    risks,
    stakeholders,
    today,
    value,
)
from alliance_desk.store.database import open_store
from alliance_desk.store.models import AllianceRow, StakeholderRow
from bench.generate import generate

NOW = wall.now().replace(microsecond=0)
DAY = NOW.date()


@pytest.fixture
def generated(store):
    """`store` (the file or the team store) holding a small generated portfolio
    (bench.generate), with every cadence, holidays in the service levels and snoozes."""
    target = store.path or store.location.url
    store.close()
    generate(target, scale=0.1)
    opened = open_store(target, start_backup=False)
    with opened.write() as session:  # weekly, fortnightly and custom plans beside the monthly
        for cadence, rule, every in (
            (Cadence.WEEKLY, "", 7),
            (Cadence.FORTNIGHTLY, "", 5),
            (Cadence.CUSTOM, "FREQ=WEEKLY;INTERVAL=3;BYDAY=TU", 11),
        ):
            session.execute(
                update(StakeholderRow)
                .where(StakeholderRow.id % every == 0)
                .values(cadence=cadence.value, cadence_rule=rule)
            )
        # Added two years ago: what they never saw of their rhythm (a health check) is due.
        session.execute(
            update(AllianceRow)
            .where(AllianceRow.id % 2 == 0)
            .values(created_at=NOW - timedelta(days=800))
        )
    holidays = [DAY - timedelta(days=d) for d in (1, 4, 9, 20, 33)] + [DAY + timedelta(days=2)]
    policy.set_setting(opened, "holidays", " ".join(d.isoformat() for d in holidays))
    yield opened
    opened.close()


def _whole_lists(store) -> TodayInputs:
    """Today's inputs read the long way: every stakeholder's next contact worked out in
    Python, every decision not implemented read whole."""
    horizon = DAY + timedelta(days=DAYS_AHEAD)
    calls = set()
    for person in stakeholders.list_stakeholders(store, None, DAY):
        plan = person.details.cadence
        if plan is Cadence.NONE:
            continue
        due = due_by(
            person.last_contact, plan, person.details.cadence_rule,
            person.planned_from or DAY, horizon,
        )  # fmt: skip
        if due is not None:
            calls.add((person.id, due, person.last_contact))
    read = calls_due.calls_due(store, DAY, DAYS_AHEAD)
    assert {(c.stakeholder_id, c.due, c.last_contact) for c in read} == calls
    week = DAY - timedelta(days=6)
    return TodayInputs(
        alliances=portfolio.list_alliances(store),
        calls=read,
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


def test_the_lean_lists_give_the_today_the_whole_lists_give(store, generated) -> None:
    """Every task, its rank, its words and every card: the same from the lists Today reads
    as from the whole lists (calls worked out in Python for everyone, decisions read whole)."""
    some = today.load_today(generated, now=NOW, limit=None)
    for task in (some.tasks[3], some.tasks[40]):  # a snooze to come and one run out
        today.snooze(generated, task.key, DAY + timedelta(days=2))
    gap = next(t for t in some.tasks if t.kind == "rhythm")
    today.snooze(generated, gap.key, DAY + timedelta(days=9))
    today.snooze(generated, some.tasks[7].key, DAY)  # back today: listed again
    rules = policy.load_policy(generated)
    expected = build(_whole_lists(generated), rules, DAY, NOW, limit=None)
    found = today.load_today(generated, now=NOW, limit=None)
    assert found == expected
    kinds = {t.kind for t in found.tasks}
    assert {"call", "escalation", "risk", "decision", "rhythm"} <= kinds, kinds
    assert len(found.snoozed) == 3 and gap.key in {t.key for t in found.snoozed}
    assert any(t.key == some.tasks[7].key for t in found.tasks)


def test_the_ranking_and_the_counts_hold_for_every_task_written_out(store, generated) -> None:
    """Written out all at once or a page at a time, in the order urgency × importance ×
    weight gives, then the day, then the words; each card counts exactly what it says."""
    rules = policy.load_policy(generated)
    whole = today.load_today(generated, now=NOW, limit=None)
    paged = today.load_today(generated, now=NOW)
    assert paged.tasks == whole.tasks[:LIMIT] and paged.total == whole.total > 2 * LIMIT
    assert list(paged.to_do[LIMIT : 2 * LIMIT]) == list(whole.tasks[LIMIT : 2 * LIMIT])
    assert list(paged.to_do) == list(whole.tasks)
    keys = [(-t.score, t.due, t.what.casefold()) for t in whole.tasks]
    assert keys == sorted(keys)
    for task in whole.tasks:
        assert task.score > 0 and task.score == round(task.score, 3)
        assert urgency(task.due, DAY) * 0.5 <= task.score  # no weight halves it further
    cards = {card.key: card.value for card in whole.cards}
    assert cards["overdue"] == sum(1 for t in whole.tasks if t.late) > 0
    clocks = escalations.sla_clocks(generated)
    assert cards["sla"] == sum(1 for c in clocks if c.past_sla(DAY, rules.sla)) > 0
    stalled = [
        d
        for d in risks.list_decisions(generated, not_implemented=True)
        if d.draft.decided_on is not None
        and (DAY - d.draft.decided_on).days > rules.not_implemented_days
    ]
    assert cards["decisions"] == len(stalled) > 0
    late = paged.to_do.only("escalation", late=True, today=DAY)
    assert list(late) == [t for t in whole.tasks if t.kind == "escalation" and t.late]


def test_the_habit_week_counts_every_check_in_and_credit_not_dismissed(store, generated) -> None:
    """Today's habit week (counted in SQL by habit and day) says what the week's check-ins
    and credits, listed one by one, say: each habit's count and minutes, credits dismissed
    left out, whichever day the week starts on."""
    start = (DAY.weekday() + 3) % 7  # the week turns within the days read around today
    rules = policy.set_setting(generated, "week-start", str(start))
    week = week_start(DAY, start)
    for day, habit, minutes in (
        (week, "engage", 20),
        (week, "engage", 5),  # two on one day
        (week + timedelta(days=6), "resolve", 30),
        (week - timedelta(days=1), "engage", 45),  # the week before: not counted
        (week + timedelta(days=7), "value", 15),  # the week after
    ):
        habits.add_checkin(generated, CheckIn(habit, day, "manual", minutes))
    listed = habits.checkins(generated, DAY - timedelta(days=6), DAY + timedelta(days=6))
    credited = [c for c in listed if c.automatic and week <= c.day <= week + timedelta(days=6)]
    assert len({c.habit for c in credited}) >= 2, credited
    for checkin in credited[:3]:
        assert checkin.source is not None
        habits.dismiss_credit(generated, *checkin.source)
    listed = habits.checkins(generated, week, week + timedelta(days=6))
    expected = summarise(habits.habits(generated), listed, week, start_weekday=start)

    found = today.load_today(generated, now=NOW)
    assert found.week == tuple(s for s in expected if s.habit.target)
    assert found.habits == week_line(expected)
    by_habit = {s.habit.key: s for s in found.week}
    for habit, least in (("engage", 25), ("resolve", 30)):  # besides the generated ones
        assert by_habit[habit].minutes == sum(c.minutes for c in listed if c.habit == habit)
        assert by_habit[habit].minutes >= least
    assert sum(s.count for s in found.week) == sum(1 for c in listed if c.habit in by_habit)
    assert rules.week_start == start
