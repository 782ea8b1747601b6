"""Search on the team store: PostgreSQL text search over the tables themselves.

Reading the tables (not a copy of their text) means row-level security decides what a member
finds — a colleague's private interaction or an alliance not granted never comes back. Each
searched text is the expression migration 0024 indexes with GIN, word for word, so the index
serves the query; both sides are folded by the database's `search_fold` (lower case, and
without accents where the server has `unaccent`)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.orm import Session

from alliance_desk.core.search import MARK_END, MARK_START, Query, Term, substring_snippet


def _joined(*columns: str) -> str:
    return " || ' ' || ".join(f"coalesce({c}, '')" for c in columns)


def _vector(expression: str) -> str:
    return f"to_tsvector('simple'::regconfig, search_fold({expression}))"


MEETING = "JOIN governance_bodies b ON b.id = m.body_id"
PEOPLE = "stakeholders r JOIN people p ON p.id = r.person_id"
# what, FROM, record id, alliance id, day, the words naming the record (ranked higher), the
# searched text — the expression migration 0024 indexes, word for word. A person's own details
# and our notes on their place are two sources, each served by its table's index.
SOURCES = (
    ("alliance", "alliances r", "r.id", "r.id", "NULL::date", "r.name",
     _joined("r.name", "r.partner", "r.north_star")),
    ("person", PEOPLE, "r.id", "r.alliance_id", "NULL::date", "p.name",
     _joined("p.name", "p.title", "p.organisation", "p.function", "p.email")),
    ("person", PEOPLE, "r.id", "r.alliance_id", "NULL::date", "p.name",
     _joined("r.role", "r.notes")),
    ("interaction", "interactions r", "r.id", "r.alliance_id", "r.occurred_on", "r.kind",
     _joined("r.kind", "r.note")),
    ("escalation", "escalations r", "r.id", "r.alliance_id", "r.raised_on", "r.title",
     _joined("r.title", "r.description", "r.root_cause", "r.resolution")),
    ("escalation", "escalation_events r JOIN escalations e ON e.id = r.escalation_id",
     "r.escalation_id", "e.alliance_id", "r.occurred_at::date", "''", _joined("r.text")),
    ("risks", "risks r", "r.id", "r.alliance_id", "r.created_at::date", "r.title",
     _joined("r.title", "r.mitigation")),
    ("decisions", "decisions r", "r.id", "r.alliance_id", "r.decided_on", "r.title",
     _joined("r.title", "r.forum", "r.makers", "r.alternatives", "r.rationale")),
    ("obligations", "obligations r", "r.id", "r.alliance_id", "r.due_date", "r.title",
     _joined("r.title")),
    ("meeting", "meetings r JOIN governance_bodies b ON b.id = r.body_id", "r.id",
     "b.alliance_id", "r.starts_at::date", "''", _joined("r.location", "r.note")),
    ("meeting", f"agenda_items r JOIN meetings m ON m.id = r.meeting_id {MEETING}",
     "r.meeting_id", "b.alliance_id", "m.starts_at::date", "r.title",
     _joined("r.title", "r.notes", "r.record")),
    ("meeting", f"minutes_amendments r JOIN meetings m ON m.id = r.meeting_id {MEETING}",
     "r.meeting_id", "b.alliance_id", "r.made_at::date", "r.item_title",
     _joined("r.item_title", "r.text")),
    ("milestones", "milestones r", "r.id", "r.alliance_id", "r.planned_on", "r.title",
     _joined("r.title")),
    ("kpis", "kpis r", "r.id", "r.alliance_id", "NULL::date", "r.name",
     _joined("r.name", "r.unit")),
    ("meeting", f"action_items r JOIN meetings m ON m.id = r.meeting_id {MEETING}",
     "r.meeting_id", "b.alliance_id", "r.due_date", "r.title", _joined("r.title")),
    ("insights", "insights r", "r.id", "r.alliance_id", "r.noted_on", "r.title",
     _joined("r.title", "r.source", "r.detail")),
    ("plan", "onboarding_plans r JOIN stakeholders s ON s.id = r.stakeholder_id", "r.id",
     "s.alliance_id", "r.start_date", "r.role", _joined("r.role", "r.note")),
    ("plan", "onboarding_items r JOIN onboarding_plans o ON o.id = r.plan_id "
     "JOIN stakeholders s ON s.id = o.stakeholder_id", "r.plan_id", "s.alliance_id",
     "r.due_date", "r.title", _joined("r.title", "r.detail")),
)  # fmt: skip

# The live alliances the member may see, read once (under row security each alliance row
# costs a check of the member's grants) for every source's candidates.
LIVE = "live AS MATERIALIZED (SELECT id FROM alliances WHERE deleted_at IS NULL)"
POOL = 4  # × the hits wanted: how many of each source's newest matches are ranked
HEADLINE = f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=18, MinWords=8, MaxFragments=1"


def tsquery(query: Query) -> str | None:
    """`query`'s spaced terms as a to_tsquery text: words are prefixes, phrases follow each
    other (<->), exclusions are negated; None when only unspaced terms are wanted."""

    def lexemes(term: Term) -> str:
        words = ["'" + w.replace("'", "''").replace("\\", "\\\\") + "'" for w in term.text.split()]
        if term.prefix:
            words[-1] += ":*"
        joined = " <-> ".join(words)
        return f"!({joined})" if term.excluded else f"({joined})"

    spaced = [t for t in query.terms if not t.unspaced]
    if not any(not t.excluded for t in spaced):
        return None
    return " & ".join(lexemes(t) for t in spaced)


def _part(
    number: int, source: tuple[str, ...], conditions: list[str], alliance_id: int | None
) -> str:
    """One source's candidates: its newest `:per` matches of live (and the asked) alliance."""
    what, tables, record, alliance, day, title, body = source
    where = [*conditions, f"{alliance} IN (SELECT id FROM live)"]
    if alliance_id is not None:
        where.append(f"{alliance} = :alliance")
    return (
        f"(SELECT {number} AS part, '{what}' AS what, {record} AS record_id, "
        f"{alliance} AS alliance_id, {day} AS day, coalesce({title}, '') AS title, "
        f"{body} AS body FROM {tables}, q WHERE {' AND '.join(where)} "
        "ORDER BY r.id DESC LIMIT :per)"
    )


