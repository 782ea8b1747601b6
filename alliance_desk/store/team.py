"""Administering a team store: setting it up, its members, and who may see which alliance.

`init` is run once, by a role that may create roles (CREATEROLE) and owns the database: it
makes a non-login owner role that owns the schema and every table (row security is FORCEd on
it too), the member role and the administrator role, shuts the database to everyone else
(`REVOKE CONNECT … FROM PUBLIC`) and migrates. Administrators (`add --admin`) may then
upgrade, add and remove members and grant alliances; what PostgreSQL enforces is described in
`alliance_desk/store/access.py`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from alliance_desk.store.access import ADMIN, OWNER, ROLES, TEAM
from alliance_desk.store.errors import StoreError
from alliance_desk.store.location import Location

ROLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


@dataclass(frozen=True)
class Member:
    name: str
    admin: bool
    alliances: tuple[str, ...]  # "#id name" of each alliance granted


def _engine(location: Location) -> Engine:
    if location.path is not None:
        raise StoreError("Teams live on a PostgreSQL team store; give its URL with --db.")
    return create_engine(location.url)


def _fail(error: DBAPIError, outcome: str) -> StoreError:
    from alliance_desk.store.database import database_failure

    return database_failure(error, outcome)


def _role_name(name: str) -> str:
    if not ROLE_NAME.match(name):
        raise StoreError(
            f"{name!r} is not a database user name this app manages: use letters, digits and "
            "underscores (at most 63), starting with a letter."
        )
    return name


def init(location: Location) -> list[str]:
    """Set up an empty (or older) team store; returns what was done, one line each."""
    engine = _engine(location)
    done = []
    try:
        with engine.begin() as connection:
            me, superuser, may_create = connection.execute(
                text(
                    "SELECT current_user, rolsuper, rolcreaterole FROM pg_roles "
                    "WHERE rolname = current_user"
                )
            ).one()
            if not (superuser or may_create):
                raise StoreError(
                    f"{me} may not create roles, so the team store was not set up. Run "
                    "`team init` as a role created WITH CREATEROLE that owns the database."
                )
            for role in ROLES:
                made = connection.execute(
                    text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}
                ).scalar()
                if not made:
                    connection.execute(text(f"CREATE ROLE {role} NOLOGIN"))
                    done.append(f"created the role {role}")
            for member, role in ((ADMIN, TEAM), (ADMIN, OWNER), (me, ADMIN)):
                if not _is_member(connection, member, role):
                    connection.execute(text(f'GRANT {role} TO "{member}"'))
            database = connection.execute(text("SELECT current_database()")).scalar_one()
            connection.execute(text(f'GRANT CREATE ON DATABASE "{database}" TO {OWNER}'))
            connection.execute(text(f"ALTER SCHEMA public OWNER TO {OWNER}"))
            owned = connection.execute(
                text(
                    "SELECT c.relname, c.relkind FROM pg_class c "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S', 'v') "
                    "AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)"
                )
            ).all()
            for name, kind in owned:
                if kind == "S" and _owned_by_column(connection, name):
                    continue  # moves with its table
                connection.execute(text(f'ALTER TABLE public."{name}" OWNER TO {OWNER}'))
            if owned:
                done.append(f"gave {len(owned)} existing tables to {OWNER}")
            connection.execute(
                text(f'REVOKE CONNECT, TEMPORARY ON DATABASE "{database}" FROM PUBLIC')
            )
            connection.execute(text(f'GRANT CONNECT ON DATABASE "{database}" TO {TEAM}'))
            done.append(f"only members of {TEAM} may connect to {database}")
    except DBAPIError as error:
        raise _fail(error, "the team store was not set up") from None
    finally:
        engine.dispose()
    upgrade(location)
    done.append(f"the schema is up to date; {me} is an administrator")
    return done


def _owned_by_column(connection: Connection, sequence: str) -> bool:
    return bool(
        connection.execute(
            text(
                "SELECT 1 FROM pg_depend d JOIN pg_class c ON c.oid = d.objid "
                "WHERE c.relname = :s AND d.deptype IN ('a', 'i')"
            ),
            {"s": sequence},
        ).scalar()
    )


def _is_member(connection: Connection, member: str, role: str) -> bool:
    return bool(
        connection.execute(
            text(
                "SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid "
                "JOIN pg_roles u ON u.oid = m.member WHERE r.rolname = :role AND u.rolname = :u"
            ),
            {"role": role, "u": member},
        ).scalar()
    )


def _admin_session(location: Location, outcome: str):
    engine = _engine(location)

    class _Session:
        def __enter__(self) -> Connection:
            try:
                self.context = engine.begin()
                connection = self.context.__enter__()
            except DBAPIError as error:
                engine.dispose()
                raise _fail(error, outcome) from None
            return connection

        def __exit__(self, kind, error, trace) -> None:
            try:
                self.context.__exit__(kind, error, trace)
            except DBAPIError as failure:
                raise _fail(failure, outcome) from None
            finally:
                engine.dispose()
            if isinstance(error, DBAPIError):
                raise _fail(error, outcome) from None

    return _Session()


def add(location: Location, name: str, *, admin: bool = False, password: str | None = None) -> str:
    """Make `name` a member (creating the login role with `password` if it does not exist)."""
    name = _role_name(name)
    with _admin_session(location, f"{name} was not added") as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}
        ).scalar()
        if not exists:
            if not password:
                raise StoreError(f"{name} has no database login yet: give them a password.")
            statement = connection.execute(
                text(
                    "SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', "
                    "CAST(:n AS text), CAST(:p AS text))"
                ),
                {"n": name, "p": password},
            ).scalar_one()
            connection.exec_driver_sql(statement.replace("%", "%%"))
        connection.execute(text(f'GRANT {TEAM} TO "{name}"'))
        if admin:
            connection.execute(text(f'GRANT {ADMIN} TO "{name}"'))
    made = "created and added" if not exists else "added"
    return f"{name} {made} as {'an administrator' if admin else 'a member'}."


def remove(location: Location, name: str) -> str:
    """Take `name` out of the team: no alliance, no membership (their login stays)."""
    name = _role_name(name)
    with _admin_session(location, f"{name} was not removed") as connection:
        connection.execute(text("DELETE FROM team_grants WHERE member = :n"), {"n": name})
        for role in (ADMIN, TEAM):
            if _is_member(connection, name, role):
                connection.execute(text(f'REVOKE {role} FROM "{name}"'))
    return f"{name} was removed from the team; what they recorded stays."


def _alliance_ids(connection: Connection, wanted: Iterable[str]) -> list[int]:
    """Alliances named by '#id', 'id' or their name (among those this administrator sees)."""
    ids = []
    for token in wanted:
        digits = token.lstrip("#")
        if digits.isdigit():
            ids.append(int(digits))
            continue
        found = connection.execute(
            text("SELECT id FROM alliances WHERE lower(name) = lower(:n)"), {"n": token}
        ).scalars()
        matches = list(found)
        if len(matches) != 1:
            raise StoreError(
                f"No single alliance you can see is called {token!r}: give its #id "
                "(`alliance-desk alliances` lists them)."
            )
        ids.append(matches[0])
    return ids


def grant(location: Location, name: str, alliances: Iterable[str]) -> str:
    name = _role_name(name)
    with _admin_session(location, "nothing was granted") as connection:
        if not connection.execute(
            text(f"SELECT pg_has_role(oid, '{TEAM}', 'MEMBER') FROM pg_roles WHERE rolname = :n"),
            {"n": name},
        ).scalar():
            raise StoreError(f"{name} is not a member yet: run `team add {name}` first.")
        ids = _alliance_ids(connection, alliances)
        for alliance in ids:
            connection.execute(
                text(
                    "INSERT INTO team_grants (member, alliance_id) VALUES (:n, :a) "
                    "ON CONFLICT DO NOTHING"
                ),
                {"n": name, "a": alliance},
            )
        try:
            connection.execute(text("SET CONSTRAINTS ALL IMMEDIATE"))
        except DBAPIError:
            raise StoreError(
                "There is no alliance with one of those ids; nothing was granted."
            ) from None
    listed = ", ".join(f"#{i}" for i in ids)
    return f"{name} may now see {_count(len(set(ids)), 'alliance')} ({listed})."


def revoke(location: Location, name: str, alliances: Iterable[str]) -> str:
    name = _role_name(name)
    with _admin_session(location, "nothing was revoked") as connection:
        ids = _alliance_ids(connection, alliances)
        gone = connection.execute(
            text("DELETE FROM team_grants WHERE member = :n AND alliance_id = ANY(:ids)"),
            {"n": name, "ids": ids},
        ).rowcount
    return f"{name} no longer sees {_count(gone, 'alliance')}."


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def members(location: Location) -> list[Member]:
    """Everyone who may log in to the team store, with the alliances granted to each."""
    with _admin_session(location, "the members could not be listed") as connection:
        people = connection.execute(
            text(
                f"SELECT r.rolname, pg_has_role(r.oid, '{ADMIN}', 'MEMBER') FROM pg_roles r "
                f"WHERE r.rolcanlogin AND NOT r.rolsuper AND pg_has_role(r.oid, '{TEAM}', "
                "'MEMBER') ORDER BY r.rolname"
            )
        ).all()
        grants: dict[str, list[str]] = {}
        for member, alliance, name in connection.execute(
            text(
                "SELECT g.member, g.alliance_id, a.name FROM team_grants g "
                "LEFT JOIN alliances a ON a.id = g.alliance_id ORDER BY g.member, g.alliance_id"
            )
        ):
            grants.setdefault(member, []).append(f"#{alliance} {name or '(not granted to you)'}")
    return [Member(name, bool(admin), tuple(grants.get(name, ()))) for name, admin in people]


def login_exists(location: Location, name: str) -> bool:
    """Whether the database user `name` exists already (`add` then needs no password)."""
    name = _role_name(name)
    with _admin_session(location, f"{name} was not looked up") as connection:
        return bool(
            connection.execute(
                text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}
            ).scalar()
        )


def upgrade(location: Location) -> None:
    """Bring the schema up to this version (as the owner role, under the upgrade lock)."""
    from alliance_desk.store.migrate import upgrade as run

    try:
        run(location)
    except DBAPIError as error:
        raise _fail(error, "the team store was not upgraded") from None


def purge(location: Location) -> str:
    """Delete for good the alliances deleted in the app (and all that hangs from them), of
    those this administrator sees; members cannot (the app only hides a deleted alliance)."""
    with _admin_session(location, "nothing was purged") as connection:
        gone = connection.execute(
            text("DELETE FROM alliances WHERE deleted_at IS NOT NULL")
        ).rowcount
    return f"Purged {_count(gone, 'deleted alliance')} with everything recorded on them."
