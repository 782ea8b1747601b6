"""What a register reads beside its page, kept until the tables it reads change (issue 25).

On every showing a register read the name of each live alliance (its alliance column on "All
alliances": 600 names at ten times the heavy portfolio), the people of the alliance of the
record shown, and the Risk register its heat map (20,000 risks counted by likelihood and
impact): ≈ 6 ms and three statements, though most showings follow an edit that changed none
of them. Now one statement reads the change counters (store/change_counts.py) and the names
only if an alliance or grant changed since they were read; the heat map is counted again
only for the alliances whose risks changed (store/alliance_counts.py, migration 0044), and
the people of an alliance only when people or their places changed.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple
from weakref import WeakKeyDictionary

from sqlalchemy import Integer, Select, bindparam, func, select

from alliance_desk.core.risks import RiskStatus
from alliance_desk.store import alliance_counts, batch, change_counts
from alliance_desk.store.database import Store
from alliance_desk.store.kept import Kept
from alliance_desk.store.models import AllianceRow, RiskRow, table

NAMES = {"names": change_counts.EVERY}


@dataclass(frozen=True)
class Head:
    counters: change_counts.Counters  # as read before anything kept under them
    names: dict[int, str]  # each live alliance's name (empty unless asked for)

    def stamp(self, tables: Sequence[str]) -> tuple[int, ...]:
        """The counters of `tables`: the same while none of them has changed."""
        return tuple(self.counters.get(name, 0) for name in tables)


def _names_query() -> batch.Query[dict[int, str]]:
    alliances = table(AllianceRow).c
    statement = select(alliances.id, alliances.name).where(alliances.deleted_at.is_(None))
    return batch.Query(statement, lambda rows: {alliance_id: name for alliance_id, name in rows})


def register_head(store: Store, *, names: bool) -> Head:
    """The change counters and (`names`) each live alliance's name, in one statement that
    leaves the names out while the alliances and grants are unchanged since they were kept."""
    needs = NAMES if names else {}
    with store.read() as session:
        dialect = session.get_bind().dialect.name
        built = batch.prepared(
            session,
            ("register head", names),
            lambda: {
                "counters": change_counts.counters_query(dialect),
                **({"names": _names_query()} if names else {}),
            },
            lambda dialect: change_counts.unchanged(dialect, needs),
        )
        found = change_counts.parts_kept(
            store, ("register head",), needs, lambda seen: built.run(session, seen)
        )
    return Head(found["counters"], found.get("names", {}))


class _Cells(NamedTuple):
    alliance_id: int
    cells: tuple[tuple[int, int, int], ...]  # (likelihood, impact, open risks)


def _cells_query(one: bool, chosen: bool) -> Select[Any]:
    """Open risks of live alliances per alliance, likelihood and impact, in the order of
    ix_risks_alliance_cells (`one`: of the alliance given as `alliance` only; `chosen`: of
    the alliances given as the ids `alliances` only)."""
    rows, alliances = table(RiskRow), table(AllianceRow)
    query = (
        select(rows.c.alliance_id, rows.c.likelihood, rows.c.impact, func.count())
        .join_from(rows, alliances, alliances.c.id == rows.c.alliance_id)
        .where(alliances.c.deleted_at.is_(None), rows.c.status != RiskStatus.CLOSED.value)
        .group_by(rows.c.alliance_id, rows.c.likelihood, rows.c.impact)
    )
    if one:
        query = query.where(rows.c.alliance_id == bindparam("alliance", type_=Integer))
    if chosen:
        query = query.where(batch.among(rows.c.alliance_id, batch.ids("alliances")))
    return query


_CELLS: Kept[Select[Any]] = Kept(4)


def risk_cells(
    store: Store, alliance_id: int | None, counters: change_counts.Counters | None = None
) -> dict[tuple[int, int], int]:
    """Open risks per (likelihood, impact) of one alliance or of all: the heat map, counted
    by the database — with `counters` (`register_head`'s) each alliance's cells kept until
    its risks change."""
    one = alliance_id is not None

    def read(ids: Sequence[int] | None) -> list[_Cells]:
        chosen = ids is not None
        query = _CELLS.get((one, chosen), lambda: _cells_query(one, chosen))
        with store.read() as session:
            rows = session.execute(query, {"alliance": alliance_id, "alliances": list(ids or ())})
            grouped: dict[int, list[tuple[int, int, int]]] = {}
            for at, likelihood, impact, n in rows:
                grouped.setdefault(at, []).append((likelihood, impact, n))
        return [_Cells(at, tuple(found)) for at, found in grouped.items()]

    if counters is None:
        return _Summed().add(read(None))
    key = ("risk cells", alliance_id)
    kept = alliance_counts.by_alliance(store, key, counters, "risks", read)
    summed = _SUMMED.setdefault(store, {})
    if key not in summed and len(summed) >= alliance_counts.MOST:
        summed.clear()
    return summed.setdefault(key, _Summed()).add(kept)


class _Summed:
    """The cells of every alliance, summed, and the rows they were summed from: the rows
    kept since are not added again (an edit changes one alliance's: 11,000 cells of 600
    alliances added again took ≈ 3 ms at ten times the heavy portfolio)."""

    def __init__(self) -> None:
        self.rows: dict[int, _Cells] = {}
        self.cells: dict[tuple[int, int], int] = {}

    def add(self, rows: Sequence[_Cells]) -> dict[tuple[int, int], int]:
        now = {row.alliance_id: row for row in rows}
        for gone in self.rows.keys() - now.keys():
            self._count(self.rows.pop(gone), -1)
        for alliance_id, row in now.items():
            was = self.rows.get(alliance_id)
            if was is not row:
                if was is not None:
                    self._count(was, -1)
                self._count(row, 1)
                self.rows[alliance_id] = row
        return dict(self.cells)

    def _count(self, row: _Cells, sign: int) -> None:
        for likelihood, impact, n in row.cells:
            cell = (likelihood, impact)
            total = self.cells.get(cell, 0) + sign * n
            if total:
                self.cells[cell] = total
            else:
                del self.cells[cell]


_SUMMED: WeakKeyDictionary[Store, dict[Hashable, _Summed]] = WeakKeyDictionary()
