"""The portfolio's business rules: every setting reads back what it shows, and a bad value is
refused with the reason, in the words the command line and Preferences print."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from alliance_desk.core.policy import (
    SETTINGS,
    Policy,
    as_texts,
    differences,
    from_texts,
    setting,
    with_setting,
)
from alliance_desk.core.rhythm import Rhythm
from alliance_desk.core.validation import FieldError

CHANGED = Policy(
    sla_days=(1, 2, 30, 120),
    holidays=frozenset({date(2026, 12, 25), date(2027, 1, 1)}),
    week_start=6,
    not_implemented_days=14,
    keep_off_weekends=False,
    decision_review_days=90,
    obligation_notice_days=0,
    rhythms=(Rhythm(7, 14, 60, 30), Rhythm(30, 60, 180, 90), Rhythm(90, 180, 730, 365)),
)


def test_every_setting_reads_back_what_it_shows() -> None:
    """Stored as text and read again, a policy with every rule changed is the same policy."""
    assert from_texts(as_texts(CHANGED)) == CHANGED
    assert from_texts(as_texts(Policy())) == Policy()
    assert set(as_texts(CHANGED)) == {s.name for s in SETTINGS}


def test_every_setting_has_a_meaning_that_names_its_default() -> None:
    for chosen in SETTINGS:
        assert chosen.meaning.endswith(")."), chosen.name
        assert "default" in chosen.meaning, chosen.name


@pytest.mark.parametrize(
    ("name", "text", "reason"),
    [
        ("sla-level-0", "0", "from 1 to 120 (got 0)"),
        ("sla-level-3", "121", "from 1 to 120"),
        ("sla-level-1", "five", "whole number"),
        ("holidays", "2026-13-01", "is not a date"),
        ("holidays", "Christmas", "“Christmas” is not a date"),
        ("week-start", "funday", "not a day of the week"),
        ("keep-off-weekends", "maybe", "yes or no"),
        ("not-implemented-days", "0", "from 1 to 730"),
        ("decision-review-days", "-1", "from 0 to 730"),
        ("obligation-notice-days", "999", "from 0 to 730"),
        ("no-such-rule", "1", "There is no setting called “no-such-rule”"),
        ("rhythm-tier-1", "14, 30, 90", "four numbers of days"),
        ("rhythm-tier-2", "14, 30, 0, 60", "from 1 to 730 (got 0)"),
        ("rhythm-tier-3", "a, b, c, d", "whole number"),
    ],
)
def test_a_bad_value_is_refused_with_the_reason(name: str, text: str, reason: str) -> None:
    with pytest.raises(FieldError) as refused:
        with_setting(Policy(), name, text)
    assert reason in str(refused.value)


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("sla-level-2", " 7 ", {"sla_days": (5, 5, 7, 10)}),
        (
            "holidays",
            "2026-12-25,2026-12-26",
            {"holidays": {date(2026, 12, 25), date(2026, 12, 26)}},
        ),
        ("holidays", "none", {"holidays": frozenset()}),
        ("week-start", "Sunday", {"week_start": 6}),
        ("week-start", "wed", {"week_start": 2}),
        ("keep-off-weekends", "no", {"keep_off_weekends": False}),
        ("decision-review-days", "90", {"decision_review_days": 90}),
    ],
)
def test_a_good_value_changes_that_rule_only(name: str, text: str, expected: dict) -> None:
    assert with_setting(Policy(), name, text) == replace(Policy(), **expected)


def test_stored_texts_a_newer_version_or_a_hand_edit_left_are_ignored() -> None:
    """Unknown names (a newer version's rules) and unreadable values keep the defaults."""
    policy = from_texts({"sla-level-1": "banana", "future-rule": "3", "week-start": "friday"})
    assert policy == replace(Policy(), week_start=4)


def test_a_policy_cannot_be_made_with_a_rule_out_of_range() -> None:
    with pytest.raises(FieldError):
        Policy(sla_days=(5, 5, 0, 10))
    with pytest.raises(FieldError):
        Policy(week_start=7)


def test_differences_name_the_rules_changed() -> None:
    after = replace(Policy(), week_start=6, sla_days=(5, 1, 10, 10))
    assert differences(Policy(), after) == {
        "sla-level-1": ("5", "1"),
        "week-start": ("monday", "sunday"),
    }
    assert setting("SLA-Level-1").name == "sla-level-1"


def test_review_date_proposed_only_when_the_rule_asks_for_one() -> None:
    assert Policy().review_date_for(date(2026, 3, 1)) is None
    assert replace(Policy(), decision_review_days=30).review_date_for(date(2026, 3, 1)) == date(
        2026, 3, 31
    )
