"""Search on the team store as fast for a member as for a superuser: an owner-only words table

Revision ID: 0030_member_search
Revises: 0029_today_speed
Create Date: 2026-12-03 19:00:00

Under FORCEd row-level security PostgreSQL uses an index only for conditions it knows cannot
leak (LEAKPROOF); text search's `@@` is not one, so a member's search read every searched
table in full (≈ 1 s on the heavy portfolio, ≈ 28 s at ten times). On PostgreSQL only:

- `search_words` holds, for each row of the 17 searched tables (18 sources: a person's details
  and our notes on their place are two), its source and id, the record a hit opens, the
  alliance it belongs to (through its parents), its day, who alone may see it (a private
  interaction's author), its words (GIN-indexed), title words and text. It is the owner's:
  members have no privilege on it at all and it has no row security.
- SECURITY DEFINER triggers on every searched table (and on `people` and `governance_bodies`,
  whose rows give a person's words and a meeting's alliance) keep it in step on every insert,
  change and delete. They read only the changed row, `people` (no row security) and
  `search_words` itself: as the owner, FORCEd row security hides the other tables from them.
- `search_records(...)` (SECURITY DEFINER, fixed search_path) is the only way in: it applies
  the very rules the tables' policies apply to the calling role — the alliance granted in
  `team_grants`, a private interaction only to its author, everything to a superuser or a
  role that bypasses row security — and, of live alliances only, ranks and limits what is
  left, returning only (source, row id, score). The app then reads those rows back from the
  tables under row security (`store/search_postgres.py`).

The table is filled from the rows already there (row security set aside for the owner for the
length of this transaction), and the expression indexes 0024 made for the old search are
dropped (every write paid for them). On a local SQLite file nothing changes.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0030_member_search"
down_revision: str | None = "0029_today_speed"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TEAM = "alliance_desk_team"


def joined(*columns: str) -> str:
    return " || ' ' || ".join(f"coalesce({{r}}.{c}, '')" for c in columns)


def parent(source: int, column: str, field: str = "alliance_id") -> str:
    return (
        f"(SELECT p.{field} FROM public.search_words p "
        f"WHERE p.source = {source} AND p.row_id = {{r}}.{column})"
    )


PERSON = joined("name", "title", "organisation", "function", "email").replace("{r}", "p")
# number: (table, what, record, alliance, parent key, title, body, day). Numbers are those of
# `store/search_postgres.SOURCES`; 0 is no source, only a governance body's alliance, which
# its meetings take. `p` is the person of a stakeholder.
SOURCES: dict[int, tuple[str, ...]] = {
    0: ("governance_bodies", "", "NULL", "{r}.alliance_id", "NULL", "''", "''", "NULL"),
    1: ("alliances", "alliance", "{r}.id", "{r}.id", "NULL", "{r}.name",
        joined("name", "partner", "north_star"), "NULL"),
    2: ("stakeholders", "person", "{r}.id", "{r}.alliance_id", "{r}.person_id", "p.name",
        PERSON, "NULL"),
    3: ("stakeholders", "person", "{r}.id", "{r}.alliance_id", "{r}.person_id", "p.name",
        joined("role", "notes"), "NULL"),
    4: ("interactions", "interaction", "{r}.id", "{r}.alliance_id", "NULL", "{r}.kind",
        joined("kind", "note"), "{r}.occurred_on"),
    5: ("escalations", "escalation", "{r}.id", "{r}.alliance_id", "NULL", "{r}.title",
        joined("title", "description", "root_cause", "resolution"), "{r}.raised_on"),
    6: ("escalation_events", "escalation", "{r}.escalation_id", parent(5, "escalation_id"),
        "{r}.escalation_id", "''", joined("text"), "{r}.occurred_at::date"),
    7: ("risks", "risks", "{r}.id", "{r}.alliance_id", "NULL", "{r}.title",
        joined("title", "mitigation"), "{r}.created_at::date"),
    8: ("decisions", "decisions", "{r}.id", "{r}.alliance_id", "NULL", "{r}.title",
        joined("title", "forum", "makers", "alternatives", "rationale"), "{r}.decided_on"),
    9: ("obligations", "obligations", "{r}.id", "{r}.alliance_id", "NULL", "{r}.title",
        joined("title"), "{r}.due_date"),
    10: ("meetings", "meeting", "{r}.id", parent(0, "body_id"), "{r}.body_id", "''",
         joined("location", "note"), "{r}.starts_at::date"),
    11: ("agenda_items", "meeting", "{r}.meeting_id", parent(10, "meeting_id"),
         "{r}.meeting_id", "{r}.title", joined("title", "notes", "record"),
         parent(10, "meeting_id", "day")),
    12: ("minutes_amendments", "meeting", "{r}.meeting_id", parent(10, "meeting_id"),
         "{r}.meeting_id", "{r}.item_title", joined("item_title", "text"), "{r}.made_at::date"),
    13: ("milestones", "milestones", "{r}.id", "{r}.alliance_id", "NULL", "{r}.title",
         joined("title"), "{r}.planned_on"),
    14: ("kpis", "kpis", "{r}.id", "{r}.alliance_id", "NULL", "{r}.name",
         joined("name", "unit"), "NULL"),
    15: ("action_items", "meeting", "{r}.meeting_id", parent(10, "meeting_id"),
         "{r}.meeting_id", "{r}.title", joined("title"), "{r}.due_date"),
    16: ("insights", "insights", "{r}.id", "{r}.alliance_id", "NULL", "{r}.title",
         joined("title", "source", "detail"), "{r}.noted_on"),
    17: ("onboarding_plans", "plan", "{r}.id", parent(3, "stakeholder_id"),
         "{r}.stakeholder_id", "{r}.role", joined("role", "note"), "{r}.start_date"),
    18: ("onboarding_items", "plan", "{r}.plan_id", parent(17, "plan_id"), "{r}.plan_id",
         "{r}.title", joined("title", "detail"), "{r}.due_date"),
}  # fmt: skip
# (parent source, child source): a child's alliance is its parent's (an agenda item's day
# its meeting's too), so a change of the parent's is carried down to its children.
FOLLOWS = ((0, 10), (10, 11), (10, 12), (10, 15), (5, 6), (3, 17), (17, 18))
AGENDA = 11

COLUMNS = "source, row_id, parent, what, record_id, alliance_id, day, private_to, deleted, "
COLUMNS += "title, words, body"


def _vector(text: str) -> str:
    return f"to_tsvector('simple'::regconfig, public.search_fold({text}))"


def row_sql(number: int, row: str, source_from: str) -> str:
    """INSERT … SELECT of source `number`'s words for the row(s) `row` of `source_from`."""
    table, what, record, alliance, key, title, body, day = SOURCES[number]
    private = f"CASE WHEN {row}.private THEN {row}.owner END" if table == "interactions" else "NULL"
    deleted = f"{row}.deleted_at IS NOT NULL" if table == "alliances" else "false"
    person = " JOIN public.people p ON p.id = {r}.person_id" if "p.name" in title else ""
    values = (
        str(number), "{r}.id", key, f"'{what}'", record, alliance, day, private, deleted,
        f"setweight({_vector(f'coalesce({title}, {chr(39) * 2})')}, 'A')", _vector(body), body,
    )  # fmt: skip
    return (
        f"INSERT INTO public.search_words ({COLUMNS}) SELECT {', '.join(values)} "
        f"FROM {source_from}{person}"
    ).replace("{r}", row)


