"""No command acts on a row the user cannot see: a filter that hides the selected record
lets it go, and Delete, a workflow key or Unpair then do nothing to it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from alliance_desk.core import wall
from alliance_desk.core.escalations import Category
from alliance_desk.store import escalations, portfolio, risks, stakeholders

HALO = "HALO-7 oncology co-development"


def _halo(window):
    return next(a for a in portfolio.list_alliances(window.desk.store) if a.name == HALO)


def test_an_alliance_hidden_by_the_filter_is_never_deleted(demo_window, qtbot, messages) -> None:
    """Select HALO-7, filter to "Biomarker": HALO-7 is let go; Delete in the list and Edit →
    Delete alliance delete nothing (the menu says why)."""
    halo = _halo(demo_window)
    demo_window.desk.select_alliance(halo.id)
    demo_window.show_section("portfolio")
    view = demo_window.portfolio
    assert view.detail.alliance.id == halo.id
    view.text_filter.setText("Biomarker")
    assert view.detail.alliance is None
    assert not view.table.selectionModel().hasSelection()
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    demo_window.delete_alliance_action.trigger()
    assert halo.id in {a.id for a in portfolio.list_alliances(demo_window.desk.store)}
    assert messages and "Select the alliance" in messages[-1][1]
    view.text_filter.setText("HALO-7 onc")  # shown again: selectable again
    view.table.selectRow(0)
    assert view.detail.alliance.id == halo.id


def test_an_escalation_hidden_by_the_filter_is_never_escalated(
    demo_window, qtbot, messages
) -> None:
    demo_window.show_section("escalations")
    view = demo_window.escalations
    item = next(e for e in view.items if e.status.active and e.level < 3)
    view.select(item.id)
    assert view.current.id == item.id
    other = next(c for c in Category if c is not item.draft.category).value
    view.category_filter.setCurrentIndex(view.category_filter.findData(other))
    assert view.model.rowCount() > 0  # others are listed; none of them is taken instead
    assert view.current is None
    # the pane keeps its place (the log does not jump to the whole width) and says none is
    # chosen: no step of the one hidden, nor of another, is on screen
    assert view.panel.isVisible()
    assert not any(button.isVisible() for button in view.panel.buttons.values())
    view.text_filter.setFocus()
    qtbot.keyClick(
        view.text_filter,
        Qt.Key.Key_Up,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert escalations.get_escalation(demo_window.desk.store, item.id).level == item.level
    assert messages and "selected in Escalations" in messages[-1][1]


def test_a_decision_hidden_by_late_only_is_never_deleted(demo_window, qtbot) -> None:
    halo = _halo(demo_window)
    demo_window.desk.select_alliance(halo.id)
    demo_window.show_section("risks")
    tab = demo_window.risks.decisions
    demo_window.risks.tabs.setCurrentWidget(tab)
    days = demo_window.desk.policy.not_implemented_days
    on_time = next(
        d
        for d in tab.records
        if d.draft.open  # an open question is not stalled either: hidden by "late only"
        or (wall.today() - d.draft.decided_on).days < days
        or d.draft.status.value == "implemented"
    )
    tab.select(on_time.id)
    assert tab.current.id == on_time.id
    demo_window.risks.late_only.setChecked(True)
    assert tab.current is None
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    tab.delete()
    assert on_time.id in {d.id for d in risks.list_decisions(demo_window.desk.store, halo.id)}


def test_unpair_acts_only_on_the_counterpart_selected(demo_window) -> None:
    """With a counterpart listed but none selected, Unpair is off and removes nobody."""
    halo = _halo(demo_window)
    demo_window.desk.select_alliance(halo.id)
    demo_window.show_section("stakeholders")
    view = demo_window.stakeholders
    paired = next(s for s in view.people if s.counterpart_ids)
    view.select(paired.id)
    panel = view.panel
    assert panel.pairs.count() and not panel.unpair_button.isEnabled()
    panel._unpair()
    now = stakeholders.get_stakeholder(demo_window.desk.store, paired.id)
    assert now.counterpart_ids == paired.counterpart_ids
    panel.pairs.setCurrentRow(0)
    assert panel.unpair_button.isEnabled()
    panel._unpair()
    now = stakeholders.get_stakeholder(demo_window.desk.store, paired.id)
    assert len(now.counterpart_ids) == len(paired.counterpart_ids) - 1
