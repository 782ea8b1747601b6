"""Today (core/today.py), from the portfolio: every list in one statement of plain Core queries
(store/batch.py), so the window can show it at start without configuring a single ORM mapper,
and the team store answers it in one round trip; and snoozing a task to a day."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from alliance_desk.core import wall
from alliance_desk.core.cadence import Cadence
from alliance_desk.core.last import Last
from alliance_desk.core.policy import Policy
from alliance_desk.core.rhythm import RhythmFacts
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
    batch,
    calls_due,
    change_counts,
    escalations,
    governance,
    habits,
    obligations,
    onboarding,
    portfolio,
    risks,
    today_tally,
    value,
)
from alliance_desk.store.database import Store
from alliance_desk.store.models import SnoozeRow, table
from alliance_desk.store.policy import policy_query
from alliance_desk.store.retry import retried
from alliance_desk.store.today_counts import (
    counts_query,
    holding,
    stale_reviews_query,
    together,
)
from alliance_desk.store.today_pages import StoreRanking, grouped
from alliance_desk.store.today_rank import KINDS, Plan, plan_key


def today_inputs(
    store: Store,
    policy: Policy | None,
    today: date,
    now: datetime,
    *,
    every_meeting: bool = False,
    bulk: bool = True,
) -> tuple[Policy, TodayInputs]:
    """The policy (read here unless given) and every list Today draws on (`every_meeting`: all
    meetings ahead, not only the next few, to pick one alliance's from), in one statement:
    on the team store each statement is a round trip. Without `bulk`, the escalations, risk
    reviews and decisions are left for the store to rank (store/today_rank.py)."""
    found = _inputs_found(store, policy, today, now, every_meeting, bulk)
    return policy or found["policy"], _inputs_of(found)


def _inputs_found(
    store: Store,
    policy: Policy | None,
    today: date,
    now: datetime,
    every_meeting: bool,
    bulk: bool,
) -> dict[str, Any]:
    user = store.user or None
    with store.read() as session:
        statement = _inputs_statement(session, today, user, every_meeting, policy is None, bulk)
        if bulk:
            return statement.run(session, {"now": now})
        # The alliances and their rhythm, unless they changed: left out while they are kept.
        return change_counts.parts_kept(
            store,
            "today inputs",
            change_counts.TODAY_PARTS,
            lambda seen: statement.run(session, {"now": now, **seen}),
            now,
        )


def _read_inputs(
    store: Store, policy: Policy | None, today: date, now: datetime, *, every_meeting: bool
) -> tuple[Policy, TodayInputs, dict[str, int]]:
    """`today_inputs` for the store's ranking, with the tables' change counters read in the
    same statement (before Today's counts: store/change_counts.py)."""
    found = _inputs_found(store, policy, today, now, every_meeting, bulk=False)
    return policy or found["policy"], _inputs_of(found), found["counters"]


def _inputs_of(found: dict[str, Any]) -> TodayInputs:
    return TodayInputs(
        alliances=found["alliances"],
        calls=found["calls"],
        onboarding=found["onboarding"],
        clocks=found.get("clocks", []),
        reviews=found.get("reviews", []),
        obligations=found["obligations"],
        decisions=found.get("decisions", []),
        meetings=found["meetings"],
        late_actions=found["late_actions"],
        habits=found["habits"],
        checkins=habits.merged_checkins(found) if "checkins" in found else [],
        checked=found.get("checked"),
        snoozed=found["snoozed"],
        milestones=[m for m in found["milestones"] if m.draft.status.open],
        rhythm=found["rhythm"],
        reviewing=found.get("reviewing", frozenset()),
    )


def _inputs_statement(
    session: Session | str,
    today: date,
    user: str | None,
    every_meeting: bool,
    read_policy: bool,
    bulk: bool,
) -> batch.Together:
    """`today_inputs`' one statement, built once for the day, the user and what is read
    (`now` is given as it runs); `session`: the one it runs in, or its dialect's name."""

    def queries() -> dict[str, batch.Query[Any]]:
        found = today_queries(
            today, batch.NOW, user=user, every_meeting=every_meeting, policy=read_policy,
            tallied=not bulk,
        )  # fmt: skip
        if not bulk:
            for name in ("clocks", "reviews", "decisions"):
                del found[name]
            # Each open risk's last rating is counted in SQL too (today_counts.py).
            found["rhythm"] = value.rhythm_facts_query(batch.NOW, risks=False)
            # Only the custom cadences' calls: the store ranks the fixed ones (today_calls.py).
            found["calls"] = calls_due.calls_due_query(
                today, DAYS_AHEAD, cadences=(Cadence.CUSTOM,)
            )
            dialect = session if isinstance(session, str) else session.get_bind().dialect.name
            found["counters"] = change_counts.counters_query(dialect)
        return found

    key = ("today", today, user, every_meeting, read_policy, bulk)
    if bulk:
        return batch.prepared(session, key, queries)
    return batch.prepared(
        session,
        key,
        queries,
        lambda dialect: change_counts.unchanged(dialect, change_counts.TODAY_PARTS),
    )


def build_ahead(today: date) -> None:
    """Build the statement a portfolio file's first Today reads, before the file is open:
    an encrypted file's start does it while the key is derived on another core (≈ 30 ms of
    Python that would otherwise come after the key, on the way to the first screen)."""
    _inputs_statement("sqlite", today, None, False, False, False)


def today_queries(
    today: date,
    now: batch.When,
    *,
    user: str | None,
    every_meeting: bool,
    policy: bool,
    tallied: bool = False,
) -> dict[str, batch.Query[Any]]:
    """What Today reads, by name (`policy`: the portfolio's policy too; `user`: the team
    store's role, whose own check-ins and credits count; `tallied`: the check-ins and credits
    counted by habit and day, not listed)."""
    # The check-ins of the week holding `today`, whichever day the policy starts it on.
    first, last = today - timedelta(days=6), today + timedelta(days=6)
    queries: dict[str, batch.Query[Any]] = {
        "alliances": portfolio.alliances_query(),
        "calls": calls_due.calls_due_query(today, DAYS_AHEAD),
        "onboarding": onboarding.items_due_query(today, DAYS_AHEAD),
        "clocks": escalations.sla_clocks_query(),
        "reviews": risks.reviews_due_query(today + timedelta(days=DAYS_AHEAD)),
        "obligations": obligations.obligations_query(open_only=True),
        "decisions": risks.decisions_due_query(today),
        "meetings": governance.coming_meetings_query(
            now, None if every_meeting else MEETINGS_AHEAD
        ),
        "late_actions": governance.late_actions_query(today),
        "habits": habits.habits_query(),
        **(
            {"checked": habits.tallies_query(first, last, user)}
            if tallied
            else habits.checkins_queries(first, last, user)
        ),
        "snoozed": snoozes_query(today),
        "milestones": value.milestones_query(),
        "rhythm": value.rhythm_facts_query(now),
    }
    if policy:
        queries["policy"] = policy_query()
    return queries


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
    now = now or wall.now()
    today = today or now.date()
    with _uncollected():
        policy, inputs, counters = _read_inputs(
            store, policy, today, now, every_meeting=alliance_id is not None
        )
        if alliance_id is not None:
            inputs = only_alliance(inputs, alliance_id)
        plan = Plan(
            today, policy, inputs.alliances, today + timedelta(days=DAYS_AHEAD),
            only=alliance_id, postgres=store.path is None, snoozed=inputs.snoozed,
        )  # fmt: skip
        found = _counted(store, plan, counters)
        counts, stalled = together(found[kind] for kind in KINDS)
        groups = grouped(counts)  # one grouping for both lists and all their variants
        ranked = (
            StoreRanking(store, plan, counts, asleep=False, groups=groups, counters=counters),
            StoreRanking(store, plan, counts, asleep=True, groups=groups, counters=counters),
        )
        inputs = replace(
            inputs,
            ranked=ranked,
            stalled=stalled,
            calling=holding(counts, "call"),
            weights=plan.weights,  # worked out once, for the store's ranking and Python's
            reviewing=holding(counts, "risk"),
            rhythm=_with_stale_reviews(inputs, found["stale"]),
        )
        return build(inputs, policy, today, now, limit=limit)


def _counted(store: Store, plan: Plan, counters: dict[str, int]) -> dict[str, Any]:
    """Each bulk kind's tally and the stale risk reviews (store/today_counts.py), each kept
    until a table it reads changes (store/change_counts.py): after an edit, only what it
    touched is counted again, in one statement."""
    key = ("today counts", *plan_key(plan, plan.asleep()))

    def read(parts: tuple[str, ...]) -> dict[str, Any]:
        kinds = tuple(kind for kind in KINDS if kind in parts)

        def queries() -> dict[str, batch.Query[Any]]:
            asked: dict[str, batch.Query[Any]] = {}
            if kinds:
                asked["counts"] = counts_query(plan, kinds)
            if "stale" in parts:
                asked["stale"] = stale_reviews_query(plan)
            return asked

        with store.read() as session:
            found = batch.prepared(session, (*key, parts), queries).run(session)
        tallies: dict[str, Any] = found.get("counts", {})
        return {**tallies, **({"stale": found["stale"]} if "stale" in parts else {})}

    today_tally.escalations_moved(store, plan, key, counters)
    found = change_counts.reused(store, key, counters, change_counts.NEEDS, read)
    today_tally.remember(store, plan, key, counters)
    return found


def _with_stale_reviews(
    inputs: TodayInputs, stale: dict[int, tuple[int, date | None]]
) -> dict[int, RhythmFacts]:
    """Each alliance's rhythm facts with its open risks not reviewed in time, as counted
    (the same while both and the alliances are those kept)."""
    return _LAST_FACTS.get(
        (inputs.rhythm, stale, inputs.alliances), (), lambda: _facts_with(inputs, stale)
    )


_LAST_FACTS: Last[dict[int, RhythmFacts]] = Last()


def _facts_with(
    inputs: TodayInputs, stale: dict[int, tuple[int, date | None]]
) -> dict[int, RhythmFacts]:
    known, facts = inputs.rhythm or {}, {}
    for alliance in inputs.alliances:
        counted = stale.get(alliance.id, (0, None))
        had = known.get(alliance.id)
        # Made whole, not `replace`d: a replace costs several constructor calls (×600 here).
        facts[alliance.id] = (
            RhythmFacts(alliance.id, stale_reviews=counted)
            if had is None
            else RhythmFacts(
                alliance.id, had.last_contact, had.last_check, had.last_meeting,
                had.next_meeting, had.risk_reviews, counted,
            )
        )  # fmt: skip
    return {**known, **facts}


@contextmanager
def _uncollected() -> Iterator[None]:
    """No cycle collection while Today reads and ranks: on a team store it makes a hundred
    thousand small objects that hold no cycles, and the collector would scan every live
    object again and again as they are made (a fifth of Today's time)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def snoozes(store: Store, today: date) -> dict[str, date]:
    """The user's snoozes still running after `today`: task key -> the day it comes back."""
    return batch.run(store, snoozes_query(today))


def snoozes_query(today: date) -> batch.Query[dict[str, date]]:
    rows = table(SnoozeRow).c
    return batch.Query(
        select(rows.task, rows.until).where(rows.until > today),
        lambda found: {task: until for task, until in found},
    )


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
