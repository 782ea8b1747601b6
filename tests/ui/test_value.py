"""The Value section: the quadrant on screen and clickable, milestones and KPIs edited with
undo, an actual recorded and charted."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt

from alliance_desk.core import wall
from alliance_desk.core.placement import Quadrant
from alliance_desk.core.value import MilestoneDraft
from alliance_desk.store import escalations, portfolio, value
from alliance_desk.ui.table_model import RowTableModel
from alliance_desk.ui.value.registers import KPIS, MILESTONES
from alliance_desk.ui.value.view import COLUMNS
from tests.helpers import answer_dialog
from tests.ui.test_fits import settle

HALO = "HALO-7 oncology co-development"


@pytest.fixture
def view(demo_window):
    demo_window.desk.select_alliance(None)
    demo_window.show_section("value")
    return demo_window.value


@pytest.mark.parametrize("spec", [MILESTONES, KPIS], ids=lambda s: s.noun)
def test_register_models_pass_qtmodeltester(qtmodeltester, demo_store, spec) -> None:
    model = RowTableModel(spec.columns)
    model.set_rows(spec.load(demo_store, None))
    qtmodeltester.check(model)
    model.sort(3, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)
    assert model.rowCount() > 0


def test_every_alliance_is_on_the_quadrant_and_a_click_focuses_it(view, qtbot) -> None:
    tab = view.quadrant
    store = view.desk.store
    alliances = portfolio.list_alliances(store)
    assert tab.model.rowCount() == len(alliances) == len(tab.map.placements)
    assert COLUMNS[4].title == "Quadrant"
    halo = next(p for p in tab.map.placements if p.name == HALO)
    assert halo.quadrant is Quadrant.MANAGE_CLOSELY  # the demo's flagship is high on both
    spot = tab.map.point_of(halo)
    qtbot.mouseClick(tab.map, Qt.MouseButton.LeftButton, pos=QPoint(int(spot.x()), int(spot.y())))
    assert view.desk.alliance_id == halo.alliance_id
    assert HALO in tab.guidance.text() and "Manage closely" in tab.guidance.text()
    assert view.title.text() == f"Value — {HALO}"


def test_double_click_opens_the_alliance_in_the_portfolio(view, demo_window, qtbot) -> None:
    tab = view.quadrant
    halo = next(p for p in tab.map.placements if p.name == HALO)
    spot = tab.map.point_of(halo)
    qtbot.mouseDClick(tab.map, Qt.MouseButton.LeftButton, pos=QPoint(int(spot.x()), int(spot.y())))
    assert demo_window.current_section() == "portfolio"
    assert demo_window.desk.alliance_id == halo.alliance_id


def test_a_slipping_milestone_moves_the_alliance_up_and_undo_moves_it_back(view, qtbot) -> None:
    desk = view.desk
    small = next(p for p in view.quadrant.map.placements if p.factors.slipped == 0)
    desk.select_alliance(small.alliance_id)
    view.tabs.setCurrentWidget(view.milestones)

    def fill(dialog) -> None:
        dialog.form.fields["title"].setText("Contract signature")
        dialog.form.fields["planned_on"].setText("2020-01-01")  # long overdue: slipped
        dialog.accept()

    answer_dialog(qtbot, fill)
    view.milestones.add()
    (made,) = [
        m
        for m in value.list_milestones(desk.store, small.alliance_id)
        if m.title == "Contract signature"
    ]
    assert made.slip_days(wall.today()) > 2000
    view.tabs.setCurrentWidget(view.quadrant)
    moved = next(p for p in view.quadrant.map.placements if p.alliance_id == small.alliance_id)
    assert moved.factors.slipped == 1 and moved.risk == small.risk + 0.5
    desk.undo_stack.undo()
    assert all(m.title != "Contract signature" for m in value.list_milestones(desk.store))
    back = next(p for p in view.quadrant.map.placements if p.alliance_id == small.alliance_id)
    assert back.risk == small.risk


def test_a_refresh_keeps_the_table_as_the_user_left_it_until_a_figure_changes(view, qtbot) -> None:
    """Read again after a teammate's save (F5), the table keeps a column the user widened
    while nothing it shows changed (an issue renamed), and shows the new figures when one
    did (a milestone slipping)."""
    desk, tab = view.desk, view.quadrant
    header = tab.table.horizontalHeader()
    settle()  # the columns fitted to their texts, the panels below laid out
    widened = header.sectionSize(0) + 77
    header.resizeSection(0, widened)  # the alliance's name, dragged wider
    issue = escalations.list_escalations(desk.store)[0]
    renamed = replace(issue.draft, title=f"{issue.draft.title} (renamed)")
    escalations.update_escalation(desk.store, issue.id, renamed)
    desk.refresh_all()
    settle()
    assert header.sectionSize(0) == widened
    small = next(p for p in tab.map.placements if p.factors.slipped == 0)
    slipping = MilestoneDraft("Contract signature", date(2020, 1, 1))
    value.add_milestone(desk.store, small.alliance_id, slipping)
    desk.refresh_all()
    settle()
    row = tab.model.find(lambda r: r.id == small.alliance_id)
    assert tab.model.row_at(row).placement.factors.slipped == 1
    assert "slipped" in tab.model.index(row, 6).data()
    assert header.sectionSize(0) != widened  # fitted again to the new texts


def test_record_an_actual_then_undo_it(view) -> None:
    desk = view.desk
    view.tabs.setCurrentWidget(view.kpis)
    tab = view.kpis
    kpi = tab.records[0]
    tab.select(kpi.id)
    assert tab.current.id == kpi.id
    assert len(tab.chart.points) == len(kpi.actuals)
    tab.day.setText("not a day")
    tab.number.setText("12")
    tab.record()
    assert "not a date" in tab.message.text()
    tab.day.setText(wall.today().isoformat())
    tab.number.setText("999")
    tab.record()
    (fresh,) = value.list_kpis(desk.store, ids=[kpi.id])
    assert fresh.latest == 999
    assert tab.chart.points[-1][1] == 999
    desk.undo_stack.undo()
    (back,) = value.list_kpis(desk.store, ids=[kpi.id])
    assert back.actuals == kpi.actuals


def test_editing_a_kpi_target_is_saved_and_undone(view) -> None:
    desk = view.desk
    view.tabs.setCurrentWidget(view.kpis)
    tab = view.kpis
    kpi = tab.records[0]
    tab.select(kpi.id)
    tab.form.fields["target"].setText("12345")
    tab.form.edited.emit()
    assert value.list_kpis(desk.store, ids=[kpi.id])[0].draft.target == 12345
    desk.undo_stack.undo()
    assert value.list_kpis(desk.store, ids=[kpi.id])[0].draft.target == kpi.draft.target


def test_take_a_baseline_after_scoring_every_statement_then_undo(view, qtbot) -> None:
    from alliance_desk.store import baseline

    desk = view.desk
    view.tabs.setCurrentWidget(view.baseline)
    tab = view.baseline
    before = baseline.list_baselines(desk.store)

    def fill(dialog) -> None:
        first = next(iter(dialog.choices))
        assert dialog.choices[first].currentData() == before[-1].scores[first]  # last answers
        # Every answer box in one column, whatever its area: each area's own form lined its
        # boxes up with its own statements, out of line with the next area's.
        lefts = {
            choice.mapTo(dialog, choice.rect().topLeft()).x() for choice in dialog.choices.values()
        }
        assert len(lefts) == 1, lefts
        for choice in dialog.choices.values():
            choice.setCurrentIndex(0)  # "Choose…"
        dialog.accept()  # nothing scored: refused, saying how many are left
        assert dialog.isVisible()
        assert dialog.error.text() == f"{len(dialog.choices)} statements still to score."
        for choice in dialog.choices.values():
            choice.setCurrentIndex(4)  # 4 — usually
        dialog.note.setText("After the reorganisation")
        dialog.accept()

    answer_dialog(qtbot, fill)
    tab.take()
    after = baseline.list_baselines(desk.store)
    assert len(after) == len(before) + 1
    made = next(b for b in after if b.note == "After the reorganisation")
    assert set(made.scores.values()) == {4}
    governance = next(t for t in tab.trend_model.all_rows() if t.area.key == "governance")
    assert governance.latest == 4.0
    engage = next(t for t in tab.trend_model.all_rows() if t.area.key == "engage")
    assert engage.measured is not None  # the habit's measured strength beside the self-score
    desk.undo_stack.undo()
    assert baseline.list_baselines(desk.store) == before


def test_an_alliance_missing_its_tiers_rhythm_says_why_and_the_policy_sets_it(view) -> None:
    from alliance_desk.store.policy import set_setting

    desk = view.desk
    view.tabs.setCurrentWidget(view.quadrant)
    row = next(r for r in view.quadrant.model.all_rows() if r.placement.name == HALO)
    assert any("not reviewed in 30 days" in gap for gap in row.missing)  # tier 1: 30 days
    set_setting(desk.store, "rhythm-tier-1", "365, 365, 365, 365")
    desk.refresh_all()
    view.quadrant.reload()
    row = next(r for r in view.quadrant.model.all_rows() if r.placement.name == HALO)
    assert row.missing == ()
    rhythm = next(c for c in COLUMNS if c.title == "Tier's rhythm")
    assert rhythm.text(row) == "on rhythm"


def test_an_achieved_milestone_is_good_news_even_when_it_came_late(view) -> None:
    """ "Achieved" was orange like a slip; the Slip beside it says how late it came."""
    from PySide6.QtCore import Qt

    from alliance_desk.core.value import MilestoneStatus
    from alliance_desk.ui.theme import ON_TARGET, OVERDUE

    view.tabs.setCurrentWidget(view.milestones)
    settle()
    model = view.milestones.model
    status = next(
        c
        for c in range(model.columnCount())
        if model.headerData(c, Qt.Orientation.Horizontal) == "Status"
    )
    slip = next(
        c
        for c in range(model.columnCount())
        if model.headerData(c, Qt.Orientation.Horizontal) == "Slip"
    )
    seen = set()
    for row in range(model.rowCount()):
        milestone = model.row_at(row)
        colour = model.index(row, status).data(Qt.ItemDataRole.ForegroundRole)
        name = colour.name() if colour is not None else None
        if milestone.draft.status is MilestoneStatus.ACHIEVED:
            assert name == ON_TARGET, milestone.draft.title
            late = model.index(row, slip).data(Qt.ItemDataRole.ForegroundRole)
            if late is not None:  # achieved late: the slip still says so
                assert late.name() == OVERDUE
                seen.add("late")
            seen.add("achieved")
        if milestone.draft.status is MilestoneStatus.MISSED:
            assert name == OVERDUE, milestone.draft.title
            seen.add("missed")
    assert seen == {"achieved", "late", "missed"}


def test_the_row_shown_beside_the_table_is_the_row_highlighted(view) -> None:
    """The keyboard coming into the table made its first row current: HALO-7's details were
    shown beside it, and no row was highlighted."""
    from PySide6.QtCore import QItemSelectionModel

    tab = view.quadrant
    table = tab.table
    assert not table.selectionModel().selectedRows()
    first = table.model().index(0, 0)
    table.selectionModel().setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
    assert [i.row() for i in table.selectionModel().selectedRows()] == [0]
    name = table.model().index(0, 0).data()
    assert tab.guidance.text().startswith(name) or name in tab.guidance.text()


def test_a_missed_milestone_never_achieved_has_no_expected_day(view) -> None:
    """ "Clinical validation report": Missed, its Expected / actual its plan's own date and no
    slip, read as if it had come on time. A missed one never achieved expects no day."""
    from PySide6.QtCore import Qt

    from alliance_desk.core.value import MilestoneStatus

    view.tabs.setCurrentWidget(view.milestones)
    settle()
    model = view.milestones.model
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    expected = titles.index("Expected / actual")
    missed = [
        row
        for row in range(model.rowCount())
        if model.row_at(row).draft.status is MilestoneStatus.MISSED
        and model.row_at(row).draft.achieved_on is None
    ]
    assert missed
    for row in missed:
        assert model.index(row, expected).data() == "—"
    achieved = next(
        row
        for row in range(model.rowCount())
        if model.row_at(row).draft.status is MilestoneStatus.ACHIEVED
    )
    assert model.index(achieved, expected).data() not in ("", "—")


def test_the_star_on_a_milestone_says_what_it_means(view) -> None:
    """Most milestones began with "★" and nothing on screen said it marks evidence of the
    alliance's North Star: hovering a starred name says so, and the form's box names it."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QCheckBox

    view.tabs.setCurrentWidget(view.milestones)
    settle()
    model = view.milestones.model
    rows = [model.row_at(row) for row in range(model.rowCount())]
    starred = next(r for r, m in enumerate(rows) if m.draft.north_star)
    plain = next(r for r, m in enumerate(rows) if not m.draft.north_star)
    tip = model.index(starred, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "Evidence of the North Star" in tip and rows[starred].title in tip
    assert "North Star" not in (model.index(plain, 0).data(Qt.ItemDataRole.ToolTipRole) or "")
    boxes = [b.text() for b in view.milestones.form.findChildren(QCheckBox)]
    assert any("★" in text and "North Star" in text for text in boxes), boxes


def test_the_baseline_trend_says_which_rows_are_habits_and_the_days_compared(view) -> None:
    """The four foundations and the seven habits stood in one column, told apart by nothing,
    and the line above said "the change runs from the first to the latest" without their
    days."""
    from PySide6.QtCore import Qt

    from alliance_desk.core.dates import shown
    from alliance_desk.store import baseline

    view.tabs.setCurrentWidget(view.baseline)
    settle()
    tab = view.baseline
    model = tab.trend_model
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    of = titles.index("Of")
    kinds = {
        model.row_at(row).area.key: model.index(row, of).data() for row in range(model.rowCount())
    }
    assert kinds["governance"] == "Foundation" and kinds["engage"] == "Habit"
    assert not tab.trends.isColumnHidden(of)
    taken = baseline.list_baselines(view.desk.store)
    assert len(taken) >= 2
    summary = tab.summary.text()
    assert shown(taken[0].taken_on) in summary and shown(taken[-1].taken_on) in summary


def test_ctrl_tab_to_the_baselines_puts_the_keyboard_in_their_list(demo_window, qtbot) -> None:
    """The trend below took the keyboard, with nothing selected in it."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    qtbot.keyClick(demo_window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    tabs = demo_window.value.tabs
    while tabs.currentWidget() is not demo_window.value.baseline:
        qtbot.keyClick(
            QApplication.focusWidget(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier
        )
    assert QApplication.focusWidget() is demo_window.value.baseline.table
