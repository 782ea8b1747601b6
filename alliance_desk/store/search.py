"""Find records by the words in them: `search(store, "fill-finish slot")`.

On the file, the FTS5 index that migration 0024 keeps in step by triggers; on the team store,
PostgreSQL text search over the tables themselves (`search_postgres`), so its row-level
security decides what a member finds. Both return `core.search.Hit`s, best first, at most one
per record, only of live alliances; a hit knows what to open and is named as its list names
it. A handful of statements per search, whatever the portfolio's size."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from alliance_desk.core import wall
from alliance_desk.core.dates import shown
from alliance_desk.core.records import Opens
from alliance_desk.core.search import (
    LIMIT,
    SEARCHED,
    Hit,
    Query,
    interaction_title,
    parse,
)
from alliance_desk.store.database import Store


def search(
    store: Store,
    query: str | Query,
    *,
    alliance_id: int | None = None,
    kinds: Iterable[str] | None = None,
    limit: int = LIMIT,
) -> list[Hit]:
    """The records matching `query` (see core.search.parse), best first; of one alliance
    and of some kinds (`core.search.SEARCHED` names them) when asked."""
    wanted = query if isinstance(query, Query) else parse(query)
    chosen = tuple(kinds) if kinds is not None else SEARCHED
    unknown = set(chosen) - set(SEARCHED)
    if unknown:
        raise ValueError(f"No such kind of record: {', '.join(sorted(unknown))}.")
    if not wanted or not chosen:
        return []
    with store.read() as session:
        from alliance_desk.store import search_postgres, search_sqlite

        postgres = session.get_bind().dialect.name == "postgresql"
        engine = search_postgres if postgres else search_sqlite
        return _named(session, engine.find(session, wanted, alliance_id, chosen, limit))


# A hit before it is named: what, record id, alliance id, day, score, snippet.
Found = tuple[str, int, int, Any, float, str]


TITLES = {
    "alliance": "SELECT id, name FROM alliances WHERE id IN :ids",
    "person": "SELECT s.id, p.name FROM stakeholders s JOIN people p ON p.id = s.person_id "
    "WHERE s.id IN :ids",
    "escalation": "SELECT id, title FROM escalations WHERE id IN :ids",
    "risks": "SELECT id, title FROM risks WHERE id IN :ids",
    "decisions": "SELECT id, title FROM decisions WHERE id IN :ids",
    "obligations": "SELECT id, title FROM obligations WHERE id IN :ids",
    "insights": "SELECT id, title FROM insights WHERE id IN :ids",
    "milestones": "SELECT id, title FROM milestones WHERE id IN :ids",
    "kpis": "SELECT id, name FROM kpis WHERE id IN :ids",
    "plan": "SELECT o.id, p.name, o.role FROM onboarding_plans o "
    "JOIN stakeholders s ON s.id = o.stakeholder_id JOIN people p ON p.id = s.person_id "
    "WHERE o.id IN :ids",
    "meeting": "SELECT m.id, b.name, m.starts_at FROM meetings m "
    "JOIN governance_bodies b ON b.id = m.body_id WHERE m.id IN :ids",
    # An interaction opens the contact log of the first person it was with on its alliance.
    "interaction": "SELECT i.id, i.kind, i.occurred_on, (SELECT min(s.id) FROM "
    "interaction_people ip JOIN stakeholders s ON s.person_id = ip.person_id "
    "AND s.alliance_id = i.alliance_id WHERE ip.interaction_id = i.id) "
    "FROM interactions i WHERE i.id IN :ids",
}


def _day(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _named(session: Session, found: list[Found]) -> list[Hit]:
    """Each hit with its name, its alliance's name and what it opens (one query per kind)."""
    by_kind: dict[str, list[int]] = {}
    for what, record_id, *_ in found:
        by_kind.setdefault(what, []).append(record_id)
    names: dict[tuple[str, int], tuple[Any, ...]] = {}
    for what, ids in by_kind.items():
        statement = text(TITLES[what]).bindparams(bindparam("ids", expanding=True))
        for row in session.execute(statement, {"ids": ids}):
            names[(what, row[0])] = tuple(row[1:])
    alliance_ids = sorted({row[2] for row in found})
    statement = text("SELECT id, name FROM alliances WHERE id IN :ids")
    rows = session.execute(
        statement.bindparams(bindparam("ids", expanding=True)), {"ids": alliance_ids or [0]}
    )
    alliances: dict[int, str] = {alliance: name for alliance, name in rows}
    hits = []
    for what, record_id, alliance_id, day, score, snippet in found:
        name = names.get((what, record_id))
        if name is None:  # gone since the index was read
            continue
        title, opens = _title(what, record_id, alliance_id, name)
        hits.append(
            Hit(
                what,
                record_id,
                opens,
                title,
                alliances.get(alliance_id, ""),
                snippet,
                _day(day),
                score,
            )
        )
    return hits


def _title(what: str, record_id: int, alliance_id: int, name: tuple[Any, ...]) -> tuple[str, Opens]:
    opens = Opens(what, alliance_id, record_id)
    if what == "interaction":
        kind, day, place = name
        where = (
            Opens("person", alliance_id, place)
            if place
            else Opens("alliance", alliance_id, alliance_id)
        )
        return interaction_title(kind, _day(day) or wall.today()), where
    if what == "plan":
        return f"Onboarding {name[0]} ({name[1]})", opens
    if what == "meeting":
        starts = _day(name[1])
        return f"{name[0]}, {shown(starts)}" if starts else str(name[0]), opens
    return str(name[0]), opens
