"""Results kept until a table they read changes (issue 25).

Today counts tens of thousands of bulk tasks on every showing (store/today_counts.py,
≈ 100 ms at ten times the heavy portfolio), though an edit changes one kind of them at most.
The database counts the writes each of those tables has seen (`change_counts`, kept by
triggers: migration 0037), so whoever writes — this window, another one, an import, SQL
typed by hand, a teammate — moves the counter of what they wrote. Each part of a result is
kept with the counters of the tables it reads, and read again only when one has moved.

The counters are read before the parts are (in the same statement as Today's other lists),
so a part is never kept under counters newer than what it was read from: a write landing in
between makes the part look older than it is, and it is read again next time, never the
other way round.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Mapping, Sequence
from datetime import datetime
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from sqlalchemy import (
    BigInteger,
    DateTime,
    Integer,
    String,
    and_,
    bindparam,
    cast,
    column,
    exists,
    func,
    select,
)

from alliance_desk.store import batch
from alliance_desk.store.database import Store
from alliance_desk.store.models import ChangeCountRow, MeetingRow, table

T = TypeVar("T")

# Who sees which rows on the team store (row security reads the grants): every part.
EVERY = ("team_grants", "alliances")
# The tables each part of Today's counts reads (tests/store/test_change_counts.py checks that
# every table their statements name is listed; migration 0037 counts the writes of each).
NEEDS: dict[str, tuple[str, ...]] = {
    "escalation": (*EVERY, "escalations"),
    "risk": (*EVERY, "risks"),
    "decision": (*EVERY, "decisions"),
    "call": (
        *EVERY,
        "people",
        "stakeholders",
        "interactions",
        "interaction_people",
        "last_contacts",
        "private_last_contacts",
    ),
    "stale": (*EVERY, "risks"),
}
# The tables Today's ranking of the bulk tasks reads (store/today_pages.py): those of every
# count, as it ranks what they count.
RANKED = tuple(sorted({name for tables in NEEDS.values() for name in tables}))
# The tables the Habits section's weeks read (store/habit_weeks.py; migration 0038 counts the
# writes of those 0037 did not).
HABIT_WEEKS = (
    *EVERY,
    "habit_checkins",
    "habit_dismissed_credits",
    "interactions",
    "escalations",
    "risks",
    "risk_ratings",
    "decisions",
    "pack_exports",
    "insights",
    "health_checks",
)
# The parts of the Value section's sums kept until a table they read changes
# (store/value_facts.py): those whose every table is counted. The escalations' sums, most of
# Value's reading (≈ 40 ms of 52 at ten times the heavy portfolio), are kept alliance by
# alliance (store/alliance_counts.py, migration 0040).
VALUE: dict[str, tuple[str, ...]] = {
    "risks": (*EVERY, "risks"),
    "decisions": (*EVERY, "decisions"),
}
# The parts of Today's one statement (store/today.py) left out of it while their tables are
# unchanged (`parts_kept`): the alliances and their rhythm, read, sent and made into records
# again on every showing (≈ 14 ms at ten times the heavy portfolio).
RHYTHM = (*EVERY, "interactions", "health_checks", "meetings", "governance_bodies")
TODAY_PARTS: dict[str, tuple[str, ...]] = {"alliances": EVERY, "rhythm": RHYTHM}
# The same of the Value section's one statement (store/value_facts.py).
VALUE_PARTS: dict[str, tuple[str, ...]] = {"alliances": EVERY, "rhythm": RHYTHM}
# The parts that read the moment (`batch.NOW`): the rhythm's last meeting held and the next
# are the same only if no meeting started since the moment it was read for, too.
TIMED = frozenset({"rhythm"})
# The tables the portfolio's count of people on each alliance reads (store/people.py).
PEOPLE = ("team_grants", "people", "stakeholders")
MOST = 64  # parts kept for a store (the days, rules and alliances in use): then all let go

Counters = Mapping[str, int]

_KEPT: WeakKeyDictionary[Store, dict[Hashable, tuple[tuple[int, ...], Any]]] = WeakKeyDictionary()


def _server_counts() -> Any:
    """The team store's counters as `ad_change_counts()` gives them (everyone's, summed by
    the server), as one common table expression: a statement asking for several counters
    (`unchanged`, besides the counters themselves) calls the function once, not once each
    (it sums ≈ 1,200 rows: ≈ 1 ms a call, ten calls in Today's and Value's statement)."""
    totals = func.ad_change_counts().table_valued(column("name", String), column("n"))
    return select(totals.c.name, totals.c.n).cte("change_totals")


_SERVER_COUNTS = _server_counts()


def counters_query(dialect: str) -> batch.Query[dict[str, int]]:
    """How many writes each counted table has seen (on the team store: everyone's, summed
    by the server, as members may not read who wrote how often). One JSON object, not a row
    a counter: 1,218 counters at ten times the heavy portfolio made as many rows to decode
    and wrap at every reading (≈ 0.5 ms of a register's head)."""
    if dialect == "postgresql":
        totals = _SERVER_COUNTS.c
        statement = select(func.json_object_agg(totals.name, cast(totals.n, BigInteger)))
    else:
        # A file has one writer, '': one row a counter, nothing to sum (half the time of
        # summing them).
        counted = table(ChangeCountRow).c
        statement = select(func.json_group_object(counted.name, counted.n)).where(
            counted.member == ""
        )
    return batch.Query(statement, _counters)


def _counters(found: Sequence[Any]) -> dict[str, int]:
    value = found[0][0] if found else None
    if isinstance(value, str):  # SQLite hands the object on as text
        value = json.loads(value)
    return dict(value or {})  # PostgreSQL's json_object_agg of no rows is NULL


def _counter(dialect: str, name: str) -> Any:
    """One table's counter, as `counters_query` reads it (0 for a table not counted yet)."""
    if dialect == "postgresql":
        n, named = _SERVER_COUNTS.c.n, _SERVER_COUNTS.c.name
    else:
        counted = table(ChangeCountRow).c
        n, named = counted.n, counted.name
    return select(func.coalesce(func.sum(n), 0)).where(named == name).scalar_subquery()


def unchanged(dialect: str, needs: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """For each part named in `needs` (part -> the tables it reads), the condition that none
    of its tables has changed since it was kept: each counter as given in `seen <part>
    <table>` (`parts_kept` gives them), and for a part in TIMED no meeting started between
    `seen <part> now` and `now`. For `batch.Together`'s `unless`."""
    conditions = {}
    for part, tables in needs.items():
        same = [
            _counter(dialect, name) == bindparam(f"seen {part} {name}", type_=Integer)
            for name in tables
        ]
        if part in TIMED:
            starts = table(MeetingRow).c.starts_at
            since = bindparam(f"seen {part} now", type_=DateTime)
            same.append(~exists().where(starts > since, starts <= batch.NOW))
        conditions[part] = and_(*same)
    return conditions


def parts_kept(
    store: Store,
    key: Hashable,
    needs: Mapping[str, Sequence[str]],
    run: Callable[[dict[str, Any]], dict[str, Any]],
    now: datetime | None = None,
) -> dict[str, Any]:
    """What `run(seen)` finds — a statement built with `unless=unchanged(…, needs)` and the
    counters as its part "counters" — with each part of `needs` it left out (`batch.KEPT`:
    its tables unchanged since it was kept, for `key`) as it was kept; the parts it read are
    kept with the counters read beside them, in the same snapshot (and, TIMED, the moment
    `now` the statement was run for)."""
    kept = _KEPT.setdefault(store, {})
    held = {part: kept.get((key, part)) for part in needs}
    seen: dict[str, Any] = {
        f"seen {part} {name}": had[0][i] if had is not None else -1
        for part, had in held.items()
        for i, name in enumerate(needs[part])
    }
    for part in TIMED & set(needs):
        had = held[part]
        seen[f"seen {part} now"] = had[1][1] if had is not None else datetime.min
    found = run(seen)
    for part, tables in needs.items():
        had = held[part]
        if found[part] is batch.KEPT:
            if had is None:  # cannot be: no counter is -1
                raise RuntimeError(f"{part} was left out but never kept")
            found[part] = had[1][0]
        else:
            if len(kept) >= MOST:
                kept.clear()
            kept[(key, part)] = (_stamp(found["counters"], tables), (found[part], now))
    return found


def _stamp(counters: Counters, tables: Sequence[str]) -> tuple[int, ...]:
    return tuple(counters.get(name, 0) for name in tables)


def reused(
    store: Store,
    key: Hashable,
    counters: Counters | None,
    needs: Mapping[str, Sequence[str]],
    read: Callable[[tuple[str, ...]], Mapping[str, T]],
) -> dict[str, T]:
    """Each part named in `needs` (part -> the tables it reads), for `key` (what else it
    depends on: the day, the rules, the chosen alliance): kept where none of its tables has
    changed since it was read, the others read together by `read(parts)`. `counters`: as read
    before (None: not known, every part is read)."""
    kept = _KEPT.setdefault(store, {})
    found: dict[str, T] = {}
    stale = []
    for part, tables in needs.items():
        had = kept.get((key, part)) if counters is not None else None
        if had is not None and had[0] == _stamp(counters or {}, tables):
            found[part] = had[1]
        else:
            stale.append(part)
    if stale:
        fresh = read(tuple(stale))
        if len(kept) + len(stale) > MOST:
            kept.clear()
        for part in stale:
            found[part] = fresh[part]
            if counters is not None:
                kept[(key, part)] = (_stamp(counters, needs[part]), fresh[part])
    return found


def moved(
    store: Store, key: Hashable, part: str, counters: Counters, tables: Sequence[str]
) -> set[str] | None:
    """Those of a kept part's `tables` whose counters moved since it was kept (None: it is
    not kept)."""
    had = _KEPT.get(store, {}).get((key, part))
    if had is None:
        return None
    return {name for name, was in zip(tables, had[0], strict=True) if counters.get(name, 0) != was}


def keep(
    store: Store,
    key: Hashable,
    part: str,
    counters: Counters,
    tables: Sequence[str],
    value: Any,
) -> None:
    """Keep a part worked out another way (from its pieces) as if `reused` had read it
    under `counters`."""
    kept = _KEPT.setdefault(store, {})
    if len(kept) >= MOST:
        kept.clear()
    kept[(key, part)] = (_stamp(counters, tables), value)


def forget(store: Store | None = None) -> None:
    """Let go of every part kept (for a store, or for all)."""
    if store is None:
        _KEPT.clear()
    else:
        _KEPT.pop(store, None)
