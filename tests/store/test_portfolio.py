"""Saving, changing and deleting alliances."""

from __future__ import annotations

import pytest

from alliance_desk.core.people import validate_person
from alliance_desk.core.portfolio import Alliance, Phase
from alliance_desk.store import people, portfolio
from alliance_desk.store.errors import StoreError
from tests.helpers import draft


def test_created_alliance_comes_back_as_a_plain_value(store) -> None:
    """The store hands back frozen core values, with identity and timestamps filled in."""
    made = portfolio.create_alliance(store, draft(criticality=5, complexity=4))
    assert isinstance(made, Alliance)
    assert made.id > 0 and made.created_at is not None
    assert portfolio.list_alliances(store) == [made]
    assert portfolio.get_alliance(store, made.id).tier == 1
    # Listed as read one by one: every field, the ones left out of comparisons too.
    (listed,) = portfolio.list_alliances(store)
    assert listed == portfolio.get_alliance(store, made.id) == made
    for name in ("id", "created_at", "updated_at", "version", "alliance_type", "phase"):
        assert getattr(listed, name) == getattr(made, name), name
    assert type(listed.alliance_type) is type(made.alliance_type)


def test_update_changes_fields_and_keeps_north_star_history(store) -> None:
    """A new North Star is added to the history; other edits leave the history alone."""
    made = portfolio.create_alliance(store, draft(north_star="First purpose"))
    portfolio.update_alliance(store, made.id, draft(north_star="Sharper purpose", phase="exit"))
    portfolio.update_alliance(
        store, made.id, draft(north_star="Sharper purpose", phase="exit", criticality=1)
    )
    stored = portfolio.get_alliance(store, made.id)
    assert stored.phase is Phase.EXIT and stored.criticality == 1
    statements = [s for _, s in portfolio.north_star_history(store, made.id)]
    assert statements == ["First purpose", "Sharper purpose"]


def test_deleted_alliance_disappears_until_undeleted(store) -> None:
    """Delete hides an alliance (and its people counts); undelete restores it intact."""
    made = portfolio.create_alliance(store, draft())
    person = people.create_person(store, validate_person({"name": "Ana", "side": "partner"}))
    people.add_to_alliance(store, made.id, person.id)
    kept = portfolio.create_alliance(store, draft(name="Kept"))
    assert portfolio.alliance_names(store) == {made.id: made.name, kept.id: "Kept"}
    assert portfolio.alliance_choices(store) == [
        (made.id, made.name, made.partner),
        (kept.id, "Kept", kept.partner),
    ]
    portfolio.delete_alliance(store, made.id)
    assert portfolio.list_alliances(store) == [kept]
    assert portfolio.alliance_names(store) == {kept.id: "Kept"}
    assert portfolio.alliance_choices(store) == [(kept.id, "Kept", kept.partner)]
    assert people.people_counts(store) == {made.id: (0, 1)}  # by alliance: the list shows the live
    with pytest.raises(StoreError):
        portfolio.get_alliance(store, made.id)
    portfolio.undelete_alliance(store, made.id)
    assert portfolio.list_alliances(store) == [made, kept]
    assert portfolio.alliance_names(store) == {made.id: made.name, kept.id: "Kept"}
    assert people.people_counts(store) == {made.id: (0, 1)}


def test_alliances_are_listed_by_name_ignoring_case(store) -> None:
    """The list reads alphabetically whatever the capitalisation."""
    for name in ("Zephyr", "alpha", "Mistral"):
        portfolio.create_alliance(store, draft(name=name))
    assert [a.name for a in portfolio.list_alliances(store)] == ["alpha", "Mistral", "Zephyr"]
    listed = [(a.id, a.name, a.partner) for a in portfolio.list_alliances(store)]
    assert portfolio.alliance_choices(store) == listed  # the choosers list them alike


def test_two_editors_never_overwrite_a_newer_edit_silently(store) -> None:
    """Two app processes on one portfolio (here two stores on the same file or database):
    each sees the other's change after a refresh, and an edit begun from an older version is
    refused with a clear message instead of overwriting the newer one."""
    from dataclasses import replace

    from alliance_desk.store.database import open_store
    from alliance_desk.store.errors import ConflictError

    mine = store
    theirs = open_store(mine.location.url if mine.path is None else mine.path)
    try:
        alliance = portfolio.create_alliance(mine, draft(name="Shared"))
        seen_by_them = portfolio.get_alliance(theirs, alliance.id)  # they refresh and see it
        assert seen_by_them.name == "Shared"

        saved = portfolio.update_alliance(
            theirs,
            alliance.id,
            replace(seen_by_them.draft(), partner="Their partner"),
            expected_version=seen_by_them.version,
        )
        assert saved.version == alliance.version + 1
        with pytest.raises(ConflictError, match="changed elsewhere"):
            portfolio.update_alliance(  # my edit started from the version before theirs
                mine,
                alliance.id,
                replace(alliance.draft(), partner="My partner"),
                expected_version=alliance.version,
            )
        assert portfolio.get_alliance(mine, alliance.id).partner == "Their partner"
        # Having been told, I save again from what is there now: mine replaces theirs.
        current = portfolio.get_alliance(mine, alliance.id)
        portfolio.update_alliance(
            mine,
            alliance.id,
            replace(current.draft(), partner="My partner"),
            expected_version=current.version,
        )
        assert portfolio.get_alliance(theirs, alliance.id).partner == "My partner"
    finally:
        theirs.close()
