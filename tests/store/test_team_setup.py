"""An administrator sets up a team store by following README, verbatim, as a non-superuser.

The SQL and shell steps are read from README's team section (marked `team-setup:sql` and
`team-setup:shell`) and run as written, with only the host, the names (made unique per test
run), the passwords and `sslmode` (the throwaway test server has no TLS) substituted.
"""

from __future__ import annotations

import io
import re
import shlex
import threading
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from alliance_desk.cli import main
from alliance_desk.store import portfolio
from alliance_desk.store.database import open_store
from alliance_desk.store.errors import StoreError
from tests.helpers import draft

README = Path(__file__).resolve().parents[2] / "README.md"
NAMES = ("deskadmin", "alliances", "ada", "alice", "bob")


def _block(marker: str) -> list[str]:
    """The lines of the fenced block following `<!-- team-setup:MARKER -->` in README."""
    readme = README.read_text(encoding="utf-8")
    after = readme.split(f"<!-- team-setup:{marker} -->", 1)[1]
    body = after.split("```", 2)[1]
    return [line.strip() for line in body.splitlines()[1:] if line.strip()]


def _rename(line: str, suffix: str) -> str:
    for name in NAMES:
        line = re.sub(rf"\b{name}\b", f"{name}_{suffix}", line)
    return line


@pytest.fixture
def readme_setup(postgres_template, monkeypatch):
    """README's steps 1 and 3, run as written; yields (the admin's URL, names, outputs)."""
    from tests.conftest import SERVER

    suffix = uuid.uuid4().hex[:8]
    names = {name: f"{name}_{suffix}" for name in NAMES}
    with postgres_template.connect() as connection:  # step 1, as the superuser
        for statement in _block("sql"):
            connection.execute(
                text(_rename(statement, suffix).replace("choose-a-long-password", "pw-admin"))
            )
    server = make_url(SERVER)
    outputs = []
    lines = _block("shell")
    assignment = lines[0]
    assert assignment.startswith("DESK=")
    desk = make_url(shlex.split(_rename(assignment, suffix))[0].split("=", 1)[1])
    assert desk.query.get("sslmode") == "verify-full"  # README asks for it; no TLS here
    desk = desk.set(host=server.host, port=server.port, query={"sslmode": "disable"})
    url = desk.render_as_string(hide_password=False)
    monkeypatch.setenv("PGPASSWORD", "pw-admin")  # as README says the password is given
    for line in lines[1:]:
        words = shlex.split(_rename(line, suffix).replace('"$DESK"', shlex.quote(url)))
        assert words[0] == "alliance-desk"
        monkeypatch.setattr("sys.stdin", io.StringIO("pw-member\n"))  # a new login's password
        outputs.append(_run(words[1:]))
    yield url, names, outputs
    with postgres_template.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {names['alliances']} WITH (FORCE)"))
        for name in ("ada", "alice", "bob", "deskadmin"):
            connection.execute(text(f"DROP OWNED BY {names[name]}"))
            connection.execute(text(f"DROP ROLE {names[name]}"))


def _run(argv: list[str]) -> str:
    import contextlib

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    assert code == 0, err.getvalue()
    return out.getvalue()


