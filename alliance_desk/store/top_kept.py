"""Today's first tasks kept across an escalation edit, alliance by alliance (issue 25).

Today's ranking statement picks every task that may be among the first `n`: those scoring
at least the `n`-th best score (the edge) less a margin (store/today_pages.py). It reads every
open escalation, risk review, decision and call of the heavy alliances (≈ 14 ms on the file
at ten times the heavy portfolio, 25–35 ms on the team store), and ran again after any
escalation was written, though an edit touches one alliance's. The database counts each
alliance's escalation writes (`escalations@<id>`, migration 0040).

When only escalations changed, and only on alliances whose counters say so, the rows picked
before are kept but for those alliances' escalations (no other task or score has changed),
and those alliances' escalations scoring at least the old edge less the margin are read (one
small statement). The new edge is the `n`-th best of those together. If it is not below
the old one, every other task that could now be picked was picked before (it scored at least
the old edge less the margin), so the rows at least the new edge less the margin are exactly
what the whole statement would pick, or more — and the exact ranking in Python then
gives the same first `n`. If the edge fell (a task left the top: resolved, snoozed, moved
away), the whole statement runs, as it does for any other change.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from alliance_desk.store.alliance_counts import alliance_counters
from alliance_desk.store.change_counts import RANKED
from alliance_desk.store.database import Store

COUNTED = "escalations"  # the table counted alliance by alliance (0040)
KIND = "escalation"  # its tasks: the only ones an escalation write changes
NONE = -1.0  # the edge when fewer than `n` tasks are picked: every one is (scores are > 0)
MOST = 16  # rankings kept for a store (days, lists, rules): then all let go

Picked = tuple[str, int, int, float]  # (kind, id, alliance id, score as the database has it)


@dataclass(frozen=True)
class _Held:
    whole: tuple[int, ...]  # the counters of every other table the ranking reads
    total: int  # the escalations' own counter
    alliances: dict[str, int]  # each alliance's escalation counter
    rows: tuple[Picked, ...]
    edge: float


_KEPT: WeakKeyDictionary[Store, dict[Hashable, _Held]] = WeakKeyDictionary()


def edge_of(rows: Sequence[Picked], count: int) -> float:
    """The `count`-th best score among `rows` (NONE if fewer)."""
    if len(rows) < count:
        return NONE
    return sorted((row[3] for row in rows), reverse=True)[count - 1]


def top_rows(
    store: Store,
    key: Hashable,
    counters: Mapping[str, int] | None,
    count: int,
    margin: float,
    read_all: Callable[[], Sequence[Picked]],
    read_moved: Callable[[list[int], float], Sequence[Picked]],
) -> list[Picked]:
    """The rows `read_all()` would give now: kept, completed by `read_moved(alliance ids,
    least score)` (their escalations' tasks scoring at least that), or read whole (see the
    module's docstring). `counters`: as read before the counts (store/change_counts.py);
    None: nothing is kept."""
    if counters is None:
        return list(read_all())
    kept = _KEPT.setdefault(store, {})
    whole = tuple(counters.get(name, 0) for name in (*RANKED, f"{COUNTED}@*") if name != COUNTED)
    total, alliances = counters.get(COUNTED, 0), alliance_counters(counters, COUNTED)
    held = kept.get(key)
    if held is not None and held.whole == whole:
        if held.total == total:
            return list(held.rows)
        moved = {
            int(name)
            for name in set(alliances) | set(held.alliances)
            if alliances.get(name) != held.alliances.get(name)
        }
        if moved:
            rows = [row for row in held.rows if row[0] != KIND or row[2] not in moved]
            rows += read_moved(sorted(moved), held.edge - margin)
            edge = edge_of(rows, count)
            if edge >= held.edge:
                chosen = tuple(row for row in rows if row[3] >= edge - margin)
                kept[key] = _Held(whole, total, alliances, chosen, edge)
                return list(chosen)
    every = tuple(read_all())
    if len(kept) >= MOST:
        kept.clear()
    kept[key] = _Held(whole, total, alliances, every, edge_of(every, count))
    return list(every)


def forget(store: Store | None = None) -> None:
    """Let go of every ranking kept (for a store, or for all)."""
    if store is None:
        _KEPT.clear()
    else:
        _KEPT.pop(store, None)
