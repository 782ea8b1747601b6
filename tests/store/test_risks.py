"""The three registers in the store: risks with dated ratings, decisions, obligations."""

from __future__ import annotations

from datetime import date

from alliance_desk.core import wall
from alliance_desk.core.obligations import validate_obligation
from alliance_desk.core.risks import validate_decision, validate_risk
from alliance_desk.store import insights, obligations, portfolio, risks
from tests.helpers import draft


def test_risk_rating_history_and_undo(store) -> None:
    alliance = portfolio.create_alliance(store, draft())
    made = validate_risk(
        {"title": "CMO capacity", "category": "business", "likelihood": 2, "impact": 4}
    )
    risk_id = risks.add_risk(store, alliance.id, made, today=date(2026, 9, 1))
    worse = validate_risk(
        {"title": "CMO capacity", "category": "business", "likelihood": 4, "impact": 4}
    )
    rating_id = risks.update_risk(store, risk_id, worse, today=date(2026, 11, 1))
    assert rating_id is not None
    (risk,) = risks.list_risks(store, alliance.id)
    assert risk.draft.score == 16 and risk.movement(date(2026, 10, 1)) == "up 8 → 16"
    renamed = validate_risk(
        {"title": "CMO capacity Q2", "category": "business", "likelihood": 4, "impact": 4}
    )
    assert risks.update_risk(store, risk_id, renamed) is None  # no new rating without a move
    risks.unrate_risk(store, rating_id)
    assert len(risks.list_risks(store, alliance.id)[0].history) == 1
    kept = risks.remove_risk(store, risk_id)
    assert risks.list_risks(store) == []
    risks.restore_risk(store, kept)
    assert risks.list_risks(store)[0].draft.title == "CMO capacity Q2"


def test_decisions_and_obligations_round_trip(store) -> None:
    alliance = portfolio.create_alliance(store, draft())
    decision_id = risks.add_decision(
        store,
        alliance.id,
        validate_decision({"title": "Fund a second CMO", "decided_on": "2026-10-01"}),
    )
    risks.update_decision(
        store,
        decision_id,
        validate_decision(
            {"title": "Fund a second CMO", "decided_on": "2026-10-01", "status": "implemented"}
        ),
    )
    assert risks.list_decisions(store, alliance.id)[0].draft.status.value == "implemented"
    obligation_id = obligations.add_obligation(
        store,
        alliance.id,
        validate_obligation({"title": "Annual report", "party": "joint", "due_date": "2027-01-31"}),
    )
    kept = obligations.remove_obligation(store, obligation_id)
    assert obligations.list_obligations(store) == []
    obligations.restore_obligation(store, kept)
    assert obligations.list_obligations(store)[0].draft.title == "Annual report"
    portfolio.delete_alliance(store, alliance.id)
    assert risks.list_decisions(store) == [] and obligations.list_obligations(store) == []


def test_a_partner_insight_credits_gaining_insights(store) -> None:
    from alliance_desk.core.insights import validate_insight
    from alliance_desk.store import habits

    alliance = portfolio.create_alliance(store, draft())
    insight_id = insights.add_insight(
        store,
        alliance.id,
        validate_insight({"title": "They reorganise in Q1", "noted_on": wall.today()}),
    )
    credits = [
        c for c in habits.checkins(store, wall.today(), wall.today()) if c.habit == "insights"
    ]
    assert [c.source for c in credits] == [("insight", insight_id)]
    insights.remove_insight(store, insight_id)
    assert not [
        c for c in habits.checkins(store, wall.today(), wall.today()) if c.habit == "insights"
    ]


def test_filtered_register_queries_match_the_rules(store) -> None:
    from alliance_desk.core.obligations import coming_due
    from alliance_desk.core.risks import due_for_review, past_review

    alliance = portfolio.create_alliance(store, draft())
    today = wall.today()
    for title, review in (("soon", 3), ("later", 30), ("overdue", -2)):
        risks.add_risk(
            store,
            alliance.id,
            validate_risk(
                {
                    "title": title,
                    "category": "legal",
                    "likelihood": 2,
                    "impact": 2,
                    "next_review": date.fromordinal(today.toordinal() + review),
                }
            ),
        )
    horizon = date.fromordinal(today.toordinal() + 7)
    assert (
        {r.draft.title for r in risks.list_risks(store, review_by=horizon)}
        == {r.draft.title for r in due_for_review(risks.list_risks(store), today, 7)}
        == {"soon", "overdue"}
    )
    assert [(r.title, r.score, r.band) for r in risks.reviews_due(store, horizon)] == [
        ("overdue", 4, "low"),
        ("soon", 4, "low"),
    ]  # Today's lean list: the same risks, soonest review first
    risks.add_decision(
        store,
        alliance.id,
        validate_decision(
            {"title": "late", "decided_on": "2026-01-01", "review_date": "2026-02-01"}
        ),
    )
    risks.add_decision(
        store,
        alliance.id,
        validate_decision(
            {
                "title": "done",
                "decided_on": "2026-01-01",
                "review_date": "2026-02-01",
                "status": "implemented",
            }
        ),
    )
    assert (
        [d.draft.title for d in risks.list_decisions(store, review_before=today)]
        == [d.draft.title for d in past_review(risks.list_decisions(store), today)]
        == ["late"]
    )
    obligations.add_obligation(
        store,
        alliance.id,
        validate_obligation(
            {"title": "closed", "party": "ours", "due_date": today, "status": "done"}
        ),
    )
    assert obligations.list_obligations(store, open_only=True) == []
    assert coming_due(obligations.list_obligations(store), today) == []


def test_register_edits_from_an_older_version_are_refused(store) -> None:
    """Two editors of one portfolio: the second save made from what was read before the first
    is refused, for each register; a save from the current version goes through."""
    from dataclasses import replace

    import pytest

    from alliance_desk.core.insights import validate_insight
    from alliance_desk.store.database import open_store
    from alliance_desk.store.errors import ConflictError

    alliance_id = portfolio.create_alliance(store, draft()).id
    risks.add_risk(
        store,
        alliance_id,
        validate_risk({"title": "Supply", "category": "business", "likelihood": 2, "impact": 3}),
    )
    risks.add_decision(
        store, alliance_id, validate_decision({"title": "CMO", "decided_on": "2026-11-02"})
    )
    obligations.add_obligation(
        store,
        alliance_id,
        validate_obligation({"title": "Report", "party": "ours", "due_date": "2027-01-31"}),
    )
    insights.add_insight(
        store, alliance_id, validate_insight({"title": "Fiscal year", "noted_on": "2026-11-01"})
    )
    other = open_store(store.location.url if store.path is None else store.path)
    try:
        for load, update in (
            (risks.list_risks, risks.update_risk),
            (risks.list_decisions, risks.update_decision),
            (obligations.list_obligations, obligations.update_obligation),
            (insights.list_insights, insights.update_insight),
        ):
            (mine,) = load(store)
            (theirs,) = load(other)
            update(
                other,
                theirs.id,
                replace(theirs.draft, title="Theirs"),
                expected_version=theirs.version,
            )
            with pytest.raises(ConflictError, match="changed elsewhere"):
                update(
                    store, mine.id, replace(mine.draft, title="Mine"), expected_version=mine.version
                )
            (now,) = load(store)
            assert now.draft.title == "Theirs" and now.version == mine.version + 1
            update(store, now.id, replace(now.draft, title="Mine"), expected_version=now.version)
            assert load(other)[0].draft.title == "Mine"
    finally:
        other.close()
