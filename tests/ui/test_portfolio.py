"""Editing alliances: saved as you leave a field, validated per field, undoable."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from alliance_desk.core.portfolio import Phase
from alliance_desk.store import portfolio
from alliance_desk.ui.portfolio import view as portfolio_ui
from alliance_desk.ui.portfolio.form import NewAllianceDialog
from alliance_desk.ui.portfolio.view import AllianceTableModel


def stored(window, alliance_id: int):
    return portfolio.get_alliance(window.desk.store, alliance_id)


def test_model_passes_qtmodeltester(qtmodeltester, demo_store) -> None:
    """The alliance table model obeys Qt's model contract, filtered and sorted too."""
    from alliance_desk.store import people

    model = AllianceTableModel()
    model.set_alliances(portfolio.list_alliances(demo_store), people.people_counts(demo_store))
    qtmodeltester.check(model)
    model.sort(4, Qt.SortOrder.DescendingOrder)
    model.set_filter("halo")
    qtmodeltester.check(model)
    assert model.rowCount() == 2


def test_filter_and_sort(demo_window, qtbot) -> None:
    """Typing in the filter narrows the list; sorting by tier puts tier 1 first."""
    demo_window.show_section("portfolio")
    view = demo_window.portfolio
    qtbot.keyClicks(view.text_filter, "licens")
    names = {view.model.alliance_at(r).name for r in range(view.model.rowCount())}
    assert names == {
        "Asia licensing of Halcyon immunology portfolio",
        "Eastern Europe commercialisation",
    }
    view.text_filter.clear()
    view.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)
    tiers = [view.model.alliance_at(r).tier for r in range(view.model.rowCount())]
    assert tiers == sorted(tiers) and tiers[0] == 1


