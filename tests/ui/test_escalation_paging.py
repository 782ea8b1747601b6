"""The escalation log in the window costs what is on screen: showing it reads one page and
a fixed number of statements however many escalations there are; scrolling reads more; an
escalation opened from elsewhere is found wherever it sits; headers sort and the filter
filters in SQL, and the totals come from a COUNT."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from alliance_desk.core import wall
from alliance_desk.core.records import Opens
from alliance_desk.store import escalations, portfolio
from alliance_desk.store.escalation_log import LogFilter, log_count
from alliance_desk.store.paging import PAGE, Order
from tests.helpers import Statements


def _bulk(store, count: int, start: int = 0) -> None:
    """`count` more escalations, written in one statement (as the benchmark's generator)."""
    alliances = [a.id for a in portfolio.list_alliances(store)]
    today = wall.today()
    rows = []
    for n in range(start, start + count):
        day = (today - timedelta(days=n % 400)).isoformat()
        rows.append(
            (
                alliances[n % len(alliances)],
                f"Bulk issue {n:05d}",
                ("open", "escalated", "resolved", "closed")[n % 4],
                n % 4,
                day,
            )
        )
    with store.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO escalations (alliance_id, title, description, category, severity, "
            "raised_on, delay_days, value_at_stake, internal_only, level, level_since, status, "
            "root_cause, resolution, resolution_kind, created_at, updated_at, version, "
            "resolved_by) VALUES (?, ?, '', 'conflict', 'high', ?, 1, 0.5, 0, ?, ?, ?, '', '', "
            "'', '2026-01-01 00:00:00', '2026-01-01 00:00:00', 1, '')",
            [(a, t, d, level, d, s) for a, t, s, level, d in rows],
        )


@pytest.fixture
def big(demo_window):
    """The demo portfolio with 1,200 more escalations, the log showing everything."""
    _bulk(demo_window.desk.store, 1200)
    demo_window.desk.select_alliance(None)
    return demo_window


def _show(window) -> int:
    """Show the log afresh; the statements it took."""
    with Statements(window.desk.store) as seen:
        window.show_section("escalations")
        window.escalations.status_filter.setCurrentIndex(1)  # everything
        QApplication.processEvents()
    return len(seen.seen)


def _reload(view) -> int:
    with Statements(view.desk.store) as seen:
        view.reload()
    return len(seen.seen)


def test_showing_the_log_reads_one_page_whatever_its_length(big) -> None:
    """A page of keys (and, for the streams holding the first rows, a second look), the
    page's rows, the count, the totals, the selected issue's history and people."""
    assert _show(big) <= 16
    view = big.escalations
    before = _reload(view)
    assert view.model.rowCount() == PAGE and view.model.canFetchMore()
    listed = log_count(big.desk.store, view.shown(), today=wall.today(), policy=view.policy())
    assert listed > 1200 and f"{listed:,} listed" in view.totals.text()
    _bulk(big.desk.store, 1200, start=1200)
    big.desk.store_changed.emit()
    after = _reload(view)
    assert view.model.rowCount() == PAGE
    assert before <= 7 and after <= 7  # twice the rows, no more statements


def test_scrolling_to_the_bottom_reads_the_next_page(big, qtbot) -> None:
    _show(big)
    view = big.escalations
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: view.model.rowCount() > PAGE)
    assert view.model.rowCount() == 2 * PAGE
    ids = [line.escalation.id for line in view.model.visible_rows()]
    assert len(set(ids)) == len(ids)  # no row read twice


