"""The team store's search takes each source's newest matches without numbering them all

Revision ID: 0046_search_newest_first
Revises: 0045_risk_score_order
Create Date: 2026-12-06 16:10:00

0030's `search_records` ranks each source's newest matches (4 × the records wanted). It
numbered every match by source to find them (`row_number()`), which sorted every match: a
common word at ten times the heavy portfolio (`supply`: 20,000 matches in one source) spent
more time sorting and numbering than finding them, and the slowest search of the benchmark
sat on its 50 ms target. Now the matches are counted by source (a hash, no sort) and each
source's newest are picked by a top-N sort of that source's matches only: the same records in
the same order (ties aside, which 0030 left to chance and this breaks the same way each
time), `supply` 44 → 31 ms and `budget -forecast` 30 → 21 ms (same run). Just-in-time
compilation is off for the function: its plan's estimated cost sits near the server's
threshold (100,000), and compiling it took 20 ms of a 30 ms search. The team store only.
"""

from collections.abc import Sequence

from alembic import op

from alliance_desk.store.migrate import earlier_revision

revision: str = "0046_search_newest_first"
down_revision: str | None = "0045_risk_score_order"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# 0030's function, changed where its text below says: `matched` no longer numbered, `counted`
# and `newest` instead, `SET jit`, and ties no longer left to chance (of a record's rows
# scoring alike the first source's newest stands for it, its snippet shown; records scoring
# alike on the same day with the same id, of two kinds, come in the order of their sources).
# Each (before, after, how many times) — written as changes, 0030's text staying the one copy.
MATCHED_BEFORE = """        ), matched AS (
            SELECT w.source, w.row_id, w.what, w.record_id, w.day,
                   row_number() OVER (PARTITION BY w.source ORDER BY w.row_id DESC) AS n
"""
MATCHED_AFTER = """        ), matched AS MATERIALIZED (
            SELECT w.source, w.row_id, w.what, w.record_id, w.day
"""
NEWEST = """        ), counted AS MATERIALIZED (
            SELECT m.source, count(*) AS n FROM matched m GROUP BY m.source
        ), newest AS (
            SELECT t.* FROM counted c CROSS JOIN LATERAL (
                SELECT m.* FROM matched m WHERE m.source = c.source
                ORDER BY m.row_id DESC LIMIT per
            ) t
        ), best AS ("""
CHANGES = (
    ("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1),
    ("SET enable_seqscan = off AS $$", "SET enable_seqscan = off SET jit = off AS $$", 1),
    (MATCHED_BEFORE, MATCHED_AFTER, 1),
    ("        ), best AS (", NEWEST, 1),
    ("FROM matched m JOIN public.search_words w", "FROM newest m JOIN public.search_words w", 1),
    ("            WHERE m.n <= per\n", "", 1),
    (
        "m.record_id, score DESC, m.day DESC NULLS LAST\n",
        "m.record_id, score DESC, m.day DESC NULLS LAST, m.source,\n"
        "                     m.row_id DESC\n",
        1,
    ),
    ("b.record_id DESC LIMIT wanted", "b.record_id DESC, b.source\n            LIMIT wanted", 1),
    ("t.record_id DESC) FROM top t)", "t.record_id DESC, t.source) FROM top t)", 3),
    ("(SELECT max(m.n) FROM matched m)", "(SELECT max(c.n) FROM counted c)", 1),
)


def search_function(before: str) -> str:
    """0046's function from 0030's text (each change found exactly where expected)."""
    for old, new, times in CHANGES:
        assert before.count(old) == times, old
        before = before.replace(old, new)
    return before


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(search_function(earlier_revision("0030_member_search.py").SEARCH_FUNCTION))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        before = earlier_revision("0030_member_search.py").SEARCH_FUNCTION
        op.execute(before.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1))
