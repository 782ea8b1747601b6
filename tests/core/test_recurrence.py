"""Rhythms typed as people say them become iCalendar rules, and stored rules read as words."""

from __future__ import annotations

from datetime import datetime

import pytest
from dateutil.rrule import rrulestr

from alliance_desk.core.cadence import validate_rrule
from alliance_desk.core.recurrence import in_words, rule_from_words
from alliance_desk.core.validation import FieldError


@pytest.mark.parametrize(
    ("said", "rule"),
    [
        ("every 3 months", "FREQ=MONTHLY;INTERVAL=3"),
        ("Every 3 Months", "FREQ=MONTHLY;INTERVAL=3"),
        ("3 months", "FREQ=MONTHLY;INTERVAL=3"),
        ("quarterly", "FREQ=MONTHLY;INTERVAL=3"),
        ("every quarter", "FREQ=MONTHLY;INTERVAL=3"),
        ("every 2 quarters", "FREQ=MONTHLY;INTERVAL=6"),
        ("every other week", "FREQ=WEEKLY;INTERVAL=2"),
        ("fortnightly", "FREQ=WEEKLY;INTERVAL=2"),
        ("every week", "FREQ=WEEKLY"),
        ("weekly", "FREQ=WEEKLY"),
        ("monthly", "FREQ=MONTHLY"),
        ("every 10 days", "FREQ=DAILY;INTERVAL=10"),
        ("once every 6 weeks", "FREQ=WEEKLY;INTERVAL=6"),
        ("annually", "FREQ=YEARLY"),
        ("twice a year", "FREQ=MONTHLY;INTERVAL=6"),
    ],
)
def test_a_rhythm_said_in_words_is_the_rule_a_calendar_reads(said: str, rule: str) -> None:
    assert rule_from_words(said) == rule
    assert validate_rrule(said) == rule
    rrulestr(rule, dtstart=datetime(2026, 1, 1))  # dateutil (and calendars) read it


@pytest.mark.parametrize("said", ["every blue moon", "0 weeks", "every few months", "soon"])
def test_words_that_are_no_rhythm_are_refused_with_an_example(said: str) -> None:
    assert rule_from_words(said) is None
    with pytest.raises(FieldError, match="every 3 weeks"):
        validate_rrule(said)


def test_a_rule_typed_as_rrule_is_kept_and_shown_in_words_where_it_can_be() -> None:
    assert validate_rrule("FREQ=WEEKLY;INTERVAL=3") == "FREQ=WEEKLY;INTERVAL=3"
    assert in_words("FREQ=WEEKLY;INTERVAL=3") == "every 3 weeks"
    assert in_words("FREQ=MONTHLY") == "every month"
    assert in_words("RRULE:FREQ=YEARLY;INTERVAL=2") == "every 2 years"
    kept = "FREQ=MONTHLY;BYDAY=1TU"  # the first Tuesday: more than words here can say
    assert in_words(kept) == kept and validate_rrule(kept) == kept
    for said in ("every 3 months", "quarterly", "every other week", "weekly", "every 10 days"):
        assert rule_from_words(in_words(rule_from_words(said) or "")) == rule_from_words(said)
