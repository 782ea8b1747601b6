"""Only the list the keyboard is in shows its selection in the accent: Today's to-do list and
its coming meetings both showed theirs in the same teal, so where Enter, Space or L would act
was a guess. Another list's selection is a pale tint, drawn so (pixels), and follows the
focus as it moves; a list that takes no focus (a search's results) keeps the accent."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from alliance_desk.ui.focus_selection import is_active
from tests.ui.test_fits import settle


def _selected_pixel(view) -> QColor:
    index = view.selectionModel().selectedIndexes()[0]
    rect = view.visualRect(index)
    image = view.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    return image.pixelColor(int((rect.right() - 4) * ratio), int(rect.center().y() * ratio))


def _near(one: QColor, other: QColor) -> bool:
    """The same colour, give or take Fusion's shading of a selection."""
    return max(abs(a - b) for a, b in zip(one.getRgb(), other.getRgb(), strict=True)) <= 8


def test_the_list_with_the_keyboard_alone_shows_its_selection_in_the_accent(demo_window) -> None:
    demo_window.show_section("today")
    today = demo_window.today
    tasks, meetings = today.list, today.meetings
    assert tasks.model().rowCount() and meetings.count()
    meetings.setCurrentRow(0)
    accent = QApplication.palette().color(QPalette.ColorRole.Highlight)
    tasks.setFocus()
    settle()
    assert tasks.hasFocus() and is_active(tasks) and not is_active(meetings)
    assert _near(_selected_pixel(tasks), accent)
    tint = _selected_pixel(meetings)
    assert not _near(tint, accent) and tint.lightness() > accent.lightness() + 60, tint.name()
    meetings.setFocus()
    settle()
    assert is_active(meetings) and not is_active(tasks)
    assert _near(_selected_pixel(meetings), accent)
    assert not _near(_selected_pixel(tasks), accent)


def test_a_search_s_results_keep_the_accent_though_the_keyboard_is_in_its_line(
    demo_window, qtbot
) -> None:
    from alliance_desk.ui.palette import Palette
    from tests.helpers import answer_dialog

    seen: list[bool] = []

    def look(dialog) -> None:
        assert isinstance(dialog, Palette)
        qtbot.keyClicks(dialog.search.line, "risk")
        seen.append(is_active(dialog.search.table))
        dialog.reject()

    answer_dialog(qtbot, look)
    demo_window.show_palette()
    assert seen == [True]
