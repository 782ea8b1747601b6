"""An administrator sets up a team store by following README, verbatim, as a non-superuser.

The steps are read from README's team section (marked `team-setup:sql`, `:tls`, `:conf`,
`:hba` and `:shell`) and run as written — the certificates made with `openssl`, the server
given them and README's `pg_hba.conf` lines, then reloaded — on a PostgreSQL server of the
test's own; only the host name, the names (made unique per run), the path of the CA's
certificate and the passwords are substituted. Every connection of the app goes over TLS
with `sslmode=verify-full`.
"""

from __future__ import annotations

import io
import re
import shlex
import shutil
import subprocess
import threading
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from alliance_desk.cli import main
from alliance_desk.store import portfolio
from alliance_desk.store.database import open_store
from tests.helpers import draft
from tests.store import own_server

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


HOST = "localhost"  # the name the test server's certificate is made for (db.example.com)


@pytest.fixture(scope="module")
def tls_server():
    """A PostgreSQL server of this module's own: README's step 2 changes its configuration."""
    if shutil.which("openssl") is None:
        pytest.skip("no `openssl` command here: README's certificate step needs it")
    server = own_server.start()
    yield server
    own_server.stop(server)


def _openssl_steps(folder: Path) -> None:
    """README's certificate commands, as written, for the test's host name."""
    for line in _block("tls"):
        done = subprocess.run(
            ["bash", "-c", line.replace("db.example.com", HOST)],
            cwd=folder,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, (line, done.stderr)


def _step_two(server: own_server.OwnServer, suffix: str, certificates: Path, superuser) -> None:
    """README's step 2 on the server: its certificate, postgresql.conf, pg_hba.conf, reload."""
    _openssl_steps(certificates)
    for name in ("server.crt", "server.key"):
        shutil.copy(certificates / name, server.data / name)
        server.give(server.data / name)
    (server.data / "server.key").chmod(0o600)
    with open(server.data / "postgresql.conf", "a", encoding="utf-8") as conf:
        conf.write("\n".join(_block("conf")) + "\n")
    hba = server.data / "pg_hba.conf"
    lines = hba.read_text(encoding="utf-8").splitlines()
    first_host = next(i for i, line in enumerate(lines) if line.startswith("host"))
    lines[first_host:first_host] = [_rename(line, suffix) for line in _block("hba")]
    hba.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with superuser.connect() as connection:
        connection.execute(text("SELECT pg_reload_conf()"))
    for _ in range(50):  # the server rereads its files in the background
        with superuser.connect() as connection:
            if connection.execute(text("SHOW ssl")).scalar() == "on":
                return
        time.sleep(0.1)
    raise AssertionError("the server did not turn TLS on")


@pytest.fixture
def readme_setup(tls_server, monkeypatch, tmp_path):
    """README's steps 1 to 3, run as written; yields (the admin's URL, names, outputs)."""
    suffix = uuid.uuid4().hex[:8]
    names = {name: f"{name}_{suffix}" for name in NAMES}
    superuser = create_engine(tls_server.superuser_url, isolation_level="AUTOCOMMIT")
    with superuser.connect() as connection:  # step 1, as the superuser
        for statement in _block("sql"):
            connection.execute(
                text(_rename(statement, suffix).replace("choose-a-long-password", "pw-admin"))
            )
    certificates = tmp_path / "certificates"
    certificates.mkdir()
    _step_two(tls_server, suffix, certificates, superuser)
    outputs = []
    lines = _block("shell")
    assignment = lines[0]
    assert assignment.startswith("DESK=")
    desk = make_url(shlex.split(_rename(assignment, suffix))[0].split("=", 1)[1])
    assert desk.query == {"sslmode": "verify-full", "sslrootcert": "/path/to/ca.crt"}
    desk = desk.set(host=HOST, port=tls_server.port).update_query_dict(
        {"sslrootcert": str(certificates / "ca.crt")}
    )
    url = desk.render_as_string(hide_password=False)
    monkeypatch.setenv("PGPASSWORD", "pw-admin")  # as README says the password is given
    for line in lines[1:]:
        words = shlex.split(_rename(line, suffix).replace('"$DESK"', shlex.quote(url)))
        assert words[0] == "alliance-desk"
        monkeypatch.setattr("sys.stdin", io.StringIO("pw-member\n"))  # a new login's password
        outputs.append(_run(words[1:]))
    yield url, names, outputs, superuser
    with superuser.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {names['alliances']} WITH (FORCE)"))
        for name in ("ada", "alice", "bob", "deskadmin"):
            connection.execute(text(f"DROP OWNED BY {names[name]}"))
            connection.execute(text(f"DROP ROLE {names[name]}"))
    superuser.dispose()


def _run(argv: list[str]) -> str:
    import contextlib

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    assert code == 0, err.getvalue()
    return out.getvalue()


def test_the_readme_steps_set_up_a_team_store(readme_setup) -> None:
    url, names, outputs, superuser = readme_setup
    admin = make_url(url)
    assert admin.username == names["deskadmin"]
    with superuser.connect() as connection:
        is_superuser = connection.execute(
            text("SELECT rolsuper FROM pg_roles WHERE rolname = :n"), {"n": names["deskadmin"]}
        ).scalar()
    assert is_superuser is False  # everything from step 3 ran as a non-superuser
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
    with superuser.connect() as connection:  # nobody else may connect, whatever pg_hba says
        connection.execute(text(f"CREATE ROLE stranger_{suffix(names)} LOGIN"))
        try:
            assert not connection.execute(
                text("SELECT has_database_privilege(:who, :db, 'CONNECT')"),
                {"who": f"stranger_{suffix(names)}", "db": names["alliances"]},
            ).scalar()
        finally:
            connection.execute(text(f"DROP ROLE stranger_{suffix(names)}"))


def test_without_tls_or_with_another_ca_nobody_gets_in(readme_setup, tmp_path, capsys) -> None:
    """The app's connections go over TLS with the server's name checked; a connection without
    TLS, trusting another CA, naming the server otherwise, or to another database is refused,
    in one line from the command line."""
    url, names, _outputs, _superuser = readme_setup
    store = open_store(url)
    try:
        with store.engine.connect() as connection:
            checked = connection.execute(
                text("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            ).scalar()
        assert checked is True
    finally:
        store.close()
    another_ca = tmp_path / "another"
    another_ca.mkdir()
    _openssl_steps(another_ca)
    admin = make_url(url)
    for attempt, words in (
        (admin.update_query_dict({"sslmode": "disable"}), "no encryption"),
        (admin.update_query_dict({"sslrootcert": str(another_ca / "ca.crt")}), "certificate"),
        (admin.set(host="127.0.0.1"), "does not match host name"),
        (admin.set(database="postgres"), "rejects connection"),
        (admin.set(username=names["bob"]).set(database="postgres"), "rejects connection"),
    ):
        assert main(["--db", attempt.render_as_string(hide_password=False), "team", "members"]) == 2
        err = capsys.readouterr().err
        assert words in err, err
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


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