UPSERT = " ON CONFLICT (source, row_id) DO UPDATE SET " + ", ".join(
    f"{column} = EXCLUDED.{column}" for column in COLUMNS.split(", ")[2:]
)


def trigger_function(table: str) -> str:
    """The SECURITY DEFINER trigger function keeping `table`'s sources in step."""
    numbers = [n for n, source in SOURCES.items() if source[0] == table]
    listed = ", ".join(map(str, numbers))
    writes = "\n".join(f"{row_sql(n, 'NEW', '(SELECT 1) one')}{UPSERT};" for n in numbers)
    follows = "\n".join(
        f"PERFORM public.search_words_follow({n}::smallint, NEW.id);"
        for n in numbers
        if any(up == n for up, _child in FOLLOWS)
    )
    return f"""
    CREATE FUNCTION search_words_{table}() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public AS $$
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            DELETE FROM public.search_words WHERE source IN ({listed});
            RETURN NULL;
        ELSIF TG_OP = 'DELETE' THEN
            DELETE FROM public.search_words WHERE source IN ({listed}) AND row_id = OLD.id;
            RETURN NULL;
        END IF;
        {writes}
        IF TG_OP = 'UPDATE' THEN
            {follows or "NULL;"}
        END IF;
        RETURN NULL;
    END
    $$
    """


