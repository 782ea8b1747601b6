"""Commands that show a section's tab, for the palette (Ctrl+K).

"decision" in the palette found only "Show Risks & decisions", which opens on the risk
register: the decision log, obligations, meetings, the scorecard … were a click away with
the mouse and nowhere for the keyboard. Each tab is now a command the palette finds by its
name (tests check each names its tab).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

from alliance_desk.ui.i18n import QT_TRANSLATE_NOOP, translate
from alliance_desk.ui.section_focus import focus_content
from alliance_desk.ui.sections import SECTIONS

if TYPE_CHECKING:
    from alliance_desk.ui.main_window import MainWindow

# (section, the tab's place in it, its name as the tab shows it)
TABS = (
    ("risks", 0, QT_TRANSLATE_NOOP("TabCommands", "Risk register")),
    ("risks", 1, QT_TRANSLATE_NOOP("TabCommands", "Decision log")),
    ("risks", 2, QT_TRANSLATE_NOOP("TabCommands", "Obligations")),
    ("risks", 3, QT_TRANSLATE_NOOP("TabCommands", "Committees & meetings")),
    ("risks", 4, QT_TRANSLATE_NOOP("TabCommands", "Partner insights")),
    ("risks", 5, QT_TRANSLATE_NOOP("TabCommands", "Health checks")),
    ("value", 0, QT_TRANSLATE_NOOP("TabCommands", "Risk × value")),
    ("value", 1, QT_TRANSLATE_NOOP("TabCommands", "Milestones")),
    ("value", 2, QT_TRANSLATE_NOOP("TabCommands", "Scorecard")),
    ("value", 3, QT_TRANSLATE_NOOP("TabCommands", "Practice baseline")),
    ("escalations", 1, QT_TRANSLATE_NOOP("TabCommands", "Age by alliance")),
    ("habits", 1, QT_TRANSLATE_NOOP("TabCommands", "Weekly reviews")),
    ("habits", 2, QT_TRANSLATE_NOOP("TabCommands", "The last 52 weeks")),
    ("stakeholders", 1, QT_TRANSLATE_NOOP("TabCommands", "Needs attention")),
    ("stakeholders", 2, QT_TRANSLATE_NOOP("TabCommands", "Contact log")),
)


def show_tab(window: MainWindow, section: str, index: int) -> None:
    """The section, on its tab `index`, with the keyboard in the tab's list."""
    window.show_section(section)
    tabs = window.view(section).tabs  # type: ignore[attr-defined]
    tabs.setCurrentIndex(index)
    focus_content(tabs.currentWidget())


def tab_commands(window: MainWindow) -> list[QAction]:
    """One command per tab, named "Decision log — show it in Risks & decisions"."""
    made = []
    titles = {section.key: section.title for section in SECTIONS}
    for section, index, name in TABS:
        action = QAction(translate("TabCommands", name).replace("&", "&&"), window)
        action.setStatusTip(
            translate("TabCommands", "{tab} — show it in {section}").format(
                tab=translate("TabCommands", name), section=translate("Section", titles[section])
            )
        )
        action.triggered.connect(lambda _c=False, s=section, i=index: show_tab(window, s, i))
        made.append(action)
    return made
