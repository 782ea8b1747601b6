"""Parts of one statement the database leaves out while the caller holds them unchanged
(store/batch.py `Together(unless=…)`, store/change_counts.py `parts_kept`): Today's alliances
are neither worked out, sent nor listed again after an edit that did not touch an alliance,
and come back in the same statement as soon as anyone writes one — the app, SQL typed by hand
or a teammate."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import timedelta

from sqlalchemy import text

from alliance_desk.core.governance import MeetingDraft
from alliance_desk.core.portfolio import AllianceDraft
from alliance_desk.store import (
    batch,
    change_counts,
    committees,
    escalations,
    governance,
    portfolio,
    today,
    value,
)
from alliance_desk.store.database import open_store
from tests.store.test_change_counts import _afresh, _shown, _tables
from tests.store.test_today_ranking import NOW, generated  # noqa: F401  (the fixture)


def _listings(monkeypatch) -> list[int]:
    """How many alliances each listing turned rows into (every Today statement built after
    this lists them through the spy)."""
    listed: list[int] = []
    real = portfolio._listed

    def spy(rows):
        found = real(rows)
        listed.append(len(found))
        return found

    monkeypatch.setattr(portfolio, "_listed", spy)
    return listed


def _by_hand(store, statement: str) -> None:
    if store.path is not None:
        with sqlite3.connect(store.path) as connection:
            connection.execute(statement)
        connection.close()
        return
    with store.engine.connect() as connection:
        connection.execute(text(statement))
        connection.commit()


def test_today_lists_alliances_again_only_once_one_is_written(
    store,
    generated,  # noqa: F811
    monkeypatch,
) -> None:
    """Read afresh, then again: listed once. After an escalation edit: held (and Today is
    Today read afresh). After a rename typed by hand, and an alliance added through the app:
    listed again, with the change."""
    listed = _listings(monkeypatch)
    shown = _afresh(generated)
    first = len(listed)
    assert first == 1 and listed[0] > 1  # read and listed once, every alliance
    assert _shown(today.load_today(generated, now=NOW, limit=None)) == shown
    assert len(listed) == first  # nothing written: held, not listed again

    issue = escalations.list_escalations(generated)[0]  # an edit elsewhere
    escalations.update_escalation(
        generated, issue.id, replace(issue.draft, title=f"{issue.draft.title} (renamed)")
    )
    again = _shown(today.load_today(generated, now=NOW, limit=None))
    assert len(listed) == first
    assert again == _afresh(generated)
    first = len(listed)

    # A rename typed by hand: the next reading sends the alliances again, with the new name.
    _by_hand(
        generated,
        "UPDATE alliances SET name = 'Zeta ' || name WHERE id = (SELECT min(id) FROM alliances)",
    )
    renamed = today.load_today(generated, now=NOW, limit=None)
    assert len(listed) == first + 1
    names = {task.alliance for task in renamed.tasks}
    assert any(name.startswith("Zeta ") for name in names)
    assert _shown(renamed) == _afresh(generated)

    # One added through the app: listed again, and Today holds it.
    draft = portfolio.list_alliances(generated)[0].draft()
    had = listed[first]  # Today's listing after the rename
    portfolio.create_alliance(generated, replace(draft, name="Brand new alliance"))
    before = len(listed)
    today.load_today(generated, now=NOW, limit=None)
    assert len(listed) == before + 1
    assert listed[-1] == had + 1


def test_value_lists_alliances_again_only_once_one_is_written(
    store,
    generated,  # noqa: F811
    monkeypatch,
) -> None:
    """The Value section's statement holds the alliances the same way."""
    from tests.store.test_value_kept import _afresh as value_afresh
    from tests.store.test_value_kept import _picture

    listed = _listings(monkeypatch)
    shown = value_afresh(generated)
    first = len(listed)
    assert first == 1
    issue = escalations.list_escalations(generated)[0]
    escalations.update_escalation(
        generated, issue.id, replace(issue.draft, title=f"{issue.draft.title} (renamed)")
    )
    assert _picture(generated) == shown  # a title is not on the picture
    assert len(listed) == first
    _by_hand(
        generated,
        "UPDATE alliances SET partner = 'Other' WHERE id = (SELECT min(id) FROM alliances)",
    )
    assert _picture(generated) == value_afresh(generated)
    assert len(listed) == first + 2  # read again, then afresh


def test_a_part_left_out_comes_back_as_null_only_while_its_counters_are_those_given(store) -> None:
    """The statement itself: with the counters last seen, the part is NULL (nothing sent);
    with any other value, or once the table moved, it is read — an empty part as an empty
    list, never mistaken for one left out."""
    queries = {
        "alliances": portfolio.alliances_query(),
        "counters": change_counts.counters_query(store.engine.dialect.name),
    }
    needs = {"alliances": change_counts.EVERY}
    statement = batch.Together(
        store.engine.dialect.name,
        queries,
        change_counts.unchanged(store.engine.dialect.name, needs),
    )
    with store.read() as session:
        never = {f"seen alliances {name}": -1 for name in change_counts.EVERY}
        found = statement.run(session, never)
        assert found["alliances"] == []  # none yet: read, as an empty list
        seen = {
            f"seen alliances {name}": found["counters"].get(name, 0) for name in needs["alliances"]
        }
        assert statement.run(session, seen)["alliances"] is batch.KEPT
    portfolio.create_alliance(store, AllianceDraft(name="Acme", partner="Acme Corp"))
    with store.read() as session:
        found = statement.run(session, seen)
        assert [a.name for a in found["alliances"]] == ["Acme"]
        moved = {
            f"seen alliances {name}": found["counters"].get(name, 0) for name in needs["alliances"]
        }
        assert moved != seen
        assert statement.run(session, moved)["alliances"] is batch.KEPT


