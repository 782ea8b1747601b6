"""Escalations in the store: workflow, append-only history, undo that never erases."""

from __future__ import annotations

from datetime import date

import pytest

from alliance_desk.core.escalations import (
    EventKind,
    Status,
    validate_escalation,
    validate_resolution,
)
from alliance_desk.core.validation import ValidationError
from alliance_desk.store import escalation_moves, escalations, portfolio
from alliance_desk.store.errors import StoreError
from tests.helpers import draft, teammate

DAY = date(2026, 11, 2)


@pytest.fixture
def issue(store):
    alliance = portfolio.create_alliance(store, draft())
    made = validate_escalation(
        {
            "title": "Second fill-finish slot",
            "category": "business problem",
            "raised_on": DAY,
            "delay_days": 20,
            "value_at_stake": 4.5,
        }
    )
    return escalations.raise_escalation(store, alliance.id, made)


def kinds(store, escalation_id):
    return [e.kind for e in escalations.history(store, escalation_id)]


def test_full_workflow_is_recorded_in_order(store, issue) -> None:
    """Raise, escalate twice, de-escalate, note, resolve, close, reopen: all in the history."""
    escalation_moves.change_level(store, issue, 1, "Team stuck for a week", today=date(2026, 11, 9))
    escalation_moves.change_level(store, issue, 2, "Needs a JSC decision", today=date(2026, 11, 16))
    escalation_moves.change_level(
        store, issue, 1, "JSC asked AMs to propose", today=date(2026, 11, 18)
    )
    escalation_moves.add_note(store, issue, "Kestrel offered a Q3 slot")
    item = escalations.get_escalation(store, issue)
    assert (item.level, item.level_since, item.status) == (1, date(2026, 11, 18), Status.ESCALATED)
    resolution = validate_resolution(
        {
            "root_cause": "Capacity plan never shared",
            "resolution": "Q3 slot plus buffer stock",
            "kind": "compromise",
        }
    )
    escalation_moves.resolve(store, issue, resolution, today=date(2026, 11, 20))
    escalation_moves.close(store, issue, today=date(2026, 11, 21))
    escalation_moves.reopen(store, issue, "Slot fell through", today=date(2026, 11, 24))
    assert kinds(store, issue) == [
        EventKind.RAISED,
        EventKind.LEVEL_UP,
        EventKind.LEVEL_UP,
        EventKind.LEVEL_DOWN,
        EventKind.NOTE,
        EventKind.RESOLVED,
        EventKind.CLOSED,
        EventKind.REOPENED,
    ]
    events = escalations.history(store, issue)
    assert (events[2].from_level, events[2].to_level, events[2].text) == (
        1,
        2,
        "Needs a JSC decision",
    )
    reopened = escalations.get_escalation(store, issue)
    assert reopened.status is Status.ESCALATED and reopened.resolved_on is None


def test_workflow_rules_refuse_wrong_moves(store, issue) -> None:
    with pytest.raises(ValidationError):
        escalation_moves.change_level(store, issue, 1, "  ")  # a reason is required
    with pytest.raises(StoreError, match="Resolve the issue before closing"):
        escalation_moves.close(store, issue)
    with pytest.raises(StoreError, match="already at level 0"):
        escalation_moves.change_level(store, issue, 0, "no-op")
    with pytest.raises(ValidationError):
        validate_resolution({"root_cause": "", "resolution": "Agreed", "kind": "compromise"})
    assert kinds(store, issue) == [EventKind.RAISED]  # nothing half-written


