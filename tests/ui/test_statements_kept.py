"""A screen shown again runs statements already compiled, by SQLAlchemy and by SQLite: none is
written or planned anew each time it runs. SQLite 3.47+ (SQLCipher's library) plans again any
statement whose LIMIT is a bare bound parameter, each time it is bound (store/fence.py): Today's
ranking statement was compiled at every run on an encrypted portfolio, doubling its time. And an
element SQLAlchemy cannot make a cache key of makes it write the whole statement again (39 ms
for Today's ranking statement)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import event
from sqlalchemy.engine.interfaces import CacheStats

from alliance_desk.core import wall
from alliance_desk.store import encryption, escalations
from alliance_desk.store.demo import create_demo
from alliance_desk.ui.sections import SECTIONS

SECRET = "kept-statements-passphrase"


class Compiles:
    """Statements SQLite compiled while the engine ran them: SQLite asks a connection's
    authorizer while it compiles a statement (and when it compiles one again), never when it
    runs a compiled one."""

    def __init__(self, engine) -> None:
        self.counting = False
        self.compiled: list[str] = []  # by SQLite
        self.written: list[str] = []  # by SQLAlchemy
        self._asked = 0
        self._before = 0
        self._connections: set[int] = set()
        event.listen(engine, "before_cursor_execute", self._started)
        event.listen(engine, "after_cursor_execute", self._ran)

    def _ask(self, *_args) -> int:
        self._asked += 1
        return 0  # SQLITE_OK: the authorizer only watches

    def _started(self, connection, *_args) -> None:
        raw = connection.connection.dbapi_connection
        if id(raw) not in self._connections:  # setting it expires the connection's statements
            self._connections.add(id(raw))
            raw.set_authorizer(self._ask)
        self._before = self._asked

    def _ran(self, _connection, _cursor, statement: str, _parameters, context, _many) -> None:
        if not self.counting:
            return
        shown = " ".join(statement.split())[:160]
        if self._asked > self._before:
            self.compiled.append(shown)
        if context.cache_hit != CacheStats.CACHE_HIT:
            self.written.append(f"{context.cache_hit.name}: {shown}")


def _tour(window, store) -> None:
    """Every section shown after an edit that concerns most of them (an escalation's title)
    and a refresh, as after a teammate's change or the user's own elsewhere."""
    app = QApplication.instance()
    assert app is not None
    for section in SECTIONS:
        issue = escalations.list_escalations(store)[0]
        title = issue.draft.title.rstrip("+") + "+"
        escalations.update_escalation(store, issue.id, replace(issue.draft, title=title))
        window.desk.refresh_all()
        window.show_section(section.key)
        for _ in range(3):
            app.processEvents()


@pytest.mark.parametrize("encrypted", [True, False], ids=["encrypted", "plain"])
def test_screens_shown_again_compile_nothing(make_window, tmp_path: Path, encrypted: bool):
    path = create_demo(tmp_path / "portfolio.sqlite3")
    if encrypted:
        encryption.encrypt(path, SECRET)
    window, error = make_window(db=str(path))
    assert error is None
    store = window.desk.store
    compiles = Compiles(store.engine)
    _tour(window, store)
    _tour(window, store)  # every statement of the tour compiled once, on every connection
    compiles.counting = True
    _tour(window, store)
    window.today.reload()
    assert compiles.compiled == []
    assert compiles.written == []


def test_lists_of_ids_of_any_length_share_one_compiled_statement(demo_store):
    """Today reads its chosen tasks by their ids, as many as were chosen: a list of another
    length is the same statement (an expanding IN wrote one `?` per id, so every new length
    was compiled again, by SQLAlchemy and by SQLite)."""
    from alliance_desk.store import batch, risks

    issues = [e.id for e in escalations.list_escalations(demo_store)]
    chosen = [r.id for r in risks.list_risks(demo_store)]
    assert len(issues) >= 4 and len(chosen) >= 3
    with demo_store.read() as session:
        together = batch.Together(
            "sqlite",
            {
                "escalation": escalations.sla_clocks_query(batch.ids("escalation_ids")),
                "risk": risks.reviews_due_query(date(2100, 1, 1), batch.ids("risk_ids")),
            },
        )
        compiles = Compiles(demo_store.engine)
        found = together.run(session, {"escalation_ids": issues[:1], "risk_ids": chosen[:1]})
        assert [c.id for c in found["escalation"]] == issues[:1]
        compiles.counting = True
        for many in (2, 4, 0, 3):
            found = together.run(
                session, {"escalation_ids": issues[:many], "risk_ids": chosen[: many % 3]}
            )
            assert sorted(c.id for c in found["escalation"]) == sorted(issues[:many])
            assert sorted(r.id for r in found["risk"]) == sorted(chosen[: many % 3])
    assert compiles.compiled == []
    assert compiles.written == []


def test_todays_chosen_tasks_are_read_by_their_ids(demo_store):
    """Today writes out its chosen tasks by their ids: SQLite looks each up by its key, not
    through an index on another condition reading every open escalation or due review (a
    list of ids compared `= 1`, as SQLAlchemy first wrote it, could use no index: 13 ms of
    Today at ten times the heavy portfolio for fifty tasks)."""
    from alliance_desk.store import today_pages
    from alliance_desk.store.today_rank import KINDS

    horizon = wall.today().replace(year=wall.today().year + 1)
    queries = today_pages._entries_queries(wall.today(), horizon)()
    tables = {"escalation": "escalations", "risk": "risks", "decision": "decisions",
              "call": "stakeholders"}  # fmt: skip
    seen: list[tuple[str, object]] = []

    def sent(_connection, _cursor, statement, values, *_rest) -> None:
        seen.append((statement, values))

    event.listen(demo_store.engine, "before_cursor_execute", sent)
    with demo_store.read() as session:
        for kind, query in queries.items():
            seen.clear()
            together = batch_together(session, {kind: query})
            together.run(session, {f"{k}_ids": [1, 2, 3] for k in KINDS})
            statement, values = seen[-1]
            assert "= 1" not in statement.split("json_each")[1][:40], kind
            driver = session.connection().connection.driver_connection
            plan = [row[3] for row in driver.execute(f"EXPLAIN QUERY PLAN {statement}", values)]
            assert f"SEARCH {tables[kind]} USING INTEGER PRIMARY KEY (rowid=?)" in plan, (
                kind,
                plan,
            )


def batch_together(session, queries):
    from alliance_desk.store import batch

    return batch.Together(session.get_bind().dialect.name, queries)
