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

# 0030's function but for `matched` (no numbering), `counted` and `newest`, `SET jit`, and
# ties no longer left to chance: of a record's rows scoring alike the first source's newest
# stands for it (its snippet is shown), and records scoring alike on the same day with the same
# id (of two kinds) come in the order of their sources.
SEARCH_FUNCTION = """
CREATE OR REPLACE FUNCTION search_records(
    query text, likes text[], unlikes text[], kinds text[], alliance integer, wanted integer
) RETURNS TABLE (source smallint, row_id integer, score real)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
SET enable_seqscan = off SET jit = off AS $$
#variable_conflict use_column
DECLARE
    who name := coalesce(nullif(current_setting('role'), 'none'), session_user);
    everything boolean;
    q tsquery;
    per integer;
    fullest bigint;
    sources smallint[];
    rows_ integer[];
    scores real[];
BEGIN
    wanted := least(greatest(coalesce(wanted, 0), 0), 1000);
    likes := coalesce(likes, '{}');
    unlikes := coalesce(unlikes, '{}');
    IF coalesce(query, '') <> '' THEN
        q := to_tsquery('simple'::regconfig, public.search_fold(query));
    END IF;
    IF wanted = 0 OR (q IS NULL AND cardinality(likes) = 0) THEN
        RETURN;
    END IF;
    SELECT r.rolsuper OR r.rolbypassrls INTO everything FROM pg_roles r WHERE r.rolname = who;
    everything := coalesce(everything, false);
    per := 4 * wanted;
    LOOP
        WITH allowed AS (
            SELECT a.alliance_id FROM public.search_words a
            WHERE a.source = 1 AND NOT a.deleted AND (alliance IS NULL OR a.alliance_id = alliance)
              AND (everything OR EXISTS (SELECT 1 FROM public.team_grants g
                                         WHERE g.alliance_id = a.alliance_id AND g.member = who))
        ), matched AS MATERIALIZED (
            SELECT w.source, w.row_id, w.what, w.record_id, w.day
            FROM public.search_words w
            WHERE (q IS NULL OR w.words @@ q)
              AND w.alliance_id IN (SELECT a.alliance_id FROM allowed a)
              AND w.what = ANY (kinds)
              AND (w.private_to IS NULL OR w.private_to = who OR everything)
              AND w.body ILIKE ALL (likes) AND NOT w.body ILIKE ANY (unlikes)
        ), counted AS MATERIALIZED (
            SELECT m.source, count(*) AS n FROM matched m GROUP BY m.source
        ), newest AS (
            SELECT t.* FROM counted c CROSS JOIN LATERAL (
                SELECT m.* FROM matched m WHERE m.source = c.source
                ORDER BY m.row_id DESC LIMIT per
            ) t
        ), best AS (
            SELECT DISTINCT ON (m.what, m.record_id) m.source, m.row_id, m.record_id, m.day,
                   CASE WHEN q IS NULL THEN 0.0::real ELSE ts_rank(w.title || w.words, q) END
                   AS score
            FROM newest m JOIN public.search_words w ON w.source = m.source
                 AND w.row_id = m.row_id
            ORDER BY m.what, m.record_id, score DESC, m.day DESC NULLS LAST, m.source,
                     m.row_id DESC
        ), top AS (
            SELECT * FROM best b
            ORDER BY b.score DESC, b.day DESC NULLS LAST, b.record_id DESC, b.source
            LIMIT wanted
        )
        SELECT (SELECT array_agg(t.source ORDER BY t.score DESC, t.day DESC NULLS LAST,
                                 t.record_id DESC, t.source) FROM top t),
               (SELECT array_agg(t.row_id ORDER BY t.score DESC, t.day DESC NULLS LAST,
                                 t.record_id DESC, t.source) FROM top t),
               (SELECT array_agg(t.score ORDER BY t.score DESC, t.day DESC NULLS LAST,
                                 t.record_id DESC, t.source) FROM top t),
               (SELECT max(c.n) FROM counted c)
        INTO sources, rows_, scores, fullest;
        EXIT WHEN coalesce(cardinality(sources), 0) = wanted OR sources IS NULL
                  OR fullest <= per;
        per := per * 4;
    END LOOP;
    RETURN QUERY SELECT u.s, u.r, u.k FROM unnest(sources, rows_, scores) WITH ORDINALITY
        AS u(s, r, k, o) ORDER BY u.o;
END
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(SEARCH_FUNCTION)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        before = earlier_revision("0030_member_search.py").SEARCH_FUNCTION
        op.execute(before.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1))