def _rhythm(store, now):
    return today._read_inputs(store, None, now.date(), now, every_meeting=False)[1].rhythm


def test_the_rhythm_is_read_again_once_a_meeting_is_written_or_has_started(
    store,
    generated,  # noqa: F811
    monkeypatch,
) -> None:
    """Today's rhythm facts (each alliance's last contact, health check, meeting held and
    next meeting) are held while nothing they read moves — and read again after a meeting
    is added through the app, after one is moved by hand, and once the hour of a meeting
    has passed though nothing was written: each time what a store holding nothing reads."""
    made: list[int] = []
    real = value._rhythm_facts

    def spy(found):
        made.append(len(found))
        return real(found)

    monkeypatch.setattr(value, "_rhythm_facts", spy)
    batch._PREPARED.clear()
    change_counts.forget()
    target = generated.path or generated.location.url
    elsewhere = open_store(target, start_backup=False)  # nothing kept for it
    try:

        def fresh(now):
            change_counts.forget(elsewhere)
            return _rhythm(elsewhere, now)

        first = _rhythm(generated, NOW)
        reads = len(made)
        assert _rhythm(generated, NOW + timedelta(minutes=5)) == first
        assert len(made) == reads  # held: no meeting started, nothing written
        body = committees.list_bodies(generated)[0]
        soon = NOW + timedelta(hours=1)
        governance.create_meeting(generated, MeetingDraft(body.id, soon, soon + timedelta(hours=1)))
        coming = _rhythm(generated, NOW + timedelta(minutes=10))
        assert coming[body.alliance_id].next_meeting == soon.date()
        assert coming == fresh(NOW + timedelta(minutes=10))
        reads = len(made)
        later = NOW + timedelta(hours=2)  # the meeting has been held: nothing was written
        held = _rhythm(generated, later)
        assert len(made) > reads
        assert held[body.alliance_id].last_meeting == soon.date()
        assert held == fresh(later)
        _by_hand(generated, f"UPDATE meetings SET location = 'Room 4' WHERE body_id = {body.id}")
        reads = len(made)
        assert _rhythm(generated, later) == fresh(later)
        assert len(made) > reads + 1  # this store's reading and the fresh one's
    finally:
        elsewhere.close()


def test_the_parts_left_out_read_only_counted_tables(store) -> None:
    """Each part Today's and Value's statements may leave out names only the tables its
    entry lists, and the database counts the writes of every one of them."""
    import importlib

    from alliance_desk.store import value_facts

    watched = set()
    for revision in (
        "0037_change_counts",
        "0038_habit_change_counts",
        "0043_meeting_change_counts",
    ):
        module = importlib.import_module(f"migrations.versions.{revision}")
        watched |= {*module.WATCHED, *getattr(module, "TEAM_ONLY", ())}
    statements = {
        ("today", "alliances"): portfolio.alliances_query().statement,
        ("today", "rhythm"): value.rhythm_facts_query(batch.NOW, risks=False).statement,
        ("value", "alliances"): portfolio.alliances_query().statement,
        ("value", "rhythm"): value_facts._rhythm(),
    }
    parts = {"today": change_counts.TODAY_PARTS, "value": change_counts.VALUE_PARTS}
    for (screen, part), statement in statements.items():
        named = _tables(statement)
        assert named and named <= set(parts[screen][part]), (screen, part, named)
    assert {t for p in parts.values() for tables in p.values() for t in tables} <= watched
    assert set(parts["today"]) == {"alliances", "rhythm"} == set(parts["value"])


def test_a_team_store_statement_sums_the_counters_once() -> None:
    """On the team store every counter a statement compares (each part's tables, and the
    counters it reads besides) comes from one call of `ad_change_counts()`, which sums every
    counter the reader may see: called once for each, it cost Value's statement 10 ms of its
    11 at ten times the heavy portfolio."""
    from datetime import date

    from sqlalchemy.dialects import postgresql

    from alliance_desk.store import value_facts
    from alliance_desk.store.today import _inputs_statement

    asked = {
        "today": _inputs_statement("postgresql", date(2026, 12, 5), None, False, False, False),
        "value": batch.Together(  # the parts of value_facts._queries it may leave out
            "postgresql",
            {
                "alliances": portfolio.alliances_query(),
                "rhythm": batch.Query(value_facts._rhythm(), list),
                "counters": change_counts.counters_query("postgresql"),
            },
            change_counts.unchanged("postgresql", change_counts.VALUE_PARTS),
        ),
    }
    for screen, built in asked.items():
        compiled = built.statement.compile(dialect=postgresql.dialect())
        assert str(compiled).count("ad_change_counts()") == 1, screen
        for part, tables in change_counts.TODAY_PARTS.items():  # each compared, from it
            assert {f"seen {part} {t}" for t in tables} <= set(compiled.binds), (screen, part)
