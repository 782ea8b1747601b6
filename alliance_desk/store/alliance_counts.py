"""Sums kept alliance by alliance until that alliance's records change (issue 25).

Value sums each alliance's escalations — 60,000 at ten times the heavy portfolio, ≈ 40 ms —
and an edit changes one alliance's. The database counts each alliance's writes of a table
beside the table's own (`<table>@<alliance id>`, migration 0040), so after a write only the
alliances whose counters moved are summed again, and the others' sums are kept.

Everything is summed again when a table every reading depends on changed (who sees which
alliance, the alliances themselves), when the table was emptied at once (`<table>@*`: a
TRUNCATE names no alliance), or when the table's own counter moved though no alliance's
counter the reader can see did (on the team store a member sees only their granted
alliances' counters; the superuser, who has no grants, none).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from alliance_desk.store.change_counts import EVERY
from alliance_desk.store.database import Store

MOST = 16  # sums kept for a store (the days and rules in use): then all let go


@dataclass(frozen=True)
class _Held:
    whole: tuple[int, ...]  # the counters of what every sum depends on
    total: int  # the table's own counter
    alliances: dict[str, int]  # each alliance's counter, by its id as the counter names it
    rows: dict[int, Any]  # each alliance's row of sums


_KEPT: WeakKeyDictionary[Store, dict[Hashable, _Held]] = WeakKeyDictionary()


def alliance_counters(counters: Mapping[str, int], table: str) -> dict[str, int]:
    prefix = f"{table}@"
    return {
        name[len(prefix) :]: n
        for name, n in counters.items()
        if name.startswith(prefix) and name != f"{table}@*"
    }


def by_alliance(
    store: Store,
    key: Hashable,
    counters: Mapping[str, int],
    table: str,
    read: Callable[[Sequence[int] | None], Sequence[Any]],
) -> list[Any]:
    """The rows of a sum over `table` grouped by alliance (each row's `alliance_id`), for
    `key` (the day, the rules): those kept where the alliance's counter has not moved, the
    others read by `read(their ids)` — or every row by `read(None)`. `counters`: as read
    before the rows (store/change_counts.py)."""
    kept = _KEPT.setdefault(store, {})
    whole = tuple(counters.get(name, 0) for name in (*EVERY, f"{table}@*"))
    total, alliances = counters.get(table, 0), alliance_counters(counters, table)
    held = kept.get(key)
    if held is not None and held.whole == whole:
        if held.total == total:
            return list(held.rows.values())
        moved = sorted(
            name
            for name in set(alliances) | set(held.alliances)
            if alliances.get(name) != held.alliances.get(name)
        )
        if moved:
            ids = [int(name) for name in moved]
            gone = set(ids)
            rows = {i: row for i, row in held.rows.items() if i not in gone}
            rows.update((row.alliance_id, row) for row in read(ids))
            kept[key] = _Held(whole, total, alliances, rows)
            return list(rows.values())
    rows = {row.alliance_id: row for row in read(None)}
    if len(kept) >= MOST:
        kept.clear()
    kept[key] = _Held(whole, total, alliances, rows)
    return list(rows.values())


def holds(store: Store, key: Hashable) -> bool:
    """Whether sums are kept for `key` (under whichever counters)."""
    return key in _KEPT.get(store, {})


def forget(store: Store | None = None) -> None:
    """Let go of every sum kept (for a store, or for all)."""
    if store is None:
        _KEPT.clear()
    else:
        _KEPT.pop(store, None)
