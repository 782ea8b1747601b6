"""The team store never hangs the app and never shows a traceback: a teammate's lock, a
statement running too long, a lost connection, a refusal and a serialization failure each
become one sentence (and a serialization failure is first retried once)."""

from __future__ import annotations

import threading
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from alliance_desk.core import wall
from alliance_desk.store import database, engine, portfolio
from alliance_desk.store.database import open_store
from alliance_desk.store.errors import (
    BusyError,
    ConnectionLostError,
    PasswordRequired,
    ReadOnlyError,
    RetryableError,
    SaveError,
    server_failure,
)
from alliance_desk.store.retry import retried
from tests.helpers import draft


@pytest.fixture
def quick_limits(monkeypatch):
    monkeypatch.setattr(engine, "LOCK_TIMEOUT", "300ms")
    monkeypatch.setattr(engine, "STATEMENT_TIMEOUT", "2s")


def test_a_teammates_lock_table_makes_the_store_busy_not_hung(
    team_database, quick_limits, capsys
) -> None:
    from alliance_desk.cli import main

    store = open_store(team_database)
    alliance = portfolio.create_alliance(store, draft(name="Locked"))
    locker = create_engine(team_database)
    held, done = threading.Event(), threading.Event()

    def hold_lock() -> None:
        with locker.begin() as connection:
            connection.execute(text("LOCK TABLE alliances IN ACCESS EXCLUSIVE MODE"))
            held.set()
            done.wait(30)

    thread = threading.Thread(target=hold_lock)
    thread.start()
    try:
        assert held.wait(10)
        with pytest.raises(BusyError, match="team store is busy"):
            portfolio.list_alliances(store)
        with pytest.raises(BusyError, match="so this change was not saved"):
            portfolio.update_alliance(store, alliance.id, draft(name="Renamed"))
        assert main(["--db", team_database, "alliances"]) == 2
        err = capsys.readouterr().err
        assert "team store is busy" in err and len(err.strip().splitlines()) == 1
    finally:
        done.set()
        thread.join()
        locker.dispose()
    assert portfolio.get_alliance(store, alliance.id).name == "Locked"  # and it carries on
    store.close()


def test_a_statement_running_too_long_is_cut_short(team_database, monkeypatch) -> None:
    monkeypatch.setattr(engine, "STATEMENT_TIMEOUT", "200ms")
    store = open_store(team_database)
    try:
        with pytest.raises(BusyError, match="did not answer in time"), store.read() as session:
            session.execute(text("SELECT pg_sleep(5)"))
    finally:
        store.close()


def test_a_lost_connection_is_one_sentence_and_the_next_call_reconnects(
    team_database, postgres_template
) -> None:
    store = open_store(team_database)
    try:
        lost = pytest.raises(SaveError, match="connection to the team store was lost")
        with lost, store.write() as session, postgres_template.connect() as admin:
            admin.execute(
                text("SELECT pg_terminate_backend(:pid)"),
                {"pid": session.execute(text("SELECT pg_backend_pid()")).scalar()},
            )
            session.execute(text("SELECT 1"))
        portfolio.create_alliance(store, draft(name="After the outage"))
        assert [a.name for a in portfolio.list_alliances(store)] == ["After the outage"]
    finally:
        store.close()


def test_a_refusal_by_the_store_says_what_was_refused(team_database, carol) -> None:
    """A member deleting a decision a teammate recorded: the server refuses, the app says so
    in one sentence (no traceback), and the decision stays."""
    from alliance_desk.core.risks import validate_decision
    from alliance_desk.store import risks, team
    from alliance_desk.store.location import resolve, with_password

    owner = open_store(team_database)
    alliance = portfolio.create_alliance(owner, draft(name="Shared"))
    decision = risks.add_decision(
        owner, alliance.id, validate_decision({"title": "Go", "decided_on": wall.today()})
    )
    owner.close()
    name = make_url(carol).username or ""
    team.grant(resolve(team_database), name, [f"#{alliance.id}"])
    member = open_store(with_password(carol, "carols-secret"))
    try:
        with pytest.raises(ReadOnlyError, match="may not make this change") as refused:
            risks.remove_decision(member, decision)
        assert "\n" not in str(refused.value)
        assert [d.id for d in risks.list_decisions(member, alliance.id)] == [decision]
    finally:
        member.close()


def test_a_serialization_failure_is_retried_once() -> None:
    calls = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) == 1:
            raise server_failure("40001", "could not serialize access", "it was not saved")
        return "saved"

    assert retried(flaky)() == "saved" and len(calls) == 2

    def always() -> str:
        raise server_failure("40P01", "deadlock detected", "it was not saved")

    with pytest.raises(RetryableError, match="Someone else was changing the same records"):
        retried(always)()


@pytest.mark.parametrize(
    ("state", "kind", "words"),
    [
        ("55P03", BusyError, "busy"),
        ("57014", BusyError, "did not answer in time"),
        ("28P01", PasswordRequired, "did not accept your login"),
        ("42501", ReadOnlyError, "may not make this change"),
        ("08006", ConnectionLostError, "connection to the team store was lost"),
        ("57P01", ConnectionLostError, "connection to the team store was lost"),
        ("40001", RetryableError, "same records"),
    ],
)
def test_every_server_failure_is_one_sentence(state, kind, words) -> None:
    problem = server_failure(state, "detail line\nsecond line", "it was not saved")
    assert isinstance(problem, kind) and words in str(problem) and "\n" not in str(problem)


def test_wrong_password_at_a_team_command_is_one_line(team_database, capsys) -> None:
    from alliance_desk.cli import main

    wrong = make_url(team_database).set(password=f"wrong-{uuid.uuid4().hex[:4]}")
    assert main(["--db", wrong.render_as_string(hide_password=False), "team", "members"]) == 2
    err = capsys.readouterr().err
    assert "password" in err and len(err.strip().splitlines()) == 1


def test_a_connection_lost_at_commit_is_not_known_and_not_retried() -> None:
    """The server may have committed before the line went down: the user is told to look."""
    problem = server_failure("57P01", "terminating connection", "it was not saved", committing=True)
    assert isinstance(problem, SaveError) and not isinstance(problem, RetryableError)
    assert "whether it was saved is not known" in str(problem) and "\n" not in str(problem)


def test_a_dead_connection_without_a_sqlstate_counts_as_lost() -> None:
    """A cut network gives the driver no SQLSTATE; the engine knows the connection is dead."""
    from sqlalchemy.exc import OperationalError

    class Cut(Exception):
        sqlstate = None

    error = OperationalError("COMMIT", {}, Cut("server closed the connection unexpectedly"))
    error.connection_invalidated = True
    assert isinstance(database.database_failure(error, "it was not saved"), ConnectionLostError)
    unknown = database.database_failure(error, "it was not saved", committing=True)
    assert not isinstance(unknown, RetryableError)
