"""Search on the team store: the owner's words table, then the rows read back under row security.

Under FORCEd row security PostgreSQL will not use a text-search index for a member (`@@` is
not LEAKPROOF), so a member's search read every table in full. Migration 0030 keeps a copy of
the words (`search_words`: members may not read it) and the SECURITY DEFINER function
`search_records` that searches it through its GIN index, applying the caller's grants and
private notes — the tables' policies' own rules — before it ranks and limits, and returns only
(source, row id, score). Those rows are then read back from their tables as the member, so row
security still decides what is shown: a row the function returned by mistake would simply not
come back. Words on both sides are folded by the database's `search_fold` (lower case, and
without accents where the server has `unaccent`)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.orm import Session

from alliance_desk.core.search import MARK_END, MARK_START, Query, Term, substring_snippet


def _joined(*columns: str) -> str:
    return " || ' ' || ".join(f"coalesce({c}, '')" for c in columns)


MEETING = "JOIN governance_bodies b ON b.id = m.body_id"
PEOPLE = "stakeholders r JOIN people p ON p.id = r.person_id"
# what, FROM, record id, alliance id, day, the words naming the record, the searched text —
# as migration 0030's `search_words` holds them, word for word. The n-th source is that
# table's source n + 1. A person's own details and our notes on their place are two sources.
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

POOL = 4  # × the hits wanted: how many of each source's newest matches are ranked (0030)
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


def _like(term: Term) -> str:
    return "%" + term.text.replace("%", r"\%").replace("_", r"\_") + "%"


def _read_back(number: int, match: bool) -> str:
    """Rows `:ids{number}` of source `number` (SOURCES[number - 1]), read as the member (row
    security applies), of a live alliance: (source, row id, what, record, alliance, day,
    snippet)."""
    what, tables, record, alliance, day, _title, body = SOURCES[number - 1]
    snippet = "ts_headline('simple', " + body + ", q.q, :headline)" if match else body
    return (
        f"SELECT {number}, r.id, '{what}', {record}, {alliance}, {day}, {snippet} "
        f"FROM {tables}, q WHERE r.id = ANY(:ids{number}) AND EXISTS "
        f"(SELECT 1 FROM alliances a WHERE a.id = {alliance} AND a.deleted_at IS NULL)"
    )


def find(
    session: Session, query: Query, alliance_id: int | None, kinds: Sequence[str], limit: int
) -> list[tuple]:
    """(what, record id, alliance id, day, score, snippet) of the best `limit` records: the
    function's keys, best first, then their rows read back from their tables."""
    match = tsquery(query)
    unspaced = [t for t in query.terms if t.unspaced]
    keys = session.execute(
        text(
            "SELECT source, row_id, score FROM search_records(:tsq, CAST(:likes AS text[]), "
            "CAST(:unlikes AS text[]), CAST(:kinds AS text[]), CAST(:alliance AS integer), "
            ":limit)"
        ),
        {
            "tsq": match or "",
            "likes": [_like(t) for t in unspaced if not t.excluded],
            "unlikes": [_like(t) for t in unspaced if t.excluded],
            "kinds": list(kinds),
            "alliance": alliance_id,
            "limit": limit,
        },
    ).all()
    if not keys:
        return []
    ids: dict[int, list[int]] = {}
    for source, row_id, _score in keys:
        ids.setdefault(source, []).append(row_id)
    parts = [_read_back(number, match is not None) for number in sorted(ids)]
    params: dict[str, object] = {f"ids{number}": rows for number, rows in ids.items()}
    statement = text(
        "WITH q AS (SELECT to_tsquery('simple', search_fold(:tsq)) AS q) "
        + " UNION ALL ".join(parts)
    )
    rows = session.execute(statement, {**params, "tsq": match or "", "headline": HEADLINE})
    read = {(source, row_id): rest for source, row_id, *rest in rows}
    found = []
    for source, row_id, score in keys:  # the function's order; a row not read back is left out
        if (source, row_id) not in read:
            continue
        what, record_id, alliance, day, words = read[(source, row_id)]
        snippet = substring_snippet(words, query.wanted) if match is None else words
        found.append((what, record_id, alliance, day, -score, snippet))
    return found
