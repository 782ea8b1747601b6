"""The practice baseline: the statements as data, scores checked, area means and trends."""

from __future__ import annotations

from datetime import date

import pytest

from alliance_desk.core.baseline import Baseline, load_model, trends, validate_baseline
from alliance_desk.core.bundle import resource_path
from alliance_desk.core.habits import load_habits
from alliance_desk.core.validation import ValidationError

MODEL = load_model(resource_path("baseline.json"))


def test_the_model_covers_the_four_foundations_and_the_seven_habits() -> None:
    foundations = [a.name for a in MODEL.areas if a.kind == "foundation"]
    assert foundations == [
        "Purposeful leadership",
        "Collaborative engagement",
        "Governance",
        "Measurable outcomes",
    ]
    habits = {h.key for h in load_habits(resource_path("habits.json"))}
    assert {a.key for a in MODEL.areas if a.kind == "habit"} == habits
    assert all(len(a.questions) >= 2 for a in MODEL.areas)
    assert len(MODEL.questions) == sum(len(a.questions) for a in MODEL.areas)  # keys unique
    assert len(MODEL.scale) == 5


def test_every_statement_must_be_scored_1_to_5() -> None:
    raw = {key: 3 for key in MODEL.questions} | {"taken_on": "2026-01-05", "note": "Q1"}
    day, scores, note = validate_baseline(raw, MODEL)
    assert (day, note, len(scores)) == (date(2026, 1, 5), "Q1", len(MODEL.questions))
    first = next(iter(MODEL.questions))
    with pytest.raises(ValidationError) as raised:
        validate_baseline(raw | {first: 6, "made.up": 2}, MODEL)
    assert set(raised.value.errors) == {first, "made.up"}
    with pytest.raises(ValidationError, match=first):
        validate_baseline({k: v for k, v in raw.items() if k != first}, MODEL)


def test_area_scores_and_trend_with_the_measured_habit_beside() -> None:
    governance = next(a for a in MODEL.areas if a.key == "governance")
    keys = [q.key for q in governance.questions]
    before = Baseline(1, date(2025, 1, 1), {keys[0]: 2, keys[1]: 3, keys[2]: 1})
    after = Baseline(2, date(2026, 1, 1), {keys[0]: 4, keys[1]: 4, keys[2]: 4})
    assert before.area_score(governance) == 2.0
    found = {t.area.key: t for t in trends([after, before], MODEL, {"engage": 61.5})}
    assert (found["governance"].first, found["governance"].latest) == (2.0, 4.0)
    assert found["governance"].change == 2.0
    assert found["governance"].measured is None  # a foundation area has no habit to measure
    assert found["engage"].measured == 61.5
    assert found["engage"].first is None and found["engage"].change is None


@pytest.mark.parametrize(
    ("first", "latest", "said"),
    [
        (2.0, 4.0, "+2.0"),
        (3.0, 2.5, "-0.5"),
        (3.0, 3.0, "0.0"),
        (3.0, 3.04, "0.0"),
        (None, 3.0, "—"),
    ],
)
def test_a_change_is_signed_except_when_the_score_held(first, latest, said) -> None:
    """The window and the pack print the same text; a score that held reads 0.0, not +0.0."""
    from alliance_desk.core.baseline import AreaTrend

    assert AreaTrend(MODEL.areas[0], first, latest, None).change_text == said
