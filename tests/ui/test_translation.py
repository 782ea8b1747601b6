"""With a translation installed, the window speaks it: every menu, command, section name, tab,
button and column title in every section passes through Qt's translator (a translator that
marks what it translates finds no unmarked one), and so do the words core hands to the window
(a risk's status, a person's stance and side, a quadrant, a level); a real .qm file for the
user's locale is found and loaded at start."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTranslator
from PySide6.QtWidgets import QAbstractButton, QTableView, QTabWidget

from alliance_desk.store.portfolio import list_alliances
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


# Columns whose cells are words core hands out (an enum's label, a level's name).
CORE_WORDS = {
    "Type",
    "Phase",
    "Level",
    "Severity",
    "Category",
    "Status",
    "Implementation",
    "Whose",
    "Quadrant",
    "Trend",
    "Side",
    "Stance",
}
# Where they must be found (section, column): a column renamed or gone fails here, not silently.
MUST_SEE = {
    ("portfolio", "Phase"),
    ("escalations", "Level"),
    ("escalations", "Severity"),
    ("risks", "Status"),
    ("risks", "Implementation"),
    ("stakeholders", "Stance"),
    ("stakeholders", "Side"),
    ("value", "Quadrant"),
}


def core_cells(window, where: str) -> tuple[set[tuple[str, str]], set[str]]:
    """The (section, column) pairs of core words on screen, and any cell not translated."""
    seen, found = set(), set()
    section = where.split(" › ")[0]
    for table in window.findChildren(QTableView):
        if not table.isVisible():
            continue
        model = table.model()
        for column in range(model.columnCount()):
            title = str(model.headerData(column, Qt.Orientation.Horizontal) or "").strip("«»")
            if title not in CORE_WORDS:
                continue
            seen.add((section, title))
            for row in range(min(model.rowCount(), 40)):
                text = str(model.data(model.index(row, column)) or "")
                if unmarked(text):
                    found.add(f"{where}: {title} {text!r}")
    return seen, found


def test_the_words_core_hands_the_window_are_translated(marked_window) -> None:
    """A risk's status, a decision's implementation, a person's stance and side, a level, a
    quadrant: words made in core, shown in the user's language like the window's own."""
    window = marked_window
    seen: set[tuple[str, str]] = set()
    found: set[str] = set()
    for alliance in (None, "HALO-7 oncology co-development"):
        if alliance is not None:  # the people's table shows one alliance's people
            window.desk.select_alliance(
                next(a.id for a in list_alliances(window.desk.store) if a.name == alliance)
            )
        for where, _view in screens(window):
            settle()
            more_seen, more_found = core_cells(window, where)
            seen |= more_seen
            found |= more_found
    assert not found, "\n".join(sorted(found))
    assert seen >= MUST_SEE, MUST_SEE - seen
