"""Tier sets the rhythm: what an alliance misses of its tier's rhythm, in words."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from alliance_desk.core.policy import Policy
from alliance_desk.core.rhythm import Rhythm, RhythmFacts, missing, parse_rhythm
from alliance_desk.core.validation import FieldError

TODAY = date(2026, 12, 3)


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def test_a_kept_rhythm_misses_nothing() -> None:
    facts = RhythmFacts(1, ago(3), ago(30), ago(20), None, (ago(10), ago(25)))
    assert missing(Policy().rhythm(1), facts, TODAY) == []


def test_each_part_missed_says_why() -> None:
    rhythm = Rhythm(14, 30, 90, 60)
    facts = RhythmFacts(1, ago(15), None, ago(61), None, (ago(31), None, ago(5)))
    assert missing(rhythm, facts, TODAY) == [
        "no contact in 14 days (last 18 Nov 2026)",
        "2 open risk(s) not reviewed in 30 days",
        "no health check in 90 days (never)",
        "no committee meeting in 60 days (last 03 Oct 2026)",
    ]
    planned = RhythmFacts(1, ago(1), ago(1), ago(61), TODAY + timedelta(days=20))
    assert missing(rhythm, planned, TODAY) == []  # the next meeting is within the rhythm


def test_the_same_facts_are_fine_for_a_lighter_tier() -> None:
    facts = RhythmFacts(1, ago(40), ago(150), ago(100), None, (ago(50),))
    policy = Policy()
    assert len(missing(policy.rhythm(1), facts, TODAY)) == 4
    assert missing(policy.rhythm(3), facts, TODAY) == []


def test_rhythm_text_is_checked() -> None:
    assert parse_rhythm("7 / 14 / 60 / 30") == Rhythm(7, 14, 60, 30)
    with pytest.raises(FieldError, match="four numbers"):
        parse_rhythm("7, 14")
    with pytest.raises(FieldError, match="from 1 to 730"):
        parse_rhythm("7, 14, 60, 9999")
