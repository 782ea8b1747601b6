"""Checks on a person's fields."""

import pytest

from alliance_desk.core.people import Side, validate_person
from alliance_desk.core.validation import ValidationError


def test_side_accepts_plain_words() -> None:
    """Side can be written as the user would say it."""
    assert validate_person({"name": "A", "side": "Ours"}).side is Side.INTERNAL
    assert validate_person({"name": "A", "side": "partner"}).side is Side.PARTNER


def test_bad_person_reports_each_field() -> None:
    """A missing name, an unknown side and a malformed e-mail are each reported."""
    with pytest.raises(ValidationError) as caught:
        validate_person({"name": "", "side": "somewhere", "email": "not-an-address"})
    assert set(caught.value.errors) == {"name", "side", "email"}
