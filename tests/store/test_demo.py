"""The demo portfolio."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliance_desk.core import wall
from alliance_desk.core.people import Side
from alliance_desk.core.portfolio import Phase
from alliance_desk.store import people, portfolio
from alliance_desk.store.database import open_store
from alliance_desk.store.demo import create_demo, demo_data


def test_demo_spans_tiers_types_and_phases_with_people_on_both_sides(demo_store) -> None:
    """The demo shows a realistic spread: every tier, several types and phases, both sides."""
    alliances = portfolio.list_alliances(demo_store)
    assert len(alliances) == len(demo_data()["alliances"]) >= 6
    assert {a.tier for a in alliances} == {1, 2, 3}
    assert len({a.alliance_type for a in alliances}) >= 4
    assert {Phase.EXPLORATION, Phase.EXECUTION, Phase.EXIT} <= {a.phase for a in alliances}
    counts = people.people_counts(demo_store)
    for alliance in alliances:
        internal, partner = counts[alliance.id]
        assert internal >= 1 and partner >= 1, alliance.name
    names = {p.name for p in people.people_on_alliance(demo_store, alliances[0].id)}
    sides = {p.side for p in people.people_on_alliance(demo_store, alliances[0].id)}
    assert names and sides == {Side.INTERNAL, Side.PARTNER}


def test_people_counts_match_each_alliances_people_side_by_side(demo_store) -> None:
    """The portfolio's people columns: each alliance's people on our side and on the
    partner's, as its stakeholder list has them (one person on two alliances counts on
    both)."""
    counts = people.people_counts(demo_store)
    expected = {}
    for alliance in portfolio.list_alliances(demo_store):
        sides = [p.side for p in people.people_on_alliance(demo_store, alliance.id)]
        if sides:
            expected[alliance.id] = (sides.count(Side.INTERNAL), sides.count(Side.PARTNER))
    assert counts == expected
    assert len({pair for pair in counts.values()}) > 1  # not one pair for every alliance


def test_demo_goes_to_its_own_file_and_is_not_overwritten(data_home: Path) -> None:
    """The demo lives beside, never in, the user's portfolio; a second run keeps its edits."""
    path = create_demo()
    assert path.parent == data_home and path.name != "portfolio.sqlite3"
    store = open_store(path)
    first = portfolio.list_alliances(store)[0]
    portfolio.delete_alliance(store, first.id)
    store.close()
    assert create_demo() == path
    store = open_store(path)
    try:
        assert first.id not in {a.id for a in portfolio.list_alliances(store)}
    finally:
        store.close()
    assert not (data_home / "portfolio.sqlite3").exists()


def test_replacing_a_file_with_the_demo_keeps_what_was_there(tmp_path) -> None:
    """`demo --replace` over a portfolio backs it up first; over something that is not a
    portfolio it refuses and leaves the file as it was."""
    import pytest

    from alliance_desk.store import backup, portfolio
    from alliance_desk.store.database import open_store
    from alliance_desk.store.demo import create_demo
    from alliance_desk.store.errors import StoreError
    from tests.helpers import digest, draft

    mine = tmp_path / "mine.sqlite3"
    store = open_store(mine)
    portfolio.create_alliance(store, draft(name="Mine, not a demo"))
    store.close()
    create_demo(mine, replace=True)
    (kept,) = [info for info in backup.list_backups(mine) if info.reason == "before-demo"]
    copy = open_store(kept.path, start_backup=False)
    assert [a.name for a in portfolio.list_alliances(copy)] == ["Mine, not a demo"]
    copy.close()
    notes = tmp_path / "notes.sqlite3"
    notes.write_text("not a database\n" * 20)
    before = digest(notes)
    with pytest.raises(StoreError, match="not an Alliance Desk portfolio"):
        create_demo(notes, replace=True)
    assert digest(notes) == before


def test_the_demo_shows_value_promised_measured_and_slipping(demo_store) -> None:
    """Milestones with some slipped, KPIs with two years of actuals, decisions whose
    question date is known: enough for every value view to have something to say."""

    from alliance_desk.core.time_cost import decision_speed
    from alliance_desk.core.value import slipped
    from alliance_desk.store import risks, value

    today = wall.today()
    milestones = value.list_milestones(demo_store)
    assert len(slipped(milestones, today)) >= 3
    assert any(m.draft.achieved_on for m in milestones)
    kpis = value.list_kpis(demo_store)
    assert len(kpis) >= 6
    assert all((k.actuals[-1][0] - k.actuals[0][0]).days >= 2 * 365 - 7 for k in kpis)
    assert {k.draft.shared for k in kpis} == {True, False}
    timed = decision_speed(risks.list_decisions(demo_store), lambda d: str(d.alliance_id))
    assert len(timed) >= 5


def test_the_demo_holds_two_baselines_showing_the_practice_develop(demo_store) -> None:
    from alliance_desk.core.baseline import trends
    from alliance_desk.store import baseline

    taken = baseline.list_baselines(demo_store)
    assert len(taken) == 2
    found = {t.area.key: t for t in trends(taken, baseline.model())}
    assert found["governance"].change == 2.0 and found["publish"].change == 2.0


@pytest.mark.parametrize("weekday", range(7))
def test_the_demo_s_committees_meet_on_working_days(tmp_path, weekday: int) -> None:
    """Made on a Sunday, the demo had its steering committee meet on Saturday 19 December —
    and a new onboarding plan begin that day, with "keep off weekends" ticked."""
    from datetime import date, timedelta

    from alliance_desk.core import wall
    from alliance_desk.store import governance
    from alliance_desk.store.database import open_store
    from alliance_desk.store.demo import create_demo

    held = date(2026, 12, 7) + timedelta(days=weekday)  # a Monday, then each day after
    wall.hold(held)
    try:
        store = open_store(create_demo(tmp_path / "demo.sqlite3"))
        try:
            meetings = governance.list_meetings(store)
        finally:
            store.close()
    finally:
        wall.hold(None)
    assert meetings and all(m.draft.starts_at.weekday() < 5 for m in meetings)
    days = {(m.draft.starts_at.month, m.draft.starts_at.day) for m in meetings}
    assert not days & {(12, 24), (12, 25), (12, 26), (12, 31), (1, 1)}  # nor at the year's end
    assert sum(m.draft.starts_at.date() > held for m in meetings) == 4  # four still to come
