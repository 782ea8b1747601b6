"""Full-text search over everything the user writes, kept in step by the database itself

Revision ID: 0024_search
Revises: 0023_meetings
Create Date: 2026-12-03 10:00:00

On the file, one FTS5 index (`search_index`) holds the text of every record a search finds:
alliances, people on an alliance (with our notes on them), interactions, escalations and
their history, risks, decisions, obligations, meetings with their agenda and actions,
onboarding plans and items, partner insights. Triggers on each of those tables keep it in
step on every insert, change and delete (cascades included), so a deleted record leaves the
results at once and nothing the app or another tool writes is missed. An index row's rowid
is the record's id × 32 + its source's number, so a trigger finds its row without a scan.
The index is filled from the records already there.

Words are split and compared by FTS5's unicode61 tokenizer with its accents removed (Müller
is found by "muller"). On PostgreSQL, search reads the tables themselves (so row-level
security applies) with text-search expressions this revision indexes with GIN, folded
by `search_fold` (lower case, and without accents where `unaccent` can be installed).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0024_search"
down_revision: str | None = "0023_meetings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TEXT = "coalesce({}, '')"


def joined(*columns: str) -> str:
    return " || ' ' || ".join(TEXT.format(c) for c in columns)


MEETING_ALLIANCE = "(SELECT b.alliance_id FROM governance_bodies b WHERE b.id = {r}.body_id)"
MEETING_OF = (
    "(SELECT b.alliance_id FROM meetings m JOIN governance_bodies b ON b.id = m.body_id "
    "WHERE m.id = {r}.meeting_id)"
)
PLAN_ALLIANCE = "(SELECT s.alliance_id FROM stakeholders s WHERE s.id = {r}.stakeholder_id)"
PERSON = "(SELECT {} FROM people p WHERE p.id = {{r}}.person_id)"

# (number, table, opens, record, alliance, title, body, day, columns whose change re-indexes)
SOURCES = (
    (1, "alliances", "alliance", "{r}.id", "{r}.id", "{r}.name",
     joined("{r}.partner", "{r}.north_star"), "NULL", "name, partner, north_star"),
    (2, "stakeholders", "person", "{r}.id", "{r}.alliance_id", PERSON.format("p.name"),
     joined(PERSON.format(joined("p.title", "p.organisation", "p.function", "p.email")),
            "{r}.role", "{r}.notes"), "NULL", "role, notes, person_id"),
    (3, "interactions", "interaction", "{r}.id", "{r}.alliance_id", "{r}.kind",
     TEXT.format("{r}.note"), "{r}.occurred_on", "kind, note, occurred_on"),
    (4, "escalations", "escalation", "{r}.id", "{r}.alliance_id", "{r}.title",
     joined("{r}.description", "{r}.root_cause", "{r}.resolution"), "{r}.raised_on",
     "title, description, root_cause, resolution, raised_on"),
    (5, "escalation_events", "escalation", "{r}.escalation_id",
     "(SELECT e.alliance_id FROM escalations e WHERE e.id = {r}.escalation_id)", "''",
     TEXT.format("{r}.text"), "date({r}.occurred_at)", "text"),
    (6, "risks", "risks", "{r}.id", "{r}.alliance_id", "{r}.title",
     TEXT.format("{r}.mitigation"), "date({r}.created_at)", "title, mitigation"),
    (7, "decisions", "decisions", "{r}.id", "{r}.alliance_id", "{r}.title",
     joined("{r}.forum", "{r}.makers", "{r}.alternatives", "{r}.rationale"), "{r}.decided_on",
     "title, forum, makers, alternatives, rationale, decided_on"),
    (8, "obligations", "obligations", "{r}.id", "{r}.alliance_id", "{r}.title", "''",
     "{r}.due_date", "title, due_date"),
    (9, "meetings", "meeting", "{r}.id", MEETING_ALLIANCE, "''",
     joined("{r}.location", "{r}.note"), "date({r}.starts_at)", "location, note, starts_at"),
    (10, "agenda_items", "meeting", "{r}.meeting_id", MEETING_OF, "{r}.title",
     joined("{r}.notes", "{r}.record"), "(SELECT date(m.starts_at) FROM meetings m WHERE "
     "m.id = {r}.meeting_id)", "title, notes, record"),
    (11, "action_items", "meeting", "{r}.meeting_id", MEETING_OF, "{r}.title", "''",
     "{r}.due_date", "title, due_date"),
    (12, "insights", "insights", "{r}.id", "{r}.alliance_id", "{r}.title",
     joined("{r}.source", "{r}.detail"), "{r}.noted_on", "title, source, detail, noted_on"),
    (13, "onboarding_plans", "plan", "{r}.id", PLAN_ALLIANCE, "{r}.role",
     TEXT.format("{r}.note"), "{r}.start_date", "role, note, start_date"),
    (14, "onboarding_items", "plan", "{r}.plan_id",
     PLAN_ALLIANCE.replace("{r}.stakeholder_id",
                           "(SELECT o.stakeholder_id FROM onboarding_plans o "
                           "WHERE o.id = {r}.plan_id)"),
     "{r}.title", TEXT.format("{r}.detail"), "{r}.due_date", "title, detail, due_date"),
    (15, "milestones", "milestones", "{r}.id", "{r}.alliance_id", "{r}.title", "''",
     "{r}.planned_on", "title, planned_on"),
    (16, "kpis", "kpis", "{r}.id", "{r}.alliance_id", "{r}.name", TEXT.format("{r}.unit"),
     "NULL", "name, unit"),
    (17, "minutes_amendments", "meeting", "{r}.meeting_id", MEETING_OF, "{r}.item_title",
     TEXT.format("{r}.text"), "date({r}.made_at)", "item_title, text"),
)  # fmt: skip

COLUMNS = "rowid, title, body, what, record_id, alliance_id, day"


def values(source: tuple[object, ...], row: str) -> str:
    number, _table, what, record, alliance, title, body, day, _watched = source
    parts = (f"{row}.id * 32 + {number}", title, body, f"'{what}'", record, alliance, day)
    return ", ".join(str(part).format(r=row) for part in parts)


def index_rows(source: tuple[object, ...], row: str, tail: str = "") -> str:
    return f"INSERT INTO search_index ({COLUMNS}) SELECT {values(source, row)} {tail}"


def forget(source: tuple[object, ...], row: str) -> str:
    return f"DELETE FROM search_index WHERE rowid = {row}.id * 32 + {source[0]}"


def triggers(source: tuple[object, ...]) -> list[str]:
    table, watched = source[1], source[8]
    name = f"search_{table}"
    return [
        f"CREATE TRIGGER {name}_insert AFTER INSERT ON {table} BEGIN "
        f"{index_rows(source, 'NEW')}; END",
        f"CREATE TRIGGER {name}_update AFTER UPDATE OF {watched} ON {table} BEGIN "
        f"{forget(source, 'OLD')}; {index_rows(source, 'NEW')}; END",
        f"CREATE TRIGGER {name}_delete AFTER DELETE ON {table} BEGIN {forget(source, 'OLD')}; END",
    ]


STAKEHOLDERS = SOURCES[1]
# A person's name and details are shown and found on each alliance they sit on.
PERSON_CHANGED = (
    "CREATE TRIGGER search_people_update AFTER UPDATE OF name, title, organisation, function, "
    "email ON people BEGIN "
    "DELETE FROM search_index WHERE rowid IN "
    f"(SELECT s.id * 32 + {STAKEHOLDERS[0]} FROM stakeholders s WHERE s.person_id = NEW.id); "
    f"{index_rows(STAKEHOLDERS, 's', 'FROM stakeholders s WHERE s.person_id = NEW.id')}; END"
)

# PostgreSQL: an expression index per searched table, on the same words the search reads.
POSTGRES_INDEXES = {
    "alliances": joined("name", "partner", "north_star"),
    "people": joined("name", "title", "organisation", "function", "email"),
    "stakeholders": joined("role", "notes"),
    "interactions": joined("kind", "note"),
    "escalations": joined("title", "description", "root_cause", "resolution"),
    "escalation_events": TEXT.format("text"),
    "risks": joined("title", "mitigation"),
    "decisions": joined("title", "forum", "makers", "alternatives", "rationale"),
    "obligations": TEXT.format("title"),
    "meetings": joined("location", "note"),
    "agenda_items": joined("title", "notes", "record"),
    "action_items": TEXT.format("title"),
    "insights": joined("title", "source", "detail"),
    "onboarding_plans": joined("role", "note"),
    "onboarding_items": joined("title", "detail"),
    "milestones": TEXT.format("title"),
    "kpis": joined("name", "unit"),
    "minutes_amendments": joined("item_title", "text"),
}


# Words compared in lower case and, where the server has the `unaccent` extension (PostgreSQL's
# contrib, trusted: a database owner may create it), without accents. Immutable, so indexes may
# use it; the dictionary is named with its schema so no search_path can change what it does.
POSTGRES_FOLD = """
DO $$ BEGIN
    BEGIN
        CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
    EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE 'unaccent is not available: search compares accents as written';
    END;
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'unaccent') THEN
        CREATE FUNCTION search_fold(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT
            PARALLEL SAFE
            AS 'SELECT public.unaccent(''public.unaccent''::regdictionary, lower($1))';
    ELSE
        CREATE FUNCTION search_fold(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT
            PARALLEL SAFE AS 'SELECT lower($1)';
    END IF;
END $$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRES_FOLD)
        for table, text in POSTGRES_INDEXES.items():
            op.execute(
                f"CREATE INDEX ix_{table}_search ON {table} "
                f"USING gin (to_tsvector('simple'::regconfig, search_fold({text})))"
            )
        return
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5(title, body, what UNINDEXED, "
        "record_id UNINDEXED, alliance_id UNINDEXED, day UNINDEXED, "
        "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
    )
    for source in SOURCES:
        op.execute(index_rows(source, "r", f"FROM {source[1]} r"))
        for statement in triggers(source):
            op.execute(statement)
    op.execute(PERSON_CHANGED)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in POSTGRES_INDEXES:
            op.execute(f"DROP INDEX ix_{table}_search")
        op.execute("DROP FUNCTION search_fold(text)")
        return
    for source in SOURCES:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER search_{source[1]}_{event}")
    op.execute("DROP TRIGGER search_people_update")
    op.execute("DROP TABLE search_index")