def test_history_cannot_be_rewritten_even_with_sql(store, issue) -> None:
    """The database itself refuses to change or delete an event of an existing escalation."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    escalation_moves.add_note(store, issue, "Original wording")
    for statement in (
        "UPDATE escalation_events SET text = 'Rewritten'",
        "DELETE FROM escalation_events",
    ):
        with store.engine.connect() as connection:
            with pytest.raises(DBAPIError, match="append-only"):
                connection.execute(text(statement))
            connection.rollback()
    assert escalations.history(store, issue)[-1].text == "Original wording"


def test_undo_restores_state_and_says_so(store, issue) -> None:
    before = escalation_moves.change_level(store, issue, 2, "Straight to the JSC")
    escalation_moves.undo_to(store, issue, before, "Undo: escalated 0 → 2")
    item = escalations.get_escalation(store, issue)
    assert (item.level, item.status, item.level_since) == (0, Status.OPEN, DAY)
    assert kinds(store, issue)[-2:] == [EventKind.LEVEL_UP, EventKind.UNDONE]


def test_undoing_the_raise_removes_it_with_its_history(store, issue) -> None:
    escalation_moves.add_note(store, issue, "note")
    escalations.delete_escalation(store, issue)
    assert escalations.list_escalations(store) == []
    assert escalations.history(store, issue) == []


def test_edit_records_which_fields_changed(store, issue) -> None:
    item = escalations.get_escalation(store, issue)
    changed = validate_escalation(
        {
            "title": item.title,
            "category": "conflict",
            "raised_on": DAY,
            "delay_days": 30,
            "value_at_stake": 4.5,
        }
    )
    escalations.update_escalation(store, issue, changed)
    assert escalations.history(store, issue)[-1].text == "Changed category, delay days"
    assert escalations.get_escalation(store, issue).draft.delay_days == 30


def test_deleted_alliance_hides_its_escalations(store, issue) -> None:
    alliance_id = escalations.get_escalation(store, issue).alliance_id
    portfolio.delete_alliance(store, alliance_id)
    assert escalations.list_escalations(store) == []


def test_an_escalation_edit_from_an_older_version_is_refused(store, issue) -> None:
    """A teammate's change (an edit, or a move up a level) wins until I have seen it."""
    from dataclasses import replace

    from alliance_desk.store.database import open_store
    from alliance_desk.store.errors import ConflictError

    mine = escalations.get_escalation(store, issue)
    other = open_store(store.location.url if store.path is None else store.path)
    try:
        escalation_moves.change_level(other, issue, 1, "Needs the managers")
    finally:
        other.close()
    with pytest.raises(ConflictError, match="changed elsewhere"):
        escalations.update_escalation(
            store, issue, replace(mine.draft, title="Mine"), expected_version=mine.version
        )
    now = escalations.get_escalation(store, issue)
    assert now.level == 1 and now.draft.title == mine.draft.title
    escalations.update_escalation(
        store, issue, replace(now.draft, title="Mine"), expected_version=now.version
    )
    assert escalations.get_escalation(store, issue).draft.title == "Mine"


def test_a_workflow_step_from_an_older_version_is_refused(store, issue) -> None:
    """A teammate escalated first: my de-escalation, decided on the level I saw, and the undo
    of a step of mine taken before theirs, are both refused; their level stays."""
    from alliance_desk.store.errors import ConflictError

    seen = escalations.get_escalation(store, issue)
    before = escalation_moves.change_level(
        store, issue, 1, "Managers", expected_version=seen.version
    )
    mine = escalations.get_escalation(store, issue)
    with teammate(store) as other:
        escalation_moves.change_level(
            other, issue, 2, "Needs the JSC", expected_version=mine.version
        )
    with pytest.raises(ConflictError, match="Their version is shown now"):
        escalation_moves.change_level(store, issue, 0, "Sorted", expected_version=mine.version)
    with pytest.raises(ConflictError):
        escalation_moves.undo_to(store, issue, before, "Undo", expected_version=mine.version)
    with pytest.raises(ConflictError):
        escalation_moves.resolve(
            store,
            issue,
            validate_resolution({"root_cause": "x", "resolution": "y", "kind": "compromise"}),
            expected_version=mine.version,
        )
    now_state, now_version = escalation_moves.state(store, issue)
    assert now_state.level == 2 and escalations.get_escalation(store, issue).level == 2
    escalation_moves.change_level(store, issue, 1, "Agreed", expected_version=now_version)
    assert escalations.get_escalation(store, issue).level == 1


def test_recent_history_is_the_last_events_in_order_with_the_count_of_all(store, issue) -> None:
    for number in range(6):
        escalation_moves.add_note(store, issue, f"note {number}")
    every = escalations.history(store, issue)
    assert len(every) == 7 and every[0].kind is EventKind.RAISED
    assert escalations.recent_history(store, issue, 3) == (every[-3:], 7)
    assert escalations.recent_history(store, issue, None) == (every, 7)
    assert escalations.recent_history(store, issue, 50) == (every, 7)
    assert escalations.recent_history(store, issue + 1000, 3) == ([], 0)