def test_edit_is_saved_when_leaving_the_field_and_undone(demo_window, qtbot) -> None:
    """A changed partner name is saved at once; Ctrl+Z restores it and Ctrl+Shift+Z redoes."""
    demo_window.show_section("portfolio")
    detail = demo_window.portfolio.detail
    alliance = detail.alliance
    field = detail.form.partner
    field.selectAll()
    qtbot.keyClicks(field, "Kestrel Biologics GmbH")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert stored(demo_window, alliance.id).partner == "Kestrel Biologics GmbH"
    assert detail.saved.text() == "All changes saved"

    # Pressed in the very field just saved: the app's history answers, not the field's own.
    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(demo_window, alliance.id).partner == alliance.partner
    assert detail.form.partner.text() == alliance.partner
    qtbot.keyClick(
        field,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert stored(demo_window, alliance.id).partner == "Kestrel Biologics GmbH"


def test_invalid_edit_shows_a_message_and_saves_nothing(demo_window, qtbot) -> None:
    """Clearing the name or typing a bad date shows a message under that field; nothing saved."""
    demo_window.show_section("portfolio")
    detail = demo_window.portfolio.detail
    alliance = detail.alliance
    detail.form.name.clear()
    qtbot.keyClick(detail.form.name, Qt.Key.Key_Return)
    assert detail.form.errors["name"].text() == "This is required."
    assert not detail.form.errors["name"].isHidden()
    assert detail.saved.text().startswith("Not saved")
    detail.form.start_date.selectAll()
    qtbot.keyClicks(detail.form.start_date, "32/13/2026")
    qtbot.keyClick(detail.form.start_date, Qt.Key.Key_Return)
    assert "not a date" in detail.form.errors["start_date"].text()
    assert stored(demo_window, alliance.id) == alliance
    assert detail.form.name.text() == ""  # what the user typed stays in the form
    assert demo_window.desk.undo_stack.count() == 0


def test_phase_and_tier_override_are_saved(demo_window, qtbot) -> None:
    """Choosing from a list saves at once; overriding the tier keeps the suggestion visible."""
    demo_window.show_section("portfolio")
    detail = demo_window.portfolio.detail
    form = detail.form
    alliance = detail.alliance
    form.phase.setCurrentIndex(form.phase.findData(Phase.EXIT))
    form.phase.activated.emit(form.phase.currentIndex())
    form.tier.setCurrentIndex(form.tier.findData(3))
    form.tier.activated.emit(form.tier.currentIndex())
    saved = stored(demo_window, alliance.id)
    assert saved.phase is Phase.EXIT and saved.tier == 3
    assert f"Tier {alliance.suggested_tier}" in form.tier_hint.text()


def test_new_alliance_dialog_refuses_until_valid(qtbot) -> None:
    """Create does nothing but show messages while required fields are empty."""
    dialog = NewAllianceDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()
    assert dialog.isVisible() and dialog.draft is None
    assert dialog.form.errors["name"].text() == "This is required."
    assert dialog.form.errors["partner"].text() == "This is required."
    qtbot.keyClicks(dialog.form.name, "Polaris data alliance")
    qtbot.keyClicks(dialog.form.partner, "Sirius Labs")
    dialog.form.financial_value.setText("-5")
    dialog.accept()
    assert dialog.draft is None and "negative" in dialog.form.errors["financial_value"].text()
    dialog.form.financial_value.setText("7.5")
    dialog.accept()
    assert dialog.draft is not None and dialog.draft.financial_value == 7.5
    assert dialog.result() == dialog.DialogCode.Accepted


@pytest.fixture
def typed_dialog(monkeypatch):
    """The New alliance dialog, answered as a user would type it."""

    class Typed(NewAllianceDialog):
        def exec(self) -> int:
            self.form.name.setText("Polaris data alliance")
            self.form.partner.setText("Sirius Labs")
            self.form.criticality.setValue(5)
            self.form.complexity.setValue(5)
            self.accept()
            return int(self.result())

    monkeypatch.setattr(portfolio_ui, "NewAllianceDialog", Typed)


def test_first_alliance_from_the_welcome_page(make_window, qtbot, typed_dialog) -> None:
    """Create my first alliance → the dialog → the alliance is saved, shown and undoable."""
    window, _ = make_window()
    qtbot.mouseClick(window.today.welcome.buttons[0], Qt.MouseButton.LeftButton)
    (created,) = portfolio.list_alliances(window.desk.store)
    assert created.name == "Polaris data alliance" and created.tier == 1
    assert window.current_section() == "portfolio"
    assert window.portfolio.detail.alliance.id == created.id
    assert window.alliance_selector.currentData() == created.id
    window.desk.undo_stack.undo()
    assert portfolio.list_alliances(window.desk.store) == []
    assert window.portfolio.pages.currentWidget() is window.portfolio.empty
    window.desk.undo_stack.redo()
    assert [a.id for a in portfolio.list_alliances(window.desk.store)] == [created.id]


def test_delete_and_undo(demo_window, qtbot) -> None:
    """Delete removes the selected alliance; undo brings it back whole."""
    demo_window.show_section("portfolio")
    view = demo_window.portfolio
    before = portfolio.list_alliances(demo_window.desk.store)
    victim = view.detail.alliance
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    after = portfolio.list_alliances(demo_window.desk.store)
    assert victim.id not in {a.id for a in after} and len(after) == len(before) - 1
    assert "Undo with Ctrl+Z" in demo_window.statusBar().currentMessage()
    demo_window.desk.undo_stack.undo()
    assert portfolio.list_alliances(demo_window.desk.store) == before


def test_save_failure_is_reported_and_not_recorded(demo_window, messages) -> None:
    """If the file refuses the write, the user is told and no phantom undo step is left."""
    demo_window.show_section("portfolio")
    from sqlalchemy import event  # test-only: simulate a file that became read-only

    store = demo_window.desk.store
    store.engine.dispose()
    event.listen(store.engine, "connect", lambda c, _r: c.execute("PRAGMA query_only=ON"))
    detail = demo_window.portfolio.detail
    detail.form.partner.setText("Changed")
    detail.save()
    assert messages and "read-only" in messages[-1][1]
    assert demo_window.desk.undo_stack.count() == 0
    assert detail.form.partner.text() == "Changed"  # the typing is kept for another try


def test_an_edit_made_elsewhere_is_never_overwritten_silently(demo_window, messages) -> None:
    """A teammate (or a second window) saves the alliance first: my save is refused with a
    message, my typing stays in the form, and saving again — now knowingly — replaces theirs."""
    from dataclasses import replace

    from alliance_desk.store.database import open_store

    demo_window.show_section("portfolio")
    detail = demo_window.portfolio.detail
    alliance = detail.alliance
    other = open_store(demo_window.desk.store.path, start_backup=False)
    try:
        mine = portfolio.get_alliance(other, alliance.id)
        portfolio.update_alliance(
            other,
            alliance.id,
            replace(mine.draft(), partner="Theirs"),
            expected_version=mine.version,
        )
    finally:
        other.close()
    detail.form.partner.setText("Mine")
    detail.save()
    assert messages and "changed elsewhere" in messages[-1][1]
    assert detail.form.partner.text() == "Mine"
    assert portfolio.get_alliance(demo_window.desk.store, alliance.id).partner == "Theirs"
    detail.save()
    assert portfolio.get_alliance(demo_window.desk.store, alliance.id).partner == "Mine"


def test_undo_never_overwrites_a_change_made_elsewhere_since(demo_window, messages) -> None:
    from dataclasses import replace

    from alliance_desk.store.database import open_store

    demo_window.show_section("portfolio")
    detail = demo_window.portfolio.detail
    alliance_id = detail.alliance.id
    detail.form.partner.setText("Mine")
    detail.save()
    assert not messages
    other = open_store(demo_window.desk.store.path, start_backup=False)
    try:
        theirs = portfolio.get_alliance(other, alliance_id)
        portfolio.update_alliance(
            other,
            alliance_id,
            replace(theirs.draft(), partner="Theirs"),
            expected_version=theirs.version,
        )
    finally:
        other.close()
    demo_window.desk.undo_stack.undo()
    assert messages and "not undone" in messages[-1][1]
    assert portfolio.get_alliance(demo_window.desk.store, alliance_id).partner == "Theirs"


def test_a_filter_matching_nothing_says_so_and_shows_no_old_alliance(demo_window, qtbot) -> None:
    """The list went blank and the panel kept the last alliance's values, greyed, under "No
    alliance selected"."""
    demo_window.show_section("portfolio")
    view = demo_window.portfolio
    qtbot.keyClicks(view.text_filter, "zzz")
    said = view.table.viewport().findChildren(QLabel)
    assert [label.text() for label in said if label.isVisible()] == [
        "Nothing matches “zzz”. Clear the filter to see all."
    ]
    assert view.detail.title.text() == "No alliance selected"
    assert not view.detail.form.isVisible() and not view.detail.history.isVisible()
    view.text_filter.clear()
    assert not any(label.isVisible() for label in said)
    assert view.detail.form.isVisible() and view.detail.alliance is not None


def test_the_escalation_log_says_when_its_filter_matches_nothing(demo_window, qtbot) -> None:
    demo_window.show_section("escalations")
    log = demo_window.escalations
    qtbot.keyClicks(log.text_filter, "no such words anywhere")
    qtbot.waitUntil(lambda: log.model.rowCount() == 0)
    said = [w for w in log.table.viewport().findChildren(QLabel) if w.isVisible()]
    assert [w.text() for w in said] == [
        "Nothing matches “no such words anywhere”. Clear the filter to see all."
    ]
