"""Risk scores and movement, decisions not implemented, obligations' notice windows."""

from __future__ import annotations

from datetime import date

import pytest

from alliance_desk.core.obligations import (
    Obligation,
    ObligationStatus,
    coming_due,
    validate_obligation,
)
from alliance_desk.core.risks import (
    Decision,
    DecisionStatus,
    Risk,
    RiskStatus,
    due_for_review,
    heat_map,
    not_implemented,
    past_review,
    risk_band,
    validate_decision,
    validate_risk,
)
from alliance_desk.core.validation import ValidationError

TODAY = date(2026, 11, 24)


def risk(likelihood=3, impact=4, status="open", review=None, history=()):
    draft = validate_risk(
        {
            "title": "Supply",
            "category": "business",
            "likelihood": likelihood,
            "impact": impact,
            "status": status,
            "next_review": review,
        }
    )
    return Risk(1, 1, draft, tuple(history))


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (1, "low"),
        (4, "low"),
        (5, "medium"),
        (9, "medium"),
        (10, "high"),
        (16, "high"),
        (20, "critical"),
        (25, "critical"),
    ],
)
def test_risk_bands(score: int, band: str) -> None:
    assert risk_band(score) == band


@pytest.mark.parametrize("bad", [0, 6, "x", ""])
def test_likelihood_outside_one_to_five_is_refused(bad) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_risk({"title": "T", "category": "legal", "likelihood": bad, "impact": 3})
    assert "1 to 5" in caught.value.errors["likelihood"]


def test_movement_since_a_day() -> None:
    moved = risk(4, 4, history=[(date(2026, 9, 1), 2, 3), (date(2026, 11, 1), 4, 4)])
    assert moved.draft.score == 16
    assert moved.movement(date(2026, 10, 1)) == "up 6 → 16"
    assert moved.movement(date(2026, 11, 2)) == "unchanged"
    assert moved.movement(date(2026, 8, 1)) == "new"
    eased = risk(1, 2, history=[(date(2026, 9, 1), 3, 3), (date(2026, 11, 1), 1, 2)])
    assert eased.movement(date(2026, 10, 1)) == "down 9 → 2"


def test_heat_map_and_reviews_skip_closed_risks() -> None:
    risks = [
        risk(3, 4, review=date(2026, 11, 20)),
        risk(3, 4, review=date(2026, 11, 30)),
        risk(5, 5, status="closed", review=date(2026, 11, 1)),
        risk(1, 1),
    ]
    assert heat_map(risks) == {(3, 4): 2, (1, 1): 1}
    due = due_for_review(risks, TODAY, days=7)
    assert [r.draft.next_review for r in due] == [date(2026, 11, 20), date(2026, 11, 30)]


def test_decisions_not_implemented_within_the_window() -> None:
    def decision(days_ago: int, status: str, review=None) -> Decision:
        return Decision(
            days_ago,
            1,
            validate_decision(
                {
                    "title": f"D{days_ago}",
                    "decided_on": date.fromordinal(TODAY.toordinal() - days_ago),
                    "status": status,
                    "review_date": review,
                }
            ),
        )

    items = [
        decision(90, "pending"),
        decision(90, "implemented"),
        decision(30, "in progress"),
        decision(61, "not implemented", review=date(2026, 11, 1)),
    ]
    assert [d.draft.title for d in not_implemented(items, TODAY, 60)] == ["D90", "D61"]
    assert [d.draft.title for d in not_implemented(items, TODAY, 20)] == ["D90", "D61", "D30"]
    assert [d.draft.title for d in past_review(items, TODAY)] == ["D61"]
    assert items[1].draft.status is DecisionStatus.IMPLEMENTED


def test_decision_needs_a_date() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_decision({"title": "Fund a second CMO", "decided_on": ""})
    assert set(caught.value.errors) == {"decided_on"}


def test_obligations_enter_their_notice_window() -> None:
    def obligation(due: str, notice: int, status="open") -> Obligation:
        return Obligation(
            1,
            1,
            validate_obligation(
                {
                    "title": due,
                    "party": "ours",
                    "due_date": due,
                    "notice_days": notice,
                    "status": status,
                }
            ),
        )

    items = [
        obligation("2026-12-20", 30),
        obligation("2026-12-20", 10),
        obligation("2026-11-01", 5),
        obligation("2026-11-30", 30, "done"),
    ]
    assert [o.draft.title for o in coming_due(items, TODAY)] == ["2026-11-01", "2026-12-20"]
    assert items[3].draft.status is ObligationStatus.DONE
    with pytest.raises(ValidationError) as caught:
        validate_obligation(
            {"title": "Report", "party": "everyone", "due_date": "soon", "notice_days": -1}
        )
    assert set(caught.value.errors) == {"party", "due_date", "notice_days"}
    assert RiskStatus.CLOSED.label == "Closed"