def test_the_model_passes_qtmodeltester(big, qtmodeltester) -> None:
    _show(big)
    qtmodeltester.check(big.escalations.model)
    big.escalations.model.sort(0, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(big.escalations.model)


def test_an_escalation_far_down_opens_selected(big) -> None:
    """Opened from Today or the palette: the log reads up to it and selects it."""
    _show(big)
    view = big.escalations
    shown = view.shown()
    everything = escalations.list_escalations(big.desk.store)
    # The last of the log in SLA order: not past, the latest trigger date.
    policy = view.policy()
    target = max(everything, key=lambda e: (e.trigger_date(policy), e.level_since, e.id))
    big.open_record(Opens("escalation", target.alliance_id, target.id))
    assert view.current is not None and view.current.id == target.id
    row = view.table.currentIndex().row()
    assert row >= PAGE and view.model.row_at(row).escalation.id == target.id
    assert view.shown() == replace(shown, pinned=target.id)  # the user's filters, kept


def test_a_header_click_sorts_in_sql(big) -> None:
    _show(big)
    view = big.escalations
    with Statements(big.desk.store) as seen:
        view.table.horizontalHeader().sectionClicked.emit(0)  # by title
        view.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert 0 < len(seen.seen) <= 2
    assert view.model.order == Order("title")
    titles = [line.escalation.title.casefold() for line in view.model.visible_rows()]
    assert titles == sorted(titles) and len(titles) == PAGE
    everything = sorted(e.title.casefold() for e in escalations.list_escalations(big.desk.store))
    assert titles == everything[:PAGE]


def test_typing_in_the_filter_asks_the_store(big) -> None:
    _show(big)
    view = big.escalations
    view.text_filter.setText("BULK ISSUE 0119")
    titles = [line.escalation.title for line in view.model.visible_rows()]
    assert sorted(titles) == [f"Bulk issue {n:05d}" for n in range(1190, 1200)]
    assert view.totals.text().startswith("10 listed")
    assert view.shown() == LogFilter(text="BULK ISSUE 0119", status=None)
    view.text_filter.setText("bulk issue 0007")  # the same statements, another text
    titles = [line.escalation.title for line in view.model.visible_rows()]
    assert sorted(titles) == [f"Bulk issue {n:05d}" for n in range(70, 80)]
    assert view.totals.text().startswith("10 listed")


def _teammate_edits(store, escalation_id: int, column: str, value: str) -> int:
    """A change saved by another process (this window is not told): the new version."""
    with store.engine.begin() as connection:
        connection.exec_driver_sql(
            f"UPDATE escalations SET {column} = ?, version = version + 1 WHERE id = ?",
            (value, escalation_id),
        )
    return escalations.get_escalation(store, escalation_id).version


def test_a_reload_after_edits_shows_them_at_once_near_the_top_and_far_down(big) -> None:
    """Read again (as after an edit), the log shows a title changed in its first rows and
    one far below them, and holds each issue's new version, even when no text changed
    (the next step on it is then no conflict)."""
    _show(big)
    view, store = big.escalations, big.desk.store
    first, far = view.model.row_at(0).escalation, view.model.row_at(PAGE - 1).escalation
    _teammate_edits(store, far.id, "title", "Renamed far down")
    view.reload()
    assert view.model.row_at(PAGE - 1).escalation.id == far.id
    assert view.model.index(PAGE - 1, 0).data() == "Renamed far down"
    _teammate_edits(store, first.id, "title", "Renamed at the top")
    view.reload()
    assert view.model.index(0, 0).data() == "Renamed at the top"
    second = view.model.row_at(1).escalation  # not the one selected
    version = _teammate_edits(store, second.id, "description", "Not in the log's columns")
    view.reload()
    assert view.model.row_at(1).escalation.id == second.id
    assert view.model.row_at(1).escalation.version == version > second.version


def test_the_heading_counts_what_the_log_lists_as_it_starts_and_filtered(big) -> None:
    """As the log starts (open and escalated issues, the count its totals read too), after
    more are logged, and filtered: the heading says how many the log lists."""
    _show(big)
    view, store = big.escalations, big.desk.store
    view.status_filter.setCurrentIndex(0)  # open and escalated, as the log starts
    counts = []
    for more in (False, True):
        if more:
            _bulk(store, 40, start=5000)
        view.reload()
        listed = log_count(store, view.shown(), today=wall.today(), policy=view.policy())
        assert view.totals.text().startswith(f"{listed:,} open, ")  # what it lists: the open
        counts.append(listed)
    assert counts[1] == counts[0] + 20  # half of them open or escalated
    view.level_filter.setCurrentIndex(2)  # level 1
    listed = log_count(store, view.shown(), today=wall.today(), policy=view.policy())
    assert 0 < listed < counts[1] and view.totals.text().startswith(f"{listed:,} listed")
    view.reload()  # as after an edit: read with the totals, still the filtered count
    assert view.totals.text().startswith(f"{listed:,} listed")
