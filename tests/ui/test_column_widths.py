"""Columns are measured as Qt measures them, for less: the width each column's contents need
is what `QTableView.sizeHintForColumn` gives over the same rows (so no text is cut that Qt's
own measure would show whole), in every table of every section, with texts in many scripts."""

from __future__ import annotations

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTableView

from alliance_desk.ui.table_fit import FIT_ROWS, ColumnFitter, content_width
from tests.ui.test_fits import screens, settle


def test_every_table_measures_its_columns_as_qt_does(demo_window) -> None:
    window = demo_window
    window.resize(1440, 881)
    measured = 0
    for _where in screens(window):
        settle()
        for table in window.findChildren(QTableView):
            if not table.isVisible() or not table.findChildren(ColumnFitter):
                continue
            model = table.model()
            for column in range(model.columnCount()):
                assert content_width(table, column) == table.sizeHintForColumn(column), (
                    table.accessibleName(),
                    column,
                )
                measured += 1
    assert measured > 40


def test_the_widest_cell_is_found_whatever_its_place_or_script(qtbot) -> None:
    model = QStandardItemModel(FIT_ROWS, 1)
    for row in range(FIT_ROWS):
        model.setItem(row, 0, QStandardItem("short"))
    model.setItem(37, 0, QStandardItem("王芳 · Ελένη Παπαδοπούλου · جمال الدين"))
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    table.horizontalHeader().setResizeContentsPrecision(FIT_ROWS)
    assert content_width(table, 0) == table.sizeHintForColumn(0)
