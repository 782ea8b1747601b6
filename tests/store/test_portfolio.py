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
    portfolio.delete_alliance(store, made.id)
    assert portfolio.list_alliances(store) == []
    assert people.people_counts(store) == {}
    with pytest.raises(StoreError):
        portfolio.get_alliance(store, made.id)
    portfolio.undelete_alliance(store, made.id)
    assert portfolio.list_alliances(store) == [made]
    assert people.people_counts(store) == {made.id: (0, 1)}


def test_alliances_are_listed_by_name_ignoring_case(store) -> None:
    """The list reads alphabetically whatever the capitalisation."""
    for name in ("Zephyr", "alpha", "Mistral"):
        portfolio.create_alliance(store, draft(name=name))
    assert [a.name for a in portfolio.list_alliances(store)] == ["alpha", "Mistral", "Zephyr"]
