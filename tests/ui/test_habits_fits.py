"""Habits on a laptop: the selected habit's strength chart and its weekly target are shown
whole at 1024×700 and 1440×900 (the chart was half hidden in a small scrolling pane), and
the habits table keeps its week and strength columns beside them."""

from __future__ import annotations

import math

import pytest

from tests.ui.test_fits import SIZES, settle, show_at
from tests.ui.test_today_fits import hidden_part


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_strength_chart_and_target_show_whole(demo_window, size) -> None:
    view = show_at(demo_window, "habits", size)
    for row in range(view.model.rowCount()):  # whichever habit is selected
        view.table.selectRow(row)
        settle()
        chart = view.strength_line
        assert chart.points, "the demo has weeks of strength to draw"
        assert hidden_part(chart) == "", f"the chart is {hidden_part(chart)}"
        assert chart.height() >= chart.minimumHeight() >= 100
        assert hidden_part(view.target) == "", f"the target is {hidden_part(view.target)}"
        # The habit's words show whole on either screen: on a laptop the last of its three
        # suggestions scrolled out of view above a chart that had room to spare.
        words = view.habit_text.parentWidget().parentWidget().parentWidget()
        assert words.verticalScrollBar().maximum() == 0, view.habit_text.text()
    hidden = [
        view.model.headerData(c, view.table.horizontalHeader().orientation())
        for c in range(view.model.columnCount())
        if view.table.isColumnHidden(c)
    ]
    assert "Strength" not in hidden and "This week" not in hidden, f"stepped aside: {hidden}"
    table = view.table
    for row in range(view.model.rowCount()):  # "Manage and engage stakehold…" at 1024×700
        name = view.model.index(row, 0)
        assert table.sizeHintForIndex(name).width() <= table.columnWidth(0), name.data()


def test_a_paused_habit_says_so(demo_window) -> None:
    """The target's shorter words (" a week") still say what 0 means."""
    view = demo_window.view("habits")
    view.target.blockSignals(True)
    view.target.setValue(0)
    assert view.target.text() == "paused"
    view.target.setValue(3)
    assert view.target.text() == "3 a week"
    view.target.blockSignals(False)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_each_check_in_names_its_habit_whole(demo_window, size) -> None:
    """ "Manage and engage st…" in the week's check-ins at 1024×700: a habit is one of seven,
    its name reads whole beside what was done (whose typical line stays whole too)."""
    window = demo_window
    window.resize(*size)
    window.show_section("habits")
    view = window.view("habits")
    view.tabs.setCurrentIndex(0)
    settle()
    table, model = view.checkins, view.checkins.model()
    assert model.rowCount() >= 1, "the demo has check-ins this week, on a Monday too"
    for row in range(model.rowCount()):
        habit = model.index(row, 1)
        assert table.sizeHintForIndex(habit).width() <= table.columnWidth(1), habit.data()
    what = sorted(
        table.sizeHintForIndex(model.index(row, 2)).width() for row in range(model.rowCount())
    )
    assert what[len(what) // 2] <= table.columnWidth(2), "a typical check-in reads whole"


def _ink_rows(widget) -> list[tuple[int, int]]:
    """The runs of pixel rows of `widget` that hold text: (first row, row after the last)."""
    from PySide6.QtGui import QColor

    image = widget.grab().toImage()
    paper = widget.palette().window().color().lightness()
    scale = image.devicePixelRatio()  # rows of device pixels, returned in the widget's own
    runs: list[tuple[int, int]] = []
    start = None
    for y in range(image.height()):
        inked = any(
            abs(QColor(image.pixel(x, y)).lightness() - paper) > 80
            for x in range(0, image.width(), 2)
        )
        if inked and start is None:
            start = y
        elif not inked and start is not None:
            runs.append((start, y))
            start = None
    if start is not None:
        runs.append((start, image.height()))
    return [(int(top / scale), math.ceil(end / scale)) for top, end in runs]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_habit_s_words_end_on_a_whole_line(demo_window, size) -> None:
    """Where the habit's words scroll, the last line in view is whole: the bottom of the
    scrolling box never cuts through a line of text (at 1024×700 the top half of a line
    showed above the chart)."""
    from PySide6.QtCore import QPoint

    view = show_at(demo_window, "habits", size)
    label = view.habit_text
    words = label.parentWidget().parentWidget().parentWidget()
    for row in range(view.model.rowCount()):
        view.table.selectRow(row)
        settle()
        words.verticalScrollBar().setValue(0)
        shown = words.viewport().height() - label.mapTo(words.viewport(), QPoint(0, 0)).y()
        cut = [(top, end) for top, end in _ink_rows(label) if top < shown < end]
        assert not cut, f"{label.text().splitlines()[0]}: a line cut at {shown} px: {cut}"


def test_the_habit_s_name_stands_apart_from_its_words(demo_window) -> None:
    """The selected habit's name is bold above its plain description (it read as the first
    line of one block of text)."""
    from PySide6.QtGui import QFont, QTextDocument

    demo_window.show_section("habits")
    view = demo_window.view("habits")
    view.table.selectRow(0)
    settle()
    line = view.model.row_at(0)
    document = QTextDocument()
    document.setHtml(view.habit_text.text())
    assert document.toPlainText().splitlines()[:2] == [line.habit.name, line.habit.description]
    bold = {}
    block = document.begin()
    while block.isValid():
        for piece in block.textFormats():
            text = block.text()[piece.start : piece.start + piece.length]
            for part in text.split("\u2028"):
                if part:
                    bold[part] = piece.format.fontWeight() >= QFont.Weight.Bold
        block = block.next()
    assert bold[line.habit.name] is True
    assert bold[line.habit.description] is False
