"""Tiering and the checks on an alliance's fields."""

from datetime import date

import pytest

from alliance_desk.core.portfolio import AllianceType, Phase, suggest_tier, validate_alliance
from alliance_desk.core.validation import ValidationError


@pytest.mark.parametrize(
    ("criticality", "complexity", "tier"),
    [
        (5, 5, 1),
        (5, 3, 1),  # 15: critical and fairly complex
        (3, 5, 1),
        (4, 3, 2),  # 12
        (3, 2, 2),  # 6: the lower edge of tier 2
        (5, 1, 2),  # critical but simple is still watched
        (4, 1, 2),
        (3, 1, 3),
        (2, 2, 3),
        (1, 1, 3),
    ],
)
def test_suggest_tier(criticality: int, complexity: int, tier: int) -> None:
    """The suggested tier follows criticality × complexity, and critical deals never sit in 3."""
    assert suggest_tier(criticality, complexity) == tier


def test_override_wins_over_suggestion() -> None:
    """A tier the user sets replaces the suggestion; clearing it brings the suggestion back."""
    draft = validate_alliance({"name": "A", "partner": "B", "criticality": 1, "tier_override": 1})
    assert draft.suggested_tier == 3
    assert draft.tier == 1
    cleared = validate_alliance(
        {"name": "A", "partner": "B", "criticality": 1, "tier_override": ""}
    )
    assert cleared.tier == 3


def test_valid_alliance_is_parsed_from_text() -> None:
    """Values typed as text become numbers, dates and choices."""
    draft = validate_alliance(
        {
            "name": "  Aurora  ",
            "partner": "Borealis",
            "alliance_type": "licensing",
            "phase": "Execution",
            "criticality": "4",
            "complexity": " 2 ",
            "financial_value": "1,250.5",
            "start_date": "3 March 2025",
        }
    )
    assert draft.name == "Aurora"
    assert draft.alliance_type is AllianceType.LICENSING
    assert draft.phase is Phase.EXECUTION
    assert (draft.criticality, draft.complexity) == (4, 2)
    assert draft.financial_value == 1250.5
    assert draft.start_date == date(2025, 3, 3)


def test_every_wrong_field_is_reported_at_once() -> None:
    """One pass reports each wrong field with its own message, so the user fixes all of them."""
    with pytest.raises(ValidationError) as caught:
        validate_alliance(
            {
                "name": " ",
                "partner": "",
                "criticality": 0,
                "complexity": "6",
                "financial_value": "-3",
                "start_date": "31/02/2026",
                "phase": "hibernation",
            }
        )
    errors = caught.value.errors
    assert set(errors) == {
        "name",
        "partner",
        "criticality",
        "complexity",
        "financial_value",
        "start_date",
        "phase",
    }
    assert errors["name"] == "This is required."
    assert "1 to 5" in errors["criticality"]
    assert "negative" in errors["financial_value"]
    assert "not a date" in errors["start_date"]
    assert "execution" in errors["phase"]


@pytest.mark.parametrize("amount", ["abc", "nan", "inf", "1e400", True])
def test_amount_must_be_a_finite_number(amount: object) -> None:
    """Non-numbers, NaN and infinity are refused as amounts."""
    with pytest.raises(ValidationError) as caught:
        validate_alliance({"name": "A", "partner": "B", "financial_value": amount})
    assert "financial_value" in caught.value.errors


@pytest.mark.parametrize("text", ["a\x00b", "bell\x07"])
def test_control_characters_are_refused(text: str) -> None:
    """Invisible control characters are refused rather than stored."""
    with pytest.raises(ValidationError) as caught:
        validate_alliance({"name": text, "partner": "B"})
    assert "control characters" in caught.value.errors["name"]


def test_dates_far_out_of_range_are_refused() -> None:
    """A year such as 0201 or 9999 is a typo, not a start date."""
    for text in ("0201-01-01", "9999-12-31"):
        with pytest.raises(ValidationError) as caught:
            validate_alliance({"name": "A", "partner": "B", "start_date": text})
        assert "between 1900 and 2200" in caught.value.errors["start_date"]


def test_names_in_any_script_are_kept_as_typed() -> None:
    """Names in Greek, Cyrillic, Japanese and with markup characters are stored verbatim."""
    for name in ("Ελληνική Συμμαχία", "Байкал", "大塚 & 佐藤", '<b>R&D</b> "quoted"'):
        assert validate_alliance({"name": name, "partner": name}).name == name
