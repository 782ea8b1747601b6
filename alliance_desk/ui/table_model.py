"""A read-only table model over rows the store returned, with sort keys and filter text
computed at most once per load (sorting through a proxy calls Python `data()` millions of
times), and a row's texts only when first shown, sorted or searched: a log of thousands shows
a screenful."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyleOptionViewItem, QTableView
from shiboken6 import isValid

from alliance_desk.ui.theme import readable

Row = TypeVar("Row")
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class Column(Generic[Row]):
    title: str
    text: Callable[[Row], str]
    key: Callable[[Row], Any] | None = None  # sort key; the text when None
    align_right: bool = False
    tooltip: Callable[[Row], str | None] | None = None
    colour: Callable[[Row], str | None] | None = None
    # When the table is too narrow for every column, the highest numbers step aside first
    # (the first column, the record's name, always shows).
    priority: int = 2


class RowTableModel(QAbstractTableModel, Generic[Row]):
    """Rows plus a column list; `set_rows`, `set_filter` and `sort` never query anything."""

    def __init__(self, columns: Sequence[Column[Row]], parent=None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        # Each entry: [row, its column texts or None, its search text or None], filled in
        # when first needed.
        self._all: list[list] = []
        self._rows: list[list] = []
        self._filter = ""
        self._accept: Callable[[Row], bool] | None = None
        self._sort: tuple[int, Qt.SortOrder] | None = None

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._all = [[row, None, None] for row in rows]
        self._apply()
        self.endResetModel()

    def replace_rows(self, fresh: Mapping[Any, Row], key: Callable[[Row], Any]) -> None:
        """Put new versions of some rows in place (`fresh`: key -> row); every other row
        keeps the texts already worked out for it (thousands, in the escalation log)."""
        self.beginResetModel()
        for entry in self._all:
            new = fresh.get(key(entry[0]))
            if new is not None:
                entry[:] = [new, None, None]
        self._apply()
        self.endResetModel()

    def all_rows(self) -> list[Row]:
        """Every row, shown or filtered out."""
        return [entry[0] for entry in self._all]

    def _texts(self, entry: list) -> list[str]:
        if entry[1] is None:
            entry[1] = [column.text(entry[0]) for column in self.columns]
        return entry[1]

    def _search_text(self, entry: list) -> str:
        if entry[2] is None:
            entry[2] = " ".join(self._texts(entry)).casefold()
        return entry[2]

    def set_filter(self, text: str) -> None:
        self.beginResetModel()
        self._filter = text.strip().casefold()
        self._apply()
        self.endResetModel()

    def set_predicate(self, accept: Callable[[Row], bool] | None) -> None:
        self.beginResetModel()
        self._accept = accept
        self._apply()
        self.endResetModel()

    def _apply(self) -> None:
        rows = self._all
        if self._filter:
            rows = [entry for entry in rows if self._filter in self._search_text(entry)]
        if self._accept is not None:
            rows = [entry for entry in rows if self._accept(entry[0])]
        if self._sort is not None:
            column, order = self._sort
            spec = self.columns[column]
            if (sort_key := spec.key) is not None:
                rows = sorted(rows, key=lambda entry: sort_key(entry[0]))
            else:
                rows = sorted(rows, key=lambda entry: self._texts(entry)[column].casefold())
            if order == Qt.SortOrder.DescendingOrder:
                rows.reverse()
        self._rows = list(rows)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._apply()
        self.layoutChanged.emit()

    def row_at(self, row: int) -> Row | None:
        return self._rows[row][0] if 0 <= row < len(self._rows) else None

    def find(self, match: Callable[[Row], bool]) -> int:
        for index, entry in enumerate(self._rows):
            if match(entry[0]):
                return index
        return -1

    def locate(self, wanted: Any, ident: Callable[[Row], Any]) -> int:
        """The row of the record `wanted` (by `ident`), or -1."""
        return self.find(lambda row: ident(row) == wanted)

    def visible_rows(self) -> list[Row]:
        return [entry[0] for entry in self._rows]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.columns)
        ):
            # Through the translator, so the app can be translated without touching each table.
            return QCoreApplication.translate("Column", self.columns[section].title)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry = self._rows[index.row()]
        row, spec = entry[0], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts(entry)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            # The whole text, for a cell too narrow for it (and a column's own words, if any).
            return (
                spec.tooltip(row)
                if spec.tooltip is not None
                else self._texts(entry)[index.column()] or None
            )
        if role == Qt.ItemDataRole.ForegroundRole and spec.colour is not None:
            colour = spec.colour(row)
            return readable(colour) if colour else None
        if role == Qt.ItemDataRole.TextAlignmentRole and spec.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


FIT_ROWS = 50  # rows a column's width is measured on: a screenful and more


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


class ColumnFitter(QObject):
    """Sizes a table's columns to their contents and keeps them inside its width, so no
    header is cut and nothing needs scrolling sideways: the `stretch` column (the name)
    always shows and takes the room left; when there is not room for every column, the
    least important ones (`Column.priority`) step aside. Measured again when the rows are
    replaced, fitted again when the table is resized."""

    MOST = 360  # no column wider than this by its contents alone

    def __init__(self, table: QTableView, stretch: int = 0) -> None:
        super().__init__(table)
        self.table, self.stretch = table, stretch
        self.widths: list[int] = []
        self._pending = False
        table.viewport().installEventFilter(self)
        model = table.model()
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted):
            signal.connect(self.later)
        self.later()

    def later(self, *_args: object) -> None:
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self.measure)

    def measure(self) -> None:
        self._pending = False
        if not isValid(self.table):
            return
        header = self.table.horizontalHeader()
        count = self.table.model().columnCount()
        self.widths = [
            min(
                self.MOST,
                max(header.sectionSizeFromContents(c).width(), content_width(self.table, c)),
            )
            + 4
            for c in range(count)
        ]
        self.fit()

    def fit(self) -> None:
        count = len(self.widths)
        available = self.table.viewport().width()
        if not count or available <= 0:
            return
        header = self.table.horizontalHeader()
        columns = getattr(self.table.model(), "columns", None)

        def priority(c: int) -> int:
            return columns[c].priority if columns and c < len(columns) else 2

        title = header.sectionSizeFromContents(self.stretch).width() + 4
        # The name gets up to a third of the width before other columns are shown.
        need = max(title, min(self.widths[self.stretch], max(180, available // 3)))
        used, shown = need, {self.stretch}
        others = sorted((c for c in range(count) if c != self.stretch), key=priority)
        short_of = None  # the first priority with a column left out: none less important shows
        for c in others:
            if short_of is not None and priority(c) > short_of:
                break
            if used + self.widths[c] <= available:
                shown.add(c)
                used += self.widths[c]
            else:
                short_of = priority(c)
        for c in range(count):
            self.table.setColumnHidden(c, c not in shown)
            if c in shown and c != self.stretch:
                header.resizeSection(c, self.widths[c])
        header.resizeSection(self.stretch, max(need, available - (used - need)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.widths:
            self.fit()
        elif event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.later()  # the desktop's font changed: the texts need other widths
        return False


def content_width(table: QTableView, column: int, candidates: int = 3) -> int:
    """The width `column`'s widest cell needs among the first `FIT_ROWS` rows, as
    `sizeHintForColumn` gives it, asked of the delegate only for the few cells whose text is
    widest (Qt asks it for every cell, each a dozen calls of the model's `data`: 10–30 ms a
    section each time it is shown again)."""
    model = table.model()
    rows = min(model.rowCount(), FIT_ROWS)
    if rows <= 0:
        return 0
    metrics = table.fontMetrics()

    def text_width(row: int) -> int:
        text = model.data(model.index(row, column))
        return metrics.horizontalAdvance(str(text)) if text is not None else 0

    option = QStyleOptionViewItem()
    table.initViewItemOption(option)
    delegate = table.itemDelegateForColumn(column) or table.itemDelegate()
    widest = heapq.nlargest(candidates, range(rows), key=text_width)
    grid = 1 if table.showGrid() else 0
    return max(delegate.sizeHint(option, model.index(row, column)).width() for row in widest) + grid


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
            self.show(cast("RowTableModel[Any]", self.table.model()).row_at(current.row()))