def test_the_readme_steps_set_up_a_team_store(readme_setup, postgres_template) -> None:
    url, names, outputs = readme_setup
    admin = make_url(url)
    assert admin.username == names["deskadmin"]
    with postgres_template.connect() as connection:
        superuser = connection.execute(
            text("SELECT rolsuper FROM pg_roles WHERE rolname = :n"), {"n": names["deskadmin"]}
        ).scalar()
    assert superuser is False  # everything from step 3 ran as a non-superuser
    members = outputs[-1]
    assert f"{names['ada']} (administrator): no alliance" in members
    assert f"{names['bob']}: no alliance" in members

    def member(who: str) -> str:
        return admin.set(username=names[who], password="pw-member").render_as_string(
            hide_password=False
        )

    alice, bob = open_store(member("alice")), open_store(member("bob"))
    try:
        first = portfolio.create_alliance(alice, draft(name="Confidential"))
        second = portfolio.create_alliance(alice, draft(name="Also hers"))
        assert portfolio.list_alliances(bob) == []  # not granted yet
        for line in _step("**Who sees which alliance.**"):  # step 4, as written
            line = line.replace("#3", f"#{first.id}").replace("#7", f"#{second.id}")
            _run(shlex.split(_rename(line, suffix(names)).replace('"$DESK"', url))[1:])
        assert [a.name for a in portfolio.list_alliances(bob)] == ["Confidential"]
        listed = _run(["--db", url, "team", "members"])
        assert f"{names['bob']}: #{first.id} (not granted to you)" in listed
        hers = f"#{first.id} (not granted to you), #{second.id} (not granted to you)"
        assert f"{names['alice']}: {hers}" in listed  # whoever creates an alliance sees it
    finally:
        alice.close()
        bob.close()
    stranger = f"stranger_{suffix(names)}"
    with postgres_template.connect() as connection:
        connection.execute(text(f"CREATE ROLE {stranger} LOGIN PASSWORD 'pw'"))
    try:
        with pytest.raises(StoreError, match="permission denied for database"):
            open_store(admin.set(username=stranger, password="pw").render_as_string(False))
    finally:
        with postgres_template.connect() as connection:
            connection.execute(text(f"DROP ROLE {stranger}"))


def suffix(names: dict[str, str]) -> str:
    return names["bob"].rsplit("_", 1)[1]


def _step(title: str) -> list[str]:
    readme = README.read_text(encoding="utf-8")
    step = readme.split(title, 1)[1].split("```", 2)[1]
    return [line.strip() for line in step.splitlines()[1:] if line.strip()]


def test_two_apps_upgrading_at_once_take_turns(postgres_template) -> None:
    """Two openings of a store one revision behind: one upgrades, the other waits for it
    (an advisory lock) and finds nothing left to do; neither fails."""
    from alliance_desk.store.location import resolve
    from alliance_desk.store.migrate import upgrade
    from alliance_desk.store.schema import HEAD_REVISION
    from tests.conftest import SERVER

    database = f"alliance_desk_race_{uuid.uuid4().hex[:8]}"
    with postgres_template.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {database}"))
    url = make_url(SERVER).set(database=database).render_as_string(hide_password=False)
    try:
        upgrade(resolve(url), "0020_today_snooze")
        failures: list[BaseException] = []

        def open_it() -> None:
            try:
                open_store(url).close()
            except BaseException as error:  # reported below
                failures.append(error)

        threads = [threading.Thread(target=open_it) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert failures == []
        engine = create_engine(url)
        with engine.connect() as connection:
            revision = connection.execute(text("SELECT version_num FROM alembic_version"))
            assert revision.scalar_one() == HEAD_REVISION
        engine.dispose()
    finally:
        with postgres_template.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"))


def test_team_commands_fail_in_one_line(team_database, carol, capsys) -> None:
    """No URL, a role that may not create roles, an alliance that does not exist, a login
    that is no member: each is one line on stderr, exit code 2, no traceback."""
    from alliance_desk.store.location import with_password

    as_carol = with_password(carol, "carols-secret")
    for argv, expected in (
        (["team", "members"], "need the team store's URL"),
        (["--db", as_carol, "team", "init"], "may not create roles"),
        (["--db", team_database, "team", "grant", "nobody_here", "#1"], "not a member yet"),
        (["--db", team_database, "team", "add", "bad name;"], "not a database user name"),
        (["--db", as_carol, "team", "grant", carol_name(carol), "#1"], "may not"),
    ):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert expected in err and "Traceback" not in err, (argv, err)
        assert len(err.strip().splitlines()) == 1


def carol_name(url: str) -> str:
    return make_url(url).username or ""
