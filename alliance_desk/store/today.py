"""Today (core/today.py), from the portfolio: one plain Core query per list, so the window can
show it at start without configuring a single ORM mapper; and snoozing a task to a day."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import delete, select

from alliance_desk.core.habits import week_start
from alliance_desk.core.policy import Policy
from alliance_desk.core.today import (
    DAYS_AHEAD,
    LIMIT,
    MEETINGS_AHEAD,
    Today,
    TodayInputs,
    build,
    only_alliance,
)
from alliance_desk.store import (
    escalations,
    governance,
    habits,
    onboarding,
    portfolio,
    risks,
    stakeholders,
    value,
)
from alliance_desk.store.database import Store
from alliance_desk.store.models import SnoozeRow, table
from alliance_desk.store.policy import load_policy
from alliance_desk.store.retry import retried


def today_inputs(
    store: Store, policy: Policy, today: date, now: datetime, *, every_meeting: bool = False
) -> TodayInputs:
    """Every list Today draws on (`every_meeting`: all meetings ahead, not only the next few,
    to pick one alliance's from)."""
    week = week_start(today, policy.week_start)
    return TodayInputs(
        alliances=portfolio.list_alliances(store),
        calls=stakeholders.calls_due(store, today, DAYS_AHEAD),
        onboarding=onboarding.items_due(store, today, DAYS_AHEAD),
        clocks=escalations.sla_clocks(store),
        reviews=risks.reviews_due(store, today + timedelta(days=DAYS_AHEAD)),
        obligations=risks.list_obligations(store, open_only=True),
        decisions=risks.list_decisions(store, not_implemented=True),
        meetings=governance.coming_meetings(store, now, None if every_meeting else MEETINGS_AHEAD),
        late_actions=governance.late_actions(store, today),
        habits=habits.habits(store),
        checkins=habits.checkins(store, week, week + timedelta(days=6)),
        snoozed=snoozes(store, today),
        milestones=[m for m in value.list_milestones(store) if m.draft.status.open],
        rhythm=value.rhythm_facts(store, now),
    )


def load_today(
    store: Store,
    *,
    policy: Policy | None = None,
    today: date | None = None,
    now: datetime | None = None,
    alliance_id: int | None = None,
    limit: int | None = LIMIT,
) -> Today:
    """Today for the whole portfolio, or one alliance, under the portfolio's policy (read
    here unless given). `limit`: tasks written out (None: all of them)."""
    policy = policy or load_policy(store)
    now = now or datetime.now()
    today = today or now.date()
    inputs = today_inputs(store, policy, today, now, every_meeting=alliance_id is not None)
    if alliance_id is not None:
        inputs = only_alliance(inputs, alliance_id)
    return build(inputs, policy, today, now, limit=limit)


def snoozes(store: Store, today: date) -> dict[str, date]:
    """The user's snoozes still running after `today`: task key -> the day it comes back."""
    rows = table(SnoozeRow).c
    with store.read() as session:
        found = session.execute(select(rows.task, rows.until).where(rows.until > today)).all()
    return {task: until for task, until in found}


@retried
def snooze(store: Store, task: str, until: date | None) -> date | None:
    """Put a task off until `until` (None: bring it back now). Returns the snooze it had
    before (None: none), which given back to this function undoes it."""
    rows = table(SnoozeRow).c
    with store.write() as session:
        before = session.execute(select(rows.until).where(rows.task == task)).scalar()
        session.execute(delete(table(SnoozeRow)).where(rows.task == task))
        if until is not None:
            session.add(SnoozeRow(task=task, until=until))
    return before
