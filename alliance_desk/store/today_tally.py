"""Today's tally of open escalations, kept alliance by alliance (issue 25).

Today counts every open escalation in one statement; once only escalations moved (an issue
edited), it tallies them again alliance by alliance, only the alliances whose escalations
changed (store/alliance_counts.py, migration 0040). The first such edit had to tally every
alliance once (≈ 10 ms at ten times the heavy portfolio: 60,000 issues), on the way to the
screen; `tally_ahead` does that while the window is idle instead (ui/warm_up.py), for the
plan Today was last counted under.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from weakref import WeakKeyDictionary

from alliance_desk.store import alliance_counts, batch, change_counts
from alliance_desk.store.database import Store
from alliance_desk.store.today_counts import by_alliance_query, summed
from alliance_desk.store.today_rank import Plan

# What Today was last counted under, per store: (its plan, the key of its counts, the
# counters read before them).
_LAST: WeakKeyDictionary[Store, tuple[Plan, tuple[Any, ...], dict[str, int]]] = WeakKeyDictionary()


def escalations_moved(
    store: Store, plan: Plan, key: tuple[Any, ...], counters: dict[str, int]
) -> None:
    """When only escalations moved since their tally was kept (an issue edited), tally them
    again alliance by alliance, only the alliances whose escalations changed (the others
    kept), and keep the sum, so `change_counts.reused` finds it fresh. Counting every open
    issue again took ≈ 6 ms at ten times the heavy portfolio."""
    tables = change_counts.NEEDS["escalation"]
    if change_counts.moved(store, key, "escalation", counters, tables) != {"escalations"}:
        return
    rows = _by_alliance(store, plan, key, counters)
    change_counts.keep(store, key, "escalation", counters, tables, summed("escalation", rows))


def _by_alliance(
    store: Store, plan: Plan, key: tuple[Any, ...], counters: dict[str, int]
) -> list[Any]:
    def read(ids: Sequence[int] | None) -> list[Any]:
        with store.read() as session:
            built = batch.prepared(
                session,
                (*key, "escalations by alliance", ids is None),
                lambda: {"rows": by_alliance_query(plan, "escalation", ids is not None)},
            )
            return built.run(session, {"alliances": list(ids or ())})["rows"]

    return alliance_counts.by_alliance(store, key, counters, "escalations", read)


def remember(store: Store, plan: Plan, key: tuple[Any, ...], counters: dict[str, int]) -> None:
    """Today was counted for `plan` under `counters`: what `tally_ahead` prepares for."""
    _LAST[store] = (plan, key, dict(counters))


def pending(store: Store | None) -> bool:
    """Whether `tally_ahead` has anything to do for `store`."""
    if store is None or store not in _LAST:
        return False
    return not alliance_counts.holds(store, _LAST[store][1])


def tally_ahead(store: Store | None) -> None:
    """Tally the open escalations of Today's last plan alliance by alliance, under the
    counters its counts were read with, unless that is done: an issue edited next is then
    tallied for its own alliance alone. The counters are those of the last reading: a write
    since makes its alliance's rows look older than they are (read again), never newer."""
    last = _LAST.pop(store, None) if store is not None else None
    if store is None or last is None or alliance_counts.holds(store, last[1]):
        return
    plan, key, counters = last
    _by_alliance(store, plan, key, counters)
