"""Every control a screen reader can land on says what it is: in every section and tab (on
"All alliances" and on one alliance) and in every dialog, each button, field, list, table and
tab bar has an accessible name — its own, its label's or its text. Tab moves through a
dialog's fields in reading order."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QStackedWidget,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from alliance_desk.store import portfolio
from alliance_desk.ui.sections import SECTIONS
from tests.ui.test_dialogs import _build, dialog_classes

CONTROLS = (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QTabBar,
)


def settle() -> None:
    for _ in range(4):
        QApplication.processEvents()


def interactive(widget: QWidget) -> bool:
    """A control the user (and a screen reader) can reach: one of CONTROLS, or anything that
    takes keyboard focus. Parts of another control (a combo's line, a table's header, a
    scroll bar) are announced as part of it."""
    if not widget.isVisible() or isinstance(widget, QScrollBar | QHeaderView):
        return False
    parent = widget.parentWidget()
    if isinstance(parent, QComboBox | QAbstractSpinBox | QAbstractItemView) or isinstance(
        parent and parent.parentWidget(), QAbstractItemView
    ):
        return False  # a combo's line, a table's corner button or a cell's editor
    if isinstance(parent, QAbstractScrollArea) and widget is parent.viewport():
        return False
    if isinstance(widget, QTabWidget | QStackedWidget):
        return False  # containers: focus goes on to their tab bar or page
    return isinstance(widget, CONTROLS) or widget.focusPolicy() != Qt.FocusPolicy.NoFocus


def accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface is not None else ""


def unnamed(root: QWidget, where: str) -> set[str]:
    """The controls in `root` a screen reader would not name. A list box or a number box
    falls back on its value ("All levels", "3"), which says nothing of what it is for: it
    needs a name of its own or a label that is its buddy."""
    buddies = {label.buddy() for label in root.findChildren(QLabel) if label.buddy()}

    def named(widget: QWidget) -> bool:
        if isinstance(widget, QComboBox | QAbstractSpinBox):
            return bool(widget.accessibleName()) or widget in buddies
        return bool(accessible_name(widget))

    return {
        f"{where}: {type(w).__name__} in {type(w.parentWidget()).__name__}"
        f" {getattr(w, 'placeholderText', lambda: '')()!r}"
        for w in root.findChildren(QWidget)
        if interactive(w) and not named(w)
    }


def every_screen(window):
    for section in SECTIONS:
        window.show_section(section.key)
        settle()
        tabs = window.view(section.key).findChild(QTabWidget)
        for index in range(tabs.count() if tabs else 1):
            if tabs:
                tabs.setCurrentIndex(index)
                settle()
            yield section.key + (f" › {tabs.tabText(index)}" if tabs else "")


@pytest.mark.parametrize("alliance", ["all", "one"])
def test_every_control_of_every_section_has_a_name(demo_window, alliance) -> None:
    window = demo_window
    window.resize(1440, 881)
    if alliance == "one":
        window.desk.select_alliance(portfolio.list_alliances(window.desk.store)[0].id)
    found: set[str] = set()
    for where in every_screen(window):
        found |= unnamed(window, where)
    assert not found, "\n".join(sorted(found))


@pytest.mark.parametrize("name", sorted(dialog_classes()))
def test_every_control_of_every_dialog_has_a_name(name, demo_window, qtbot, tmp_path) -> None:
    dialog = _build(name, dialog_classes()[name], demo_window, tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    settle()
    found = unnamed(dialog, name)
    assert not found, "\n".join(sorted(found))


def reading_order(widgets: list[QWidget], root: QWidget) -> list[QWidget]:
    def place(widget: QWidget) -> tuple[int, int]:
        corner = widget.mapTo(root, QPoint(0, 0))
        return corner.y() // 12, corner.x()  # a row: within 12 pixels of height

    return sorted(widgets, key=place)


def tab_order(root: QWidget) -> tuple[list[str], list[str]]:
    """(the fields of `root` as Tab visits them from the first, as they read on screen)."""
    fields = [
        w
        for w in root.findChildren(QWidget)
        if interactive(w)
        and w.isEnabled()
        and w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and not isinstance(w, QAbstractButton | QTabBar)  # buttons: along the bottom
    ]
    expected = reading_order(fields, root)
    visited: list[QWidget] = []
    widget = expected[0] if expected else root
    for _ in range(500):
        if widget in fields and widget not in visited:
            visited.append(widget)
        widget = widget.nextInFocusChain()
        if widget is root or (expected and widget is expected[0]):
            break

    def names(widgets: list[QWidget]) -> list[str]:
        return [f"{type(w).__name__} {accessible_name(w)!r}" for w in widgets]

    return names(visited), names(expected)


@pytest.mark.parametrize("name", sorted(dialog_classes()))
def test_tab_goes_through_a_dialog_in_reading_order(name, demo_window, qtbot, tmp_path) -> None:
    """From the first field, Tab reaches each field once, top to bottom, left to right."""
    dialog = _build(name, dialog_classes()[name], demo_window, tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    settle()
    visited, expected = tab_order(dialog)
    assert visited == expected


def test_tab_goes_through_each_detail_form_in_reading_order(demo_window) -> None:
    """The record forms beside the lists (alliance, escalation, risk…) read top to bottom."""
    from alliance_desk.ui.forms import FieldForm

    window = demo_window
    window.resize(1440, 881)
    window.desk.select_alliance(portfolio.list_alliances(window.desk.store)[0].id)
    checked = 0
    for where in every_screen(window):
        for form in window.findChildren(FieldForm):
            if form.isVisible():
                visited, expected = tab_order(form)
                assert visited == expected, where
                checked += 1
    assert checked >= 6


def test_a_translation_reaches_column_titles_and_control_names(make_window, qapp) -> None:
    """Strings go through Qt's translator: installed, it changes what the window says."""
    from PySide6.QtCore import QTranslator

    class Marked(QTranslator):
        def translate(self, context, source, disambiguation=None, n=-1):
            return f"«{source}»"

    translator = Marked()
    qapp.installTranslator(translator)
    try:
        window, _error = make_window(demo=True)
        window.show_section("portfolio")
        view = window.view("portfolio")
        title = view.table.model().headerData(0, Qt.Orientation.Horizontal)
        assert title == "«Alliance»"
        assert view.text_filter.accessibleName() == "«Filter alliances»"
    finally:
        qapp.removeTranslator(translator)
