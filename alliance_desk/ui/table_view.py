"""The table every list in the app is shown in (`make_table`), and keeping one of its rows
current: `select_row`, `Selection`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QAbstractTableModel, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from alliance_desk.ui.table_fit import FIT_ROWS, ColumnFitter

if TYPE_CHECKING:
    from alliance_desk.ui.table_model import RowTableModel


def make_table(
    model: QAbstractTableModel,
    sort_column: int | None = 0,
    descending: bool = False,
    *,
    stretch: int = 0,
    name: str = "",
) -> QTableView:
    """A read-only, single-row-selection table as every list in the app uses; sortable by
    clicking a header unless `sort_column` is None (rows then keep the order given). Its
    columns fit its width (`ColumnFitter`); column `stretch` takes the room left. `name`
    is what a screen reader calls it."""
    table = QTableView()
    table.setAccessibleName(name)
    table.setModel(model)
    if sort_column is not None:
        table.setSortingEnabled(True)
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        table.sortByColumn(sort_column, order)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    # Rows are chosen whole: Tab moves the keyboard on, not to the next cell (and row).
    table.setTabKeyNavigation(False)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setDefaultSectionSize(110)
    table.horizontalHeader().setStretchLastSection(False)
    # Columns are sized from the rows on screen and a few screens more, not from every row
    # read (Qt's default, 1,000 rows: twelve columns of 200 rows cost 150 ms to measure).
    table.horizontalHeader().setResizeContentsPrecision(FIT_ROWS)
    ColumnFitter(table, stretch)  # owned by the table (its Qt parent)
    return table


def select_row(table: QTableView, row: int) -> None:
    """Make `row` the current, selected row (or clear the selection for -1)."""
    if row < 0:
        table.selectionModel().clearCurrentIndex()  # a click on any row is then a move
        table.clearSelection()
        return
    table.selectionModel().setCurrentIndex(
        table.model().index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )


class Selection:
    """Keeps one row of a table current and shown beside it.

    `show(row or None)` runs when the user moves to another row, and when code calls
    `select(id)`; selecting from code never echoes back as a move of the user's. `ident(row)`
    says which id a row stands for. When the id is not listed, the first row is shown.
    """

    def __init__(
        self, table: QTableView, show: Callable[[Any], None], ident: Callable[[Any], Any]
    ) -> None:
        self.table, self.show, self.ident = table, show, ident
        self._selecting = False
        table.selectionModel().currentRowChanged.connect(self._moved)

    def select(self, wanted: Any, *, or_first: bool = True) -> None:
        """Show the row of `wanted`; when it is not listed, the first row (`or_first`) or none:
        after a filter hid it, nothing is selected, so no command acts on a hidden row."""
        model = cast("RowTableModel[Any]", self.table.model())
        row = model.locate(wanted, self.ident)
        if row < 0 and model.rowCount() and or_first:
            row = 0
        self._selecting = True
        try:
            select_row(self.table, row)
            self.show(model.row_at(row) if row >= 0 else None)
        finally:
            self._selecting = False

    def _moved(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._selecting and current.isValid():
            # A current row is a selected one: the keyboard coming into a table with none
            # made its first row current (and shown beside it) without highlighting it.
            chosen = self.table.selectionModel()
            if not chosen.isRowSelected(current.row(), current.parent()):
                chosen.select(
                    current,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
            self.show(cast("RowTableModel[Any]", self.table.model()).row_at(current.row()))
