"""A table too narrow for all its columns says which it left out and reads their values in a
row's tooltip (ui/left_out.py): at 1024 pixels nothing is out of reach."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from alliance_desk.ui import left_out
from alliance_desk.ui.table_model import RowTableModel
from alliance_desk.ui.table_view import make_table
from tests.ui.test_fits import four_columns, settle

LONG = "A decision with a very long title that no narrow table can show in full"


def _table(qtbot, width: int):
    model = RowTableModel(four_columns())
    model.set_rows(
        [(LONG, "rarely needed words", "Pending", "Mara Lindqvist"), ("Short", "", "Done", "")]
    )
    table = make_table(model)
    qtbot.addWidget(table)
    table.show()
    table.resize(width, 200)
    settle()
    return table


@pytest.fixture(autouse=True)
def shown(monkeypatch) -> list[str]:
    """The tooltips shown (the offscreen platform cannot raise a real one)."""
    texts: list[str] = []
    monkeypatch.setattr(QToolTip, "showText", lambda _at, text, *_rest: texts.append(text))
    return texts


def _tip(shown: list[str], widget, at: QPoint) -> str:
    """The text the tooltip event at `at` shows."""
    shown.clear()
    event = QHelpEvent(QEvent.Type.ToolTip, at, widget.mapToGlobal(at))
    QApplication.sendEvent(widget, event)
    return shown[-1] if shown else ""


def _cell(table, row: int, column: int) -> QPoint:
    return table.visualRect(table.model().index(row, column)).center()


def test_a_row_tooltip_reads_the_columns_the_width_left_out(qtbot, shown) -> None:
    table = _table(qtbot, 420)
    assert [table.isColumnHidden(c) for c in range(4)] == [False, True, False, True]
    tip = _tip(shown, table.viewport(), _cell(table, 0, 2))
    assert tip.splitlines() == [
        "Pending",
        "Extra detail: rarely needed words",
        "Owner: Mara Lindqvist",
    ]
    # the name, cut, is whole first; a row's empty values are not listed
    assert _tip(shown, table.viewport(), _cell(table, 0, 0)).splitlines()[0] == LONG
    assert _tip(shown, table.viewport(), _cell(table, 1, 0)).splitlines() == ["Short"]


def test_the_header_names_the_columns_left_out_and_how_to_see_them(qtbot, shown) -> None:
    table = _table(qtbot, 420)
    header = table.horizontalHeader()
    at = QPoint(header.sectionViewportPosition(0) + 10, header.height() // 2)
    tip = _tip(shown, header.viewport(), at)
    assert "Extra detail, Owner" in tip and "widen the window" in tip


def test_a_table_wide_enough_leaves_its_tooltips_to_qt(qtbot) -> None:
    table = _table(qtbot, 900)
    assert not any(table.isColumnHidden(c) for c in range(4))
    header = table.horizontalHeader()
    for widget, at in ((table.viewport(), _cell(table, 0, 2)), (header.viewport(), QPoint(10, 5))):
        event = QHelpEvent(QEvent.Type.ToolTip, at, widget.mapToGlobal(at))
        assert not left_out.tooltip(table, widget, event, lambda _column: False)


def test_a_name_that_looks_like_markup_shows_as_typed(qtbot, shown) -> None:
    table = _table(qtbot, 420)
    table.model().set_rows([(f"<b>Bold</b> & co: {LONG}", "x", "Open", "Mara Lindqvist")])
    settle()
    assert table.isColumnHidden(3)
    tip = _tip(shown, table.viewport(), _cell(table, 0, 0)).replace("\xa0", " ")
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in tip and "<br" in tip and "<b>" not in tip
