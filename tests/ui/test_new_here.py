"""Ctrl+N makes a new one of what the section in front of the user holds: it always made an
alliance, switching to Portfolio and leaving the user there after Cancel."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.helpers import answer_dialog


def _ctrl_n(window, qtbot) -> list[str]:
    """Ctrl+N; the title of the dialog it opened (cancelled)."""
    titles: list[str] = []

    def look(dialog) -> None:
        titles.append(dialog.windowTitle())
        dialog.reject()

    answer_dialog(qtbot, look)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    return titles


@pytest.mark.parametrize(
    ("section", "tab", "title", "named"),
    [
        ("stakeholders", None, "Add a person", "New person…"),
        ("escalations", None, "Raise an escalation", "New escalation…"),
        ("risks", "risks", "Add a risk", "New risk…"),
        ("risks", "decisions", "Add a decision", "New decision…"),
        ("risks", "obligations", "Add an obligation", "New obligation…"),
        ("risks", "insights", "Add an insight", "New partner insight…"),
        ("value", "milestones", "Add a milestone", "New milestone…"),  # made an alliance
        ("value", "kpis", "Add a KPI", "New KPI…"),
        ("habits", None, "Check in", "New check-in…"),
        ("portfolio", None, "New alliance", "New alliance…"),
    ],
)
def test_ctrl_n_makes_what_the_section_holds_and_stays_there(
    demo_window, qtbot, section, tab, title, named
) -> None:
    halo = demo_window.alliance_selector.itemData(1)
    demo_window.desk.select_alliance(halo)  # one alliance in focus: no "which one?" first
    demo_window.show_section(section)
    if tab is not None:
        view = demo_window.view(section)
        view.tabs.setCurrentWidget(getattr(view, tab))
    titles = _ctrl_n(demo_window, qtbot)
    assert len(titles) == 1 and titles[0].startswith(title)
    assert demo_window.current_section() == section  # after Cancel too
    add_menu = next(a.menu() for a in demo_window.menuBar().actions() if a.text() == "&Add")
    add_menu.aboutToShow.emit()
    assert add_menu.actions()[0].text().replace("&", "") == named


def test_with_no_alliance_yet_ctrl_n_makes_one_from_any_section(
    make_window, tmp_path, qtbot
) -> None:
    from PySide6.QtWidgets import QApplication

    window, error = make_window(db=str(tmp_path / "empty.sqlite3"))
    assert error is None
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.show_section("escalations")
    titles = _ctrl_n(window, qtbot)
    assert len(titles) == 1 and titles[0].startswith("New alliance")


def test_go_to_anything_names_ctrl_n_for_the_section_and_new_alliance_as_everywhere(
    demo_window,
) -> None:
    """The palette called the toolbar's "New alliance" "Add an alliance"; Ctrl+N's command
    is listed by what it makes in the section shown."""
    from alliance_desk.ui.palette import CommandSource

    demo_window.show_section("stakeholders")
    texts = [entry.text for entry in CommandSource(demo_window.commands).entries("new")]
    assert "New person" in texts
    assert any(text.startswith("New alliance") for text in texts)
    assert not any(text.startswith("Add an alliance") for text in texts)
