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

from alliance_desk.ui.i18n import QT_TRANSLATE_NOOP
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
    # Names the alliance a row belongs to: shown only while the list spans several alliances
    # (`RowTableModel.set_across`), where rows of two alliances may otherwise read alike.
    names_alliance: bool = False
    # Names one of a few (an alliance in the portfolio, a habit): read whole where it fits,
    # as the meaning every row and not a typical one, as a short column its widest text.
    whole: bool = False


def alliance_column(name_of: Callable[[Row], str]) -> Column[Row]:
    """The column that says which alliance a row belongs to, on "All alliances"."""
    return Column(QT_TRANSLATE_NOOP("Column", "Alliance"), name_of, priority=1, names_alliance=True)


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
        self.across = True  # the rows may come from several alliances

    def set_across(self, across: bool) -> None:
        """Whether the rows may come from several alliances (the alliance column shows)."""
        if across != self.across:
            self.across = across
            if self.columns:
                self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)

    def hidden(self, column: int) -> bool:
        """Whether `column` has nothing to say of these rows (the alliance, of one)."""
        return not self.across and self.columns[column].names_alliance

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
            text = self._texts(entry)[index.column()]
            tip = spec.tooltip(row) if spec.tooltip is not None else None
            if tip and text and text not in tip:
                return f"{text}\n{tip}"
            return tip or text or None
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
    header is cut and nothing needs scrolling sideways. The `stretch` column carries the
    meaning (a risk, a decision, a note): it always shows and takes whatever the others
    leave. Another column shows only if the meaning keeps room for a typical row (up to
    two thirds of the width, for the important columns: `Column.priority` 0 and 1) or for
    its longest (up to half the width, for the rest); when one does not fit, none less
    important shows. The short columns are as wide as their texts, at most `SHORT`
    characters (an alliance's name `ALLIANCE`, more when the meaning has room to spare): a
    longer cell ends in "…", its tooltip whole, unless the meaning, whole, leaves it the room.
    Measured again when the rows are replaced, fitted again when the table is resized."""

    SHORT = 26  # average characters: the widest a short column grows by its contents
    ALLIANCE = 18  # and the alliance's name (whole in the tooltip)
    NAME = 180  # the narrowest the meaning column gets, while the table is this wide

    def __init__(self, table: QTableView, stretch: int = 0) -> None:
        super().__init__(table)
        self.table, self.stretch = table, stretch
        self.widths: list[int] = []
        self.roomy: list[int] = []
        self.typical = 0
        self._pending = False
        table.viewport().installEventFilter(self)
        model = table.model()
        for signal in (
            model.modelReset,
            model.layoutChanged,
            model.rowsInserted,
            model.headerDataChanged,
        ):
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
        most = self.table.fontMetrics().averageCharWidth() * self.SHORT
        titles = [header.sectionSizeFromContents(c).width() for c in range(count)]  # never cut
        texts = [content_width(self.table, c) for c in range(count)]
        self.widths = [max(titles[c], min(texts[c], self._most(c, most))) + 4 for c in range(count)]
        # What a column kept narrow (an alliance's name, the next item) grows to when the
        # meaning is whole: its widest text, whole.
        self.roomy = [max(titles[c], texts[c]) + 4 for c in range(count)]
        # A typical row's meaning: the median (the upper one) of its texts' widths, plus
        # the cell's padding (the widest cell's hint less its text), the delegate not asked.
        model, metrics = self.table.model(), self.table.fontMetrics()
        meaning = sorted(
            metrics.horizontalAdvance(str(model.index(row, self.stretch).data() or ""))
            for row in range(min(model.rowCount(), FIT_ROWS))
        )
        padding = max(0, texts[self.stretch] - meaning[-1]) if meaning else 0
        self.typical = meaning[len(meaning) // 2] + padding + 4 if meaning else 0
        if self._column(self.stretch, "whole", False):
            self.typical = self.widths[self.stretch]
        self.fit()

    def _most(self, column: int, most: int) -> int:
        """The widest `column` grows by its contents: the meaning three times a short one;
        an alliance's name no more than it takes to tell it from another."""
        if column == self.stretch:
            return 3 * most
        if self._column(column, "whole", False):
            return 2 * most
        if self._column(column, "names_alliance", False):
            return most * self.ALLIANCE // self.SHORT
        return most

    def _column(self, column: int, field: str, default):
        columns = getattr(self.table.model(), "columns", None)
        return getattr(columns[column], field) if columns and column < len(columns) else default

    def _hidden(self, column: int) -> bool:
        hidden = getattr(self.table.model(), "hidden", None)
        return column != self.stretch and hidden is not None and hidden(column)

    def fit(self) -> None:
        count = len(self.widths)
        available = self.table.viewport().width()
        if not count or available <= 0:
            return
        header = self.table.horizontalHeader()

        def priority(c: int) -> int:
            return self._column(c, "priority", 2)

        title = header.sectionSizeFromContents(self.stretch).width() + 4
        # The meaning keeps a typical row whole (up to two thirds of the width) beside the
        # important columns (priority 0 and 1), and every row (up to half) beside the others.
        most = max(self.NAME, 2 * available // 3)
        typical = max(title, min(self.typical or self.widths[self.stretch], most))
        whole = max(typical, min(self.widths[self.stretch], max(self.NAME, available // 2)))
        # The first column names the record (a meeting's time) when the meaning is another:
        # it shows however narrow the table.
        first = [0] if self.stretch != 0 and not self._hidden(0) else []
        shown = [self.stretch, *first]
        others = sorted(
            (c for c in range(count) if c not in shown and not self._hidden(c)), key=priority
        )
        fixed = sum(self.widths[c] for c in first)
        used, short_of = fixed, None  # the first priority with a column left out
        for c in others:
            if short_of is not None and priority(c) > short_of:
                break  # none less important than a column left out shows
            keep = typical if priority(c) <= 1 else whole
            if used + self.widths[c] + keep <= available:
                shown.append(c)
                used += self.widths[c]
            else:
                short_of = priority(c)
        name = max(min(typical, available - fixed), available - used)
        # The meaning is never narrower than a column beside it: the least important go.
        while len(shown) > 1 + len(first) and name < max(self.widths[c] for c in shown[1:]):
            name += self.widths[shown.pop()]
        widths = {c: self.widths[c] for c in shown}
        for c in shown[1:]:  # room the meaning does not need: whole names, if short of it
            grow = min(self.roomy[c] - widths[c], name - self.widths[self.stretch])
            if grow > 0:
                widths[c] += grow
                name -= grow
        for c in range(count):
            self.table.setColumnHidden(c, c not in shown)
            if c in shown and c != self.stretch:
                header.resizeSection(c, widths[c])
        header.resizeSection(self.stretch, name)

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
