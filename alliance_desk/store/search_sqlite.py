"""Search on the file: the FTS5 index `search_index` that migration 0024 keeps in step.

Ranking (bm25) costs a little for every row it scores, and a short prefix typed at ten times
the heavy portfolio matches tens of thousands of rows. So a search ranks a bounded set of
candidates: all the matches when there are at most `POOL` × the hits wanted, otherwise the
newest of them (an index row's rowid grows with its record's id) plus the older ones whose
title holds every wanted word or begins with the words as typed — an old record named as the
user types it is never pushed out by thousands of newer notes that only mention the words. A
rare word or phrase narrows the matches themselves, so it is always ranked among all of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from alliance_desk.core.search import (
    MARK_END,
    MARK_START,
    SEARCHED,
    Query,
    Term,
    fts5_in_title,
    fts5_match,
    substring_snippet,
)

LIVE = "SELECT id FROM alliances WHERE deleted_at IS NULL"
POOL = 10  # × the hits wanted: how many of the newest matches are ranked
# The number of each source in an index row's rowid (record id × 32 + number), as migration
# 0024 numbers them: what a search of some kinds keeps without reading the row.
SOURCE_KINDS = {
    1: "alliance", 2: "person", 3: "interaction", 4: "escalation", 5: "escalation",
    6: "risks", 7: "decisions", 8: "obligations", 9: "meeting", 10: "meeting", 11: "meeting",
    12: "insights", 13: "plan", 14: "plan", 15: "milestones", 16: "kpis", 17: "meeting",
}  # fmt: skip
COLUMNS = "rowid, what, record_id, alliance_id, day"
SCORE = "bm25(search_index, 4.0, 1.0)"  # a word in the title counts four times
# A row before it is named: rowid, what, record id, alliance id, day, score.
Row = tuple[int, str, int, int, Any, float]


def like(term: Term) -> str:
    escaped = term.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _filters(
    query: Query, alliance_id: int | None, kinds: Sequence[str]
) -> tuple[list[str], dict[str, Any]]:
    """WHERE conditions (and their parameters) every hit meets besides the MATCH."""
    where: list[str] = []
    params: dict[str, Any] = {}
    if set(kinds) != set(SEARCHED):
        sources = ", ".join(str(n) for n, what in SOURCE_KINDS.items() if what in kinds)
        where.append(f"rowid % 32 IN ({sources})")  # from the rowid alone: cheap
    where.append(f"alliance_id IN ({LIVE})")
    if alliance_id is not None:
        where.append("alliance_id = :alliance")
        params["alliance"] = alliance_id
    for number, term in enumerate(t for t in query.terms if t.unspaced):
        clause = f"(title LIKE :like{number} ESCAPE '\\' OR body LIKE :like{number} ESCAPE '\\')"
        where.append(f"NOT {clause}" if term.excluded else clause)
        params[f"like{number}"] = like(term)
    return where, params


def find(
    session: Session, query: Query, alliance_id: int | None, kinds: Sequence[str], limit: int
) -> list[tuple]:
    """(what, record id, alliance id, day, score, snippet) of the best `limit` records."""
    where, params = _filters(query, alliance_id, kinds)
    match = fts5_match(query)
    if match is None:  # only words written without spaces: substrings, newest first
        statement = text(
            f"SELECT {COLUMNS}, 0.0 FROM search_index WHERE {' AND '.join(where)} "
            "ORDER BY day DESC LIMIT :rows"
        )
        rows: list[Row] = list(session.execute(statement, {**params, "rows": limit * 4}))
    else:
        params["match"] = match
        pool = POOL * limit
        while True:
            rows, complete = _ranked(session, query, where, params, pool)
            if complete or len(_distinct(rows, limit)) == limit:
                break
            pool *= 4  # most candidates were of the same few records: look further
    best = _distinct(rows, limit)
    snippets = _snippets(session, [row[0] for row in best], match, query)
    return [(*row[1:], snippets.get(row[0], "")) for row in best]


def _ranked(
    session: Session, query: Query, where: list[str], params: dict[str, Any], pool: int
) -> tuple[list[Row], bool]:
    """The candidates, best first, and whether they are every match."""
    conditions = " AND ".join(["search_index MATCH :match", *where])
    # In the index's own order first: a phrase or a short prefix is walked backwards at up to
    # twice the cost, and most searches match fewer rows than the pool anyway.
    statement = f"SELECT {COLUMNS}, {SCORE} FROM search_index WHERE {conditions}"
    first = text(f"{statement} LIMIT :pool")
    rows: list[Row] = [tuple(r) for r in session.execute(first, {**params, "pool": pool + 1})]
    complete = len(rows) <= pool
    titled = fts5_in_title(query)
    if not complete and titled is not None:
        newest = text(f"{statement} ORDER BY rowid DESC LIMIT :pool")
        rows = [tuple(r) for r in session.execute(newest, {**params, "pool": pool})]
        # Older rows whose title names what was typed, scored by the same full match.
        named = " UNION ".join(
            f"SELECT rowid FROM (SELECT rowid FROM search_index WHERE search_index MATCH "
            f":title{n} AND rowid < :oldest ORDER BY rowid DESC LIMIT :pool)"
            for n in range(len(titled))
        )
        # Between the oldest and newest of them only: the matches past them are not read.
        older = text(
            f"WITH named AS ({named}) SELECT {COLUMNS}, {SCORE} FROM search_index "
            "WHERE +rowid IN named AND rowid < :oldest AND rowid >= (SELECT min(rowid) FROM named) "
            f"AND {conditions}"
        )
        titles = {f"title{n}": expression for n, expression in enumerate(titled)}
        found = session.execute(older, {**params, **titles, "oldest": rows[-1][0], "pool": pool})
        rows += [tuple(r) for r in found]
    rows.sort(key=lambda row: row[0], reverse=True)  # ties: the newest record first
    rows.sort(key=lambda row: str(row[4] or ""), reverse=True)  # then the latest day
    rows.sort(key=lambda row: row[5])  # best score first (bm25: lower is better)
    return rows, complete


def _distinct(rows: list[Row], limit: int) -> list[Row]:
    """The first row of each record (an escalation's history has many), at most `limit`."""
    seen: dict[tuple[str, int], Row] = {}
    for row in rows:
        seen.setdefault((row[1], row[2]), row)
        if len(seen) == limit:
            break
    return list(seen.values())


def _snippets(
    session: Session, rowids: list[int], match: str | None, query: Query
) -> dict[int, str]:
    if not rowids:
        return {}
    ids: Any = bindparam("ids", expanding=True)
    if match is not None and not any(t.unspaced for t in query.wanted):
        # `+rowid`: FTS5 would run the query again for each rowid of an IN list; walking
        # the matches between the first and last wanted row costs far less.
        statement = text(
            f"SELECT rowid, snippet(search_index, -1, '{MARK_START}', '{MARK_END}', '…', 14) "
            "FROM search_index WHERE search_index MATCH :match AND rowid BETWEEN :low AND :high "
            "AND +rowid IN :ids"
        ).bindparams(ids)
        found = session.execute(
            statement, {"match": match, "ids": rowids, "low": min(rowids), "high": max(rowids)}
        )
        return {rowid: snippet for rowid, snippet in found}
    statement = text("SELECT rowid, title, body FROM search_index WHERE rowid IN :ids")
    rows = session.execute(statement.bindparams(ids), {"ids": rowids})
    terms = query.wanted
    return {
        rowid: substring_snippet(f"{title} {body}".strip(), terms) for rowid, title, body in rows
    }