# A person's words are found on each alliance they sit on: a change re-reads them there.
PEOPLE_FUNCTION = f"""
CREATE FUNCTION search_words_people() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public AS $$
BEGIN
    UPDATE public.search_words SET title = setweight({_vector("coalesce(NEW.name, '')")}, 'A')
    WHERE source IN (2, 3) AND parent = NEW.id;
    UPDATE public.search_words SET words = {_vector(PERSON.replace("p.", "NEW."))},
        body = {PERSON.replace("p.", "NEW.")}
    WHERE source = 2 AND parent = NEW.id;
    RETURN NULL;
END
$$
"""

FOLLOW_FUNCTION = f"""
CREATE FUNCTION search_words_follow(moved_source smallint, moved_row integer) RETURNS void
LANGUAGE sql SET search_path = pg_catalog, public AS $$
    WITH RECURSIVE tree (source, row_id, alliance_id, day) AS (
        SELECT w.source, w.row_id, w.alliance_id, w.day FROM public.search_words w
        WHERE w.source = moved_source AND w.row_id = moved_row
        UNION ALL
        SELECT c.source, c.row_id, t.alliance_id,
               CASE WHEN c.source = {AGENDA} THEN t.day ELSE c.day END
        FROM tree t JOIN public.search_words c ON c.parent = t.row_id
        WHERE (t.source, c.source) IN ({", ".join(f"({a}, {b})" for a, b in FOLLOWS)})
    )
    UPDATE public.search_words w SET alliance_id = t.alliance_id, day = t.day FROM tree t
    WHERE w.source = t.source AND w.row_id = t.row_id
      AND (w.alliance_id, w.day) IS DISTINCT FROM (t.alliance_id, t.day)
$$
"""

