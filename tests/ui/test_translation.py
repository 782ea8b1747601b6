"""With a translation installed, the window speaks it: every menu, command, section name, tab,
button and column title in every section passes through Qt's translator (a translator that
marks what it translates finds no unmarked one)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QAbstractButton, QTableView, QTabWidget

from tests.ui.test_fits import screens, settle


class Marked(QTranslator):
    """Translates every text into itself between « »."""

    def translate(self, context, source, disambiguation=None, n=-1):
        return f"«{source}»"


@pytest.fixture
def marked_window(make_window, qapp):
    translator = Marked()
    qapp.installTranslator(translator)
    try:
        window, _error = make_window(demo=True)
        window.resize(1440, 900)
        yield window
    finally:
        qapp.removeTranslator(translator)


def unmarked(text: str) -> bool:
    words = text.replace("&", "").strip()
    return any(ch.isalpha() for ch in words) and "«" not in words


def test_every_command_and_section_name_is_translated(marked_window) -> None:
    window = marked_window
    found = [
        f"command {action.text()!r}"
        for action in window.findChildren(type(window.menuBar().actions()[0]))
        if action.text() and unmarked(action.text())
    ]
    found += [
        f"menu {menu.title()!r}"
        for menu in (a.menu() for a in window.menuBar().actions())
        if menu is not None and unmarked(menu.title())
    ]
    navigation = window.navigation
    found += [
        f"section {navigation.item(row).text()!r}"
        for row in range(navigation.count())
        if unmarked(navigation.item(row).text())
    ]
    assert not found, "\n".join(found)


def test_every_tab_button_and_column_title_is_translated(marked_window) -> None:
    window = marked_window
    found: set[str] = set()
    for where, _view in screens(window):
        settle()
        for tabs in window.findChildren(QTabWidget):
            found |= {
                f"{where}: tab {tabs.tabText(i)!r}"
                for i in range(tabs.count())
                if unmarked(tabs.tabText(i))
            }
        for button in window.findChildren(QAbstractButton):
            if button.isVisible() and unmarked(button.text()):
                found.add(f"{where}: button {button.text()!r}")
        for table in window.findChildren(QTableView):
            model, header = table.model(), table.horizontalHeader()
            found |= {
                f"{where}: column {model.headerData(c, header.orientation())!r}"
                for c in range(model.columnCount())
                if unmarked(str(model.headerData(c, header.orientation()) or ""))
            }
    assert not found, "\n".join(sorted(found))
