"""A list beside its details, split so that on a laptop the list comes first: the details
keep their usual share of a wide window, and on a narrow one give way, down to what their
fields need, as far as the list's columns (a record's meaning, whose it is, how late) need."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QSplitter, QTableView, QWidget
from shiboken6 import isValid

from alliance_desk.ui.table_fit import ColumnFitter


def columns_wanted(table: QTableView) -> int:
    """The width `table`'s viewport needs for what its columns keep first: the meaning's
    typical row beside the important columns (`Column.priority` 0 and 1) of these rows;
    0 until its columns are measured."""
    fitter = table.findChild(ColumnFitter)
    model = table.model()
    if fitter is None or not fitter.widths:
        return 0
    columns = getattr(model, "columns", ())
    hidden = getattr(model, "hidden", lambda _column: False)
    wanted = fitter.typical or fitter.widths[fitter.stretch]
    for index, column in enumerate(columns[: len(fitter.widths)]):
        first = index == 0  # names the record when the meaning is another: always shown
        if index != fitter.stretch and (column.priority <= 1 or first) and not hidden(index):
            wanted += fitter.widths[index]
    return wanted


class ListSplitter(QSplitter):
    """A list (the first pane) and its details (the second), remembered by name like every
    splitter (`widgets.splitter`). Until the user moves the handle, or a place they left it
    is restored, the details take `share` of the width, less while the list would be
    narrower than its `table`'s columns want (`columns_wanted`; without a table, `LIST`
    average characters), never less than the details' own minimum."""

    LIST = 100  # average characters: a record's meaning, whose it is, and a few short columns

    def __init__(
        self,
        name: str,
        listing: QWidget,
        details: QWidget,
        share: float,
        table: QTableView | None = None,
    ) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        self.setObjectName(name)
        self.setChildrenCollapsible(False)
        self.addWidget(listing)
        self.addWidget(details)
        self.share, self.table = share, table
        self.placed = False  # by the user: dragged, or restored from where they left it
        self.splitterMoved.connect(self._moved)
        if table is not None:  # other rows (another alliance's) may want other widths
            model = table.model()
            for signal in (model.modelReset, model.layoutChanged, model.headerDataChanged):
                signal.connect(self._later)

    def _moved(self, *_args: object) -> None:
        self.placed = True

    def restoreState(self, state: QByteArray | bytes | bytearray | memoryview) -> bool:
        restored = super().restoreState(state)
        self.placed = self.placed or restored
        return restored

    def list_wanted(self) -> int:
        """How wide the list would be: its table's columns, or `LIST` characters."""
        listing = self.widget(0)
        if self.table is None or listing is None or not self.table.isVisible():
            return self.LIST * self.fontMetrics().averageCharWidth()
        wanted = columns_wanted(self.table)
        chrome = listing.width() - self.table.viewport().width()  # frames, scroll bar
        return wanted + chrome if wanted else self.LIST * self.fontMetrics().averageCharWidth()

    def details_width(self, total: int) -> int:
        """The details' width in a splitter `total` pixels wide (less the handle)."""
        details = self.widget(1)
        least = details.minimumSizeHint().width() if details is not None else 0
        return max(least, min(round(self.share * total), total - self.list_wanted()))

    def place(self) -> None:
        if not isValid(self) or self.placed or self.count() != 2 or not self.isVisible():
            return
        total = self.width() - self.handleWidth()
        details = self.details_width(total)
        if self.sizes()[1] != details:
            self.setSizes([total - details, details])

    def _later(self, *_args: object) -> None:
        # After the table's columns are measured again (and never once the window is gone).
        QTimer.singleShot(0, self.place)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.place()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._later()  # sized while its tab was hidden