def find(
    session: Session, query: Query, alliance_id: int | None, kinds: Sequence[str], limit: int
) -> list[tuple]:
    """(what, record id, alliance id, day, score, snippet) of the best `limit` records.

    Ranking reads each candidate's words again (ts_rank of a vector the index does not keep),
    so each source gives only its newest `POOL` × `limit` matches — found through its GIN
    index — before they are ranked; a source holding more, when too few records came back,
    is asked again for more."""
    match = tsquery(query)
    params: dict[str, object] = {"limit": limit, "headline": HEADLINE, "tsq": match or ""}
    if alliance_id is not None:
        params["alliance"] = alliance_id
    unspaced = [t for t in query.terms if t.unspaced]
    parts = []
    for number, source in enumerate(SOURCES):
        if source[0] not in kinds:
            continue
        body = source[6]
        conditions = [f"{_vector(body)} @@ q.q"] if match is not None else []
        for n, term in enumerate(unspaced):
            clause = f"({body}) ILIKE :like{n}"
            conditions.append(f"NOT {clause}" if term.excluded else clause)
            params[f"like{n}"] = "%" + term.text.replace("%", r"\%").replace("_", r"\_") + "%"
        parts.append(_part(number, source, conditions, alliance_id))
    if not parts:
        return []
    # Words of the title count as A, the rest as D (ts_rank's weights 1.0 and 0.1).
    score = (
        "ts_rank(setweight(to_tsvector('simple'::regconfig, search_fold(c.title)), 'A') || "
        f"{_vector('c.body')}, q.q)"
        if match is not None
        else "0.0"
    )
    snippet = "ts_headline('simple', h.body, q.q, :headline)" if match is not None else "h.body"
    order = "score DESC, day DESC NULLS LAST, record_id DESC"
    statement = text(
        f"WITH q AS (SELECT to_tsquery('simple', search_fold(:tsq)) AS q), {LIVE}, "
        f"c AS ({' UNION ALL '.join(parts)}) "
        f"SELECT h.what, h.record_id, h.alliance_id, h.day, h.score, {snippet}, "
        "(SELECT max(n) FROM (SELECT count(*) AS n FROM c GROUP BY part) k) FROM "
        f"(SELECT DISTINCT ON (what, record_id) what, record_id, alliance_id, day, body, "
        f"{score} AS score FROM c, q ORDER BY what, record_id, score DESC, day DESC NULLS LAST) h, "
        f"q ORDER BY {order.replace('score', 'h.score')} LIMIT :limit"
    )
    per = POOL * limit
    while True:
        rows = session.execute(statement, {**params, "per": per}).all()
        if len(rows) == limit or not rows or rows[0][6] < per:
            break
        per *= 4  # a source gave all it was asked for, yet too few records: look further
    return [
        (what, record_id, alliance, day, -score,
         substring_snippet(words, query.wanted) if match is None else words)
        for what, record_id, alliance, day, score, words, _fullest in rows
    ]  # fmt: skip
