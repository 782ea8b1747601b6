"""Risks and decisions in the window cost what is on screen: the tab reads one page however
many records the portfolio holds, more as it scrolls; a record opened from elsewhere is read
up to; the heat map and the stalled count are the whole portfolio's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from alliance_desk.core import wall
from alliance_desk.core.records import Opens
from alliance_desk.core.risks import heat_map, not_implemented
from alliance_desk.store import portfolio, risks
from alliance_desk.store.paging import PAGE
from tests.helpers import Statements


def _bulk(store, count: int) -> None:
    """`count` risks and as many decisions, each in one statement."""
    alliances = [a.id for a in portfolio.list_alliances(store)]
    today = wall.today()
    stamp = "2026-01-01 00:00:00"
    with store.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO risks (alliance_id, title, category, likelihood, impact, mitigation, "
            "status, internal_only, joint, created_at, updated_at, version) "
            f"VALUES (?, ?, 'business', ?, ?, '', 'open', 0, 0, '{stamp}', '{stamp}', 1)",
            [
                (alliances[n % len(alliances)], f"Bulk risk {n:05d}", 1 + n % 5, 1 + n % 3)
                for n in range(count)
            ],
        )
        connection.exec_driver_sql(
            "INSERT INTO decisions (alliance_id, title, decided_on, forum, makers, alternatives, "
            "rationale, status, internal_only, created_at, updated_at, version, recorded_by) "
            f"VALUES (?, ?, ?, '', '', '', '', 'pending', 0, '{stamp}', '{stamp}', 1, '')",
            [
                (
                    alliances[n % len(alliances)],
                    f"Bulk decision {n:05d}",
                    (today - timedelta(days=n % 300)).isoformat(),
                )
                for n in range(count)
            ],
        )


@pytest.fixture
def big(demo_window):
    _bulk(demo_window.desk.store, 900)
    demo_window.desk.select_alliance(None)
    return demo_window


def test_the_tab_reads_one_page_and_counts_the_rest(big) -> None:
    with Statements(big.desk.store) as seen:
        big.show_section("risks")
    view = big.risks
    assert view.risks.model.rowCount() == PAGE and view.risks.model.canFetchMore()
    assert view.decisions.model.rowCount() == 0  # a hidden tab reads nothing yet
    assert len(seen.seen) <= 12  # whatever the portfolio's size
    store = big.desk.store
    assert view.heat.cells == heat_map(risks.list_risks(store))
    view.tabs.setCurrentWidget(view.decisions)
    assert view.decisions.model.rowCount() == PAGE
    late = not_implemented(risks.list_decisions(store), wall.today(), 60)
    assert view.late_count.text() == f"{len(late):,} stalled"
    scores = [r.draft.score for r in view.risks.model.visible_rows()]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] == max(r.draft.score for r in risks.list_risks(store))


def test_scrolling_reads_more_and_the_model_passes_qtmodeltester(big, qtbot, qtmodeltester):
    big.show_section("risks")
    table = big.risks.risks.table
    table.scrollToBottom()
    qtbot.waitUntil(lambda: big.risks.risks.model.rowCount() > PAGE)
    qtmodeltester.check(big.risks.risks.model)
    big.risks.risks.model.sort(0, Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(big.risks.risks.model)


def test_a_decision_far_down_opens_selected(big) -> None:
    big.show_section("risks")
    decided = [d for d in risks.list_decisions(big.desk.store) if d.draft.decided_on]
    oldest = min(decided, key=lambda d: (d.draft.decided_on, d.id))
    big.open_record(Opens("decisions", None, oldest.id))
    tab = big.risks.decisions
    assert tab.current is not None and tab.current.id == oldest.id
    row = tab.table.currentIndex().row()
    assert row >= PAGE and tab.model.row_at(row).id == oldest.id


def test_the_stalled_filter_lets_a_hidden_decision_go(big) -> None:
    big.show_section("risks")
    view = big.risks
    view.tabs.setCurrentWidget(view.decisions)
    decided = [d for d in risks.list_decisions(big.desk.store) if d.draft.decided_on]
    fresh = max(decided, key=lambda d: (d.draft.decided_on, d.id))
    view.decisions.select(fresh.id)
    assert view.decisions.current.id == fresh.id
    view.late_only.setChecked(True)
    assert view.decisions.current is None or view.decisions.current.id != fresh.id
    assert not view.decisions.table.selectionModel().hasSelection()
    shown = view.decisions.model.visible_rows()
    assert shown and all(
        d.draft.decided_on and (wall.today() - d.draft.decided_on).days > 60 for d in shown
    )
