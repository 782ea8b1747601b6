"""What the user gets out of the portfolio: a governance pack (against a bare ReportLab
document of the same pages) and full-text search (issue 23: first 50 hits ≤ 50 ms)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.timing import Line, median, scratch, within

PACK_TIMES, PACK_PLUS = 1.5, 0.2  # ≤ 1.5 × bare ReportLab + 0.2 s
SEARCH_MOST = 0.050
SEARCHES = ["k", "ke", "kes", "supply", "supply plan", "budget -forecast", '"issue 12"', "sla"]


def busiest_meeting(store: Any) -> tuple[int, int]:
    """(alliance id, meeting id): a meeting of the alliance with the most open escalations."""
    from sqlalchemy import text

    with store.read() as session:
        alliance_id, meeting_id = session.execute(
            text(
                "SELECT b.alliance_id, max(m.id) FROM meetings m "
                "JOIN governance_bodies b ON b.id = m.body_id GROUP BY b.alliance_id "
                "ORDER BY (SELECT count(*) FROM escalations e WHERE e.alliance_id = b.alliance_id "
                "AND e.status IN ('open', 'escalated')) DESC, b.alliance_id LIMIT 1"
            )
        ).one()
    return alliance_id, meeting_id


def pack_line(store: Any, runs: int) -> Line:
    from pypdf import PdfReader

    from alliance_desk.core.packs import Audience
    from alliance_desk.packs.compose import governance_pack
    from alliance_desk.packs.render import render
    from alliance_desk.store import packs

    alliance_id, meeting_id = busiest_meeting(store)
    out = scratch() / "pack.pdf"

    def export() -> None:
        inputs = packs.governance_inputs(store, alliance_id, meeting_id, Audience.INTERNAL)
        render(governance_pack(inputs), out)

    took = median(export, max(1, runs // 2))
    pages = len(PdfReader(str(out)).pages)
    bare = median(lambda: bare_reportlab(pages, out.with_name("bare.pdf")), max(1, runs // 2))
    return Line(
        f"Governance pack, busiest alliance ({pages} pages) (s)", took, bare,
        f"≤ {PACK_TIMES:g} × bare + {PACK_PLUS:g} s", took <= PACK_TIMES * bare + PACK_PLUS,
    )  # fmt: skip


def bare_reportlab(pages: int, path: Path) -> None:
    """A plain ReportLab document of the same number of pages."""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    style = getSampleStyleSheet()["BodyText"]
    story = []
    for page in range(pages):
        story += [Paragraph(f"Page {page} line {line}", style) for line in range(40)]
        story.append(PageBreak())
    SimpleDocTemplate(str(path)).build(story)


def search_line(store: Any, runs: int) -> Line:
    """The slowest of a few searches as typed, against the bare query for the same words (on
    the file FTS5's, on the team store the words table's GIN index): no ranking, naming or
    snippets. On the team store this is the connecting role's search (`member_search_line`
    measures a member's)."""
    from alliance_desk.core.search import fts5_match, parse
    from alliance_desk.store.search import search

    worst = max(median(lambda q=q: search(store, q), runs) for q in SEARCHES)
    bare = None
    if store.path is not None:
        import sqlite3

        bare_file = sqlite3.connect(store.path)
        statement = "SELECT rowid FROM search_index WHERE search_index MATCH ? LIMIT 50"
        bare = max(
            median(
                lambda q=q: bare_file.execute(statement, (fts5_match(parse(q)),)).fetchall(),
                runs,
            )
            for q in SEARCHES
        )
        bare_file.close()
    else:
        bare = max(median(lambda q=q: bare_postgres(store, q), runs) for q in SEARCHES)
    what = f"Search, slowest of {len(SEARCHES)} queries, first 50 hits (s)"
    return within(what, worst, bare, SEARCH_MOST, 0)


def bare_postgres(store: Any, query: str) -> list:
    """Up to 50 rows of the team store's words table (migration 0030) matching `query`
    through its GIN index, read directly as the table's owner or a superuser would: no
    grants applied, no ranking, nothing read back."""
    from sqlalchemy import text

    from alliance_desk.core.search import parse
    from alliance_desk.store.search_postgres import tsquery

    match = tsquery(parse(query))
    if match is None:
        return []
    with store.read() as session:
        session.execute(text("SET LOCAL enable_seqscan = off"))  # as search_records does
        statement = text(
            "SELECT source, row_id FROM search_words "
            "WHERE words @@ to_tsquery('simple', search_fold(:q)) LIMIT 50"
        )
        return session.execute(statement, {"q": match}).all()