# What a member may find, decided as the tables' policies decide what they may read (0012's
# shared_or_mine, 0021's granted_alliance through each table's parents): the caller is the
# role the policies would see as current_user (its SET ROLE, else its login; a SECURITY
# DEFINER function's own current_user is the owner). Superusers and BYPASSRLS roles are
# exempt from row security, so from this too. Each source gives its newest `per` matches to
# be ranked, 4 × the records wanted, and more when one source gave all it could and too few
# records came of it (as search_postgres did before). Matches are numbered from the narrow
# columns alone; only the few ranked read their (long, compressed) words again. The words are
# always looked up through their GIN index: for a short prefix (`k`) the planner's estimate
# would otherwise read the whole table (≈ 0.2 s at ten times) to find perhaps nothing.
SEARCH_FUNCTION = """
CREATE FUNCTION search_records(
    query text, likes text[], unlikes text[], kinds text[], alliance integer, wanted integer
) RETURNS TABLE (source smallint, row_id integer, score real)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
SET enable_seqscan = off AS $$
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
        ), matched AS (
            SELECT w.source, w.row_id, w.what, w.record_id, w.day,
                   row_number() OVER (PARTITION BY w.source ORDER BY w.row_id DESC) AS n
            FROM public.search_words w
            WHERE (q IS NULL OR w.words @@ q)
              AND w.alliance_id IN (SELECT a.alliance_id FROM allowed a)
              AND w.what = ANY (kinds)
              AND (w.private_to IS NULL OR w.private_to = who OR everything)
              AND w.body ILIKE ALL (likes) AND NOT w.body ILIKE ANY (unlikes)
        ), best AS (
            SELECT DISTINCT ON (m.what, m.record_id) m.source, m.row_id, m.record_id, m.day,
                   CASE WHEN q IS NULL THEN 0.0::real ELSE ts_rank(w.title || w.words, q) END
                   AS score
            FROM matched m JOIN public.search_words w ON w.source = m.source
                 AND w.row_id = m.row_id
            WHERE m.n <= per
            ORDER BY m.what, m.record_id, score DESC, m.day DESC NULLS LAST
        ), top AS (
            SELECT * FROM best b
            ORDER BY b.score DESC, b.day DESC NULLS LAST, b.record_id DESC LIMIT wanted
        )
        SELECT (SELECT array_agg(t.source ORDER BY t.score DESC, t.day DESC NULLS LAST,
                                 t.record_id DESC) FROM top t),
               (SELECT array_agg(t.row_id ORDER BY t.score DESC, t.day DESC NULLS LAST,
                                 t.record_id DESC) FROM top t),
               (SELECT array_agg(t.score ORDER BY t.score DESC, t.day DESC NULLS LAST,
                                 t.record_id DESC) FROM top t),
               (SELECT max(m.n) FROM matched m)
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

TABLES = tuple(dict.fromkeys(source[0] for source in SOURCES.values()))
OLD_INDEXES = (  # 0024's, which only the old search read
    "alliances", "people", "stakeholders", "interactions", "escalations", "escalation_events",
    "risks", "decisions", "obligations", "meetings", "agenda_items", "action_items",
    "insights", "onboarding_plans", "onboarding_items", "milestones", "kpis",
    "minutes_amendments",
)  # fmt: skip


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        """
        CREATE TABLE search_words (
            source smallint NOT NULL,
            row_id integer NOT NULL,
            parent integer,
            what varchar(16) NOT NULL,
            record_id integer,
            alliance_id integer,
            day date,
            private_to varchar(63),
            deleted boolean NOT NULL DEFAULT false,
            title tsvector NOT NULL,
            words tsvector NOT NULL,
            body text NOT NULL,
            PRIMARY KEY (source, row_id)
        );
        CREATE INDEX ix_search_words_words ON search_words USING gin (words);
        CREATE INDEX ix_search_words_parent ON search_words (parent) WHERE parent IS NOT NULL;
        """
    )
    op.execute(FOLLOW_FUNCTION)
    for table in TABLES:
        op.execute(trigger_function(table))
        op.execute(
            f"CREATE TRIGGER search_words AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION search_words_{table}()"
        )
        op.execute(  # an administrator's TRUNCATE (members may not) fires no row trigger
            f"CREATE TRIGGER search_words_truncate AFTER TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION search_words_{table}()"
        )
    op.execute(PEOPLE_FUNCTION)
    op.execute(
        "CREATE TRIGGER search_words AFTER UPDATE ON people "
        "FOR EACH ROW EXECUTE FUNCTION search_words_people()"
    )
    op.execute(SEARCH_FUNCTION)
    _fill()
    for table in OLD_INDEXES:
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_search")
    _privileges()


def _forced(table: str) -> bool:
    return bool(
        op.get_bind()
        .exec_driver_sql(
            f"SELECT relforcerowsecurity FROM pg_class WHERE oid = '{table}'::regclass"
        )
        .scalar()
    )


def _fill() -> None:
    """Every row there, parents first (children take their alliance from them). As the
    owner, FORCEd row security would hide them: it is set aside for this transaction only
    (the ALTER locks each table until the commit, so nobody reads or writes in between)."""
    forced = [table for table in TABLES if _forced(table)]
    for table in forced:
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
    for number in sorted(SOURCES, key=lambda n: (n not in (0, 1, 3, 5), n)):
        op.execute(row_sql(number, "r", f"{SOURCES[number][0]} r"))
    for table in forced:
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.execute("ANALYZE search_words")


def _privileges() -> None:
    """Nobody but the owner touches the words; members only call the search."""
    functions = [f"search_words_{table}()" for table in (*TABLES, "people")]
    functions.append("search_words_follow(smallint, integer)")
    op.execute(
        f"""
        REVOKE ALL ON search_words FROM PUBLIC;
        REVOKE EXECUTE ON FUNCTION {", ".join(functions)} FROM PUBLIC;
        REVOKE EXECUTE ON FUNCTION search_records(text, text[], text[], text[], integer,
            integer) FROM PUBLIC;
        DO $$ BEGIN
            IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{TEAM}') THEN
                REVOKE ALL ON search_words FROM {TEAM};
                GRANT EXECUTE ON FUNCTION search_records(text, text[], text[], text[],
                    integer, integer) TO {TEAM};
            END IF;
        END $$
        """
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location(
        "search_0024", Path(__file__).with_name("0024_search.py")
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    indexes = module.POSTGRES_INDEXES
    for table, text in indexes.items():
        op.execute(
            f"CREATE INDEX IF NOT EXISTS ix_{table}_search ON {table} "
            f"USING gin (to_tsvector('simple'::regconfig, search_fold({text})))"
        )
    for table in (*TABLES, "people"):
        op.execute(f"DROP TRIGGER IF EXISTS search_words ON {table}")
        op.execute(f"DROP TRIGGER IF EXISTS search_words_truncate ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS search_words_{table}()")
    op.execute("DROP FUNCTION search_records(text, text[], text[], text[], integer, integer)")
    op.execute("DROP FUNCTION search_words_follow(smallint, integer)")
    op.execute("DROP TABLE search_words")
