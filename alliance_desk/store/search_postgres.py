"""Search on the team store: PostgreSQL text search over the tables themselves.

Reading the tables (not a copy of their text) means row-level security decides what a member
finds — a colleague's private interaction or an alliance not granted never comes back. Each
searched text is the expression migration 0024 indexes with GIN, word for word, so the index
serves the query; both sides are folded by the database's `search_fold` (lower case, and
without accents where the server has `unaccent`)."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from alliance_desk.core.search import MARK_END, MARK_START, Query, Term, substring_snippet


def _joined(*columns: str) -> str:
    return " || ' ' || ".join(f"coalesce({c}, '')" for c in columns)


def _vector(expression: str) -> str:
    return f"to_tsvector('simple'::regconfig, search_fold({expression}))"


MEETING = "JOIN governance_bodies b ON b.id = m.body_id"
# what, FROM, record id, alliance id, day, searched expressions (each as migration 0024 indexes)
SOURCES = (
    ("alliance", "alliances r", "r.id", "r.id", "NULL::date",
     [_joined("r.name", "r.partner", "r.north_star")]),
    ("person", "stakeholders r JOIN people p ON p.id = r.person_id", "r.id", "r.alliance_id",
     "NULL::date",
     [_joined("p.name", "p.title", "p.organisation", "p.function", "p.email"),
      _joined("r.role", "r.notes")]),
    ("interaction", "interactions r", "r.id", "r.alliance_id", "r.occurred_on",
     [_joined("r.kind", "r.note")]),
    ("escalation", "escalations r", "r.id", "r.alliance_id", "r.raised_on",
     [_joined("r.title", "r.description", "r.root_cause", "r.resolution")]),
    ("escalation", "escalation_events r JOIN escalations e ON e.id = r.escalation_id",
     "r.escalation_id", "e.alliance_id", "r.occurred_at::date", [_joined("r.text")]),
    ("risks", "risks r", "r.id", "r.alliance_id", "r.created_at::date",
     [_joined("r.title", "r.mitigation")]),
    ("decisions", "decisions r", "r.id", "r.alliance_id", "r.decided_on",
     [_joined("r.title", "r.forum", "r.makers", "r.alternatives", "r.rationale")]),
    ("obligations", "obligations r", "r.id", "r.alliance_id", "r.due_date",
     [_joined("r.title")]),
    ("meeting", "meetings r JOIN governance_bodies b ON b.id = r.body_id", "r.id",
     "b.alliance_id", "r.starts_at::date", [_joined("r.location", "r.note")]),
    ("meeting", f"agenda_items r JOIN meetings m ON m.id = r.meeting_id {MEETING}",
     "r.meeting_id", "b.alliance_id", "m.starts_at::date",
     [_joined("r.title", "r.notes", "r.record")]),
    ("meeting", f"minutes_amendments r JOIN meetings m ON m.id = r.meeting_id {MEETING}",
     "r.meeting_id", "b.alliance_id", "r.made_at::date", [_joined("r.item_title", "r.text")]),
    ("milestones", "milestones r", "r.id", "r.alliance_id", "r.planned_on",
     [_joined("r.title")]),
    ("kpis", "kpis r", "r.id", "r.alliance_id", "NULL::date", [_joined("r.name", "r.unit")]),
    ("meeting", f"action_items r JOIN meetings m ON m.id = r.meeting_id {MEETING}",
     "r.meeting_id", "b.alliance_id", "r.due_date", [_joined("r.title")]),
    ("insights", "insights r", "r.id", "r.alliance_id", "r.noted_on",
     [_joined("r.title", "r.source", "r.detail")]),
    ("plan", "onboarding_plans r JOIN stakeholders s ON s.id = r.stakeholder_id", "r.id",
     "s.alliance_id", "r.start_date", [_joined("r.role", "r.note")]),
    ("plan", "onboarding_items r JOIN onboarding_plans o ON o.id = r.plan_id "
     "JOIN stakeholders s ON s.id = o.stakeholder_id", "r.plan_id", "s.alliance_id",
     "r.due_date", [_joined("r.title", "r.detail")]),
)  # fmt: skip

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


def find(
    session: Session, query: Query, alliance_id: int | None, kinds: tuple[str, ...], limit: int
) -> list[tuple]:
    match = tsquery(query)
    params: dict[str, object] = {"rows": limit * 4, "headline": HEADLINE}
    unspaced = [t for t in query.terms if t.unspaced]
    parts = []
    for what, source, record, alliance, day, expressions in SOURCES:
        if what not in kinds:
            continue
        body = " || ' ' || ".join(expressions)
        conditions = []
        if match is not None:
            conditions.append("(" + " OR ".join(f"{_vector(e)} @@ q.q" for e in expressions) + ")")
        for number, term in enumerate(unspaced):
            clause = f"({body}) ILIKE :like{number}"
            conditions.append(f"NOT {clause}" if term.excluded else clause)
            params[f"like{number}"] = "%" + term.text.replace("%", r"\%").replace("_", r"\_") + "%"
        score = f"ts_rank({_vector(body)}, q.q)" if match is not None else "0.0"
        parts.append(
            f"SELECT '{what}' AS what, {record} AS record_id, {alliance} AS alliance_id, "
            f"{day} AS day, {score} AS score, {body} AS body FROM {source}, q "
            f"WHERE {' AND '.join(conditions)}"
        )
    if not parts:
        return []
    params["tsq"] = match or ""
    where = "h.alliance_id IN (SELECT id FROM alliances WHERE deleted_at IS NULL)"
    if alliance_id is not None:
        where += " AND h.alliance_id = :alliance"
        params["alliance"] = alliance_id
    snippet = "ts_headline('simple', h.body, q.q, :headline)" if match is not None else "h.body"
    statement = text(
        "WITH q AS (SELECT to_tsquery('simple', search_fold(:tsq)) AS q) "
        f"SELECT h.what, h.record_id, h.alliance_id, h.day, h.score, {snippet} FROM "
        f"(SELECT * FROM ({' UNION ALL '.join(parts)}) h WHERE {where} "
        "ORDER BY h.score DESC, h.day DESC NULLS LAST LIMIT :rows) h, q "
        "ORDER BY h.score DESC, h.day DESC NULLS LAST"
    )
    best: dict[tuple[str, int], tuple] = {}
    for what, record_id, alliance, day, score, words in session.execute(statement, params):
        if match is None:
            words = substring_snippet(words, query.wanted)
        best.setdefault((what, record_id), (what, record_id, alliance, day, -score, words))
        if len(best) == limit:
            break
    return list(best.values())
