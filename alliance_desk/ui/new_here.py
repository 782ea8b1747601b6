"""Ctrl+N makes a new one of what the section in front of you holds.

It always made a new alliance: from the risk register or the stakeholder map it switched to
Portfolio, opened "New alliance", and left the user there after Cancel (a screenshot review).
Now it is a new person on Stakeholders, a plan on Onboarding, an escalation on Escalations,
a risk, decision, obligation, meeting, insight or health check on the Risks & decisions tab
shown, a check-in on Habits — and an alliance on Today, Portfolio, Packs and Value, or while
the portfolio holds none (everything else belongs to one). The command's name in the File menu
and the palette says which.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

from alliance_desk.ui.i18n import QT_TRANSLATE_NOOP, translate

if TYPE_CHECKING:
    from alliance_desk.ui.main_window import MainWindow

ALLIANCE = QT_TRANSLATE_NOOP("NewHere", "&New alliance…")
# section: (the command's name, the window's method making one)
SECTIONS = {
    "stakeholders": (QT_TRANSLATE_NOOP("NewHere", "&New person…"), "add_person"),
    "onboarding": (QT_TRANSLATE_NOOP("NewHere", "&New onboarding plan…"), "start_onboarding"),
    "escalations": (QT_TRANSLATE_NOOP("NewHere", "&New escalation…"), "raise_escalation"),
    "habits": (QT_TRANSLATE_NOOP("NewHere", "&New check-in…"), "check_in"),
}
# Risks & decisions: the tab shown (its attribute on the view) and what Ctrl+N makes there
TABS = {
    "risks": QT_TRANSLATE_NOOP("NewHere", "&New risk…"),
    "decisions": QT_TRANSLATE_NOOP("NewHere", "&New decision…"),
    "obligations": QT_TRANSLATE_NOOP("NewHere", "&New obligation…"),
    "insights": QT_TRANSLATE_NOOP("NewHere", "&New partner insight…"),
    "meetings": QT_TRANSLATE_NOOP("NewHere", "&New meeting…"),
    "health": QT_TRANSLATE_NOOP("NewHere", "&New health check…"),
}


# Value: its registers' tabs and what Ctrl+N makes there (an alliance on the others)
VALUE_TABS = {
    "milestones": QT_TRANSLATE_NOOP("NewHere", "&New milestone…"),
    "kpis": QT_TRANSLATE_NOOP("NewHere", "&New KPI…"),
}


def _value_tab(window: MainWindow) -> str | None:
    """Value's register shown, if one is (Ctrl+N there made an alliance, and left Value)."""
    view = window._built.get("value")
    if view is None:
        return None
    shown = view.tabs.currentWidget()  # type: ignore[attr-defined]
    return next((name for name in VALUE_TABS if getattr(view, name, None) is shown), None)


def _tab(window: MainWindow) -> str:
    """The Risks & decisions tab shown ("risks" before the section is built)."""
    view = window._built.get("risks")
    if view is None:
        return "risks"
    shown = view.tabs.currentWidget()  # type: ignore[attr-defined]
    return next((name for name in TABS if getattr(view, name, None) is shown), "risks")


def what_new_makes(window: MainWindow) -> tuple[str, Callable[[], object]]:
    """(the command's name, what it does) for the section in front of the user."""
    section = window.current_section()
    holds_alliances = window.alliance_selector.count() > 1  # beyond "All alliances"
    if window.desk.store is None or not holds_alliances:
        return translate("NewHere", ALLIANCE), window.new_alliance
    if section in SECTIONS:
        name, method = SECTIONS[section]
        return translate("NewHere", name), getattr(window, method)
    if section == "risks":
        tab = _tab(window)
        if tab == "meetings":
            return translate("NewHere", TABS[tab]), window.new_meeting
        if tab == "health":
            return translate("NewHere", TABS[tab]), window.new_health_check
        return translate("NewHere", TABS[tab]), lambda: window.add_to_register(tab)
    value_tab = _value_tab(window) if section == "value" else None
    if value_tab is not None:
        register = getattr(window.view("value"), value_tab)
        return translate("NewHere", VALUE_TABS[value_tab]), register.add
    return translate("NewHere", ALLIANCE), window.new_alliance


def new_here(window: MainWindow) -> None:
    what_new_makes(window)[1]()


def name_it(window: MainWindow, action: QAction) -> None:
    """The command's name for the section shown now (the File menu and the palette show it)."""
    action.setText(what_new_makes(window)[0])
