"""A table model over a list the store reads a page at a time: the view asks for more rows
as it is scrolled (`canFetchMore` / `fetchMore`), a click on a header sorts in SQL, and a
record opened from elsewhere is read up to wherever it sits. Showing a list costs a page,
however long the list."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from alliance_desk.store.paging import PAGE, Order, Page
from alliance_desk.ui.table_fit import FIT_ROWS
from alliance_desk.ui.table_model import Column, RowTableModel

Row = TypeVar("Row")
_Index = QModelIndex | QPersistentModelIndex

# (order, cursor, limit, until) -> the page, or None when `until` is not listed
Fetch = Callable[[Order, Any, int, Any], "Page[Any] | None"]


class PagedTableModel(RowTableModel[Row]):
    """Rows as the store returns them, in its order; `sorts` names the store's sort for each
    column (None: that column does not sort). `fetch` reads a page; `restart` reads the
    list again from the top (as many rows as were loaded, so the user's place stays)."""

    def __init__(
        self,
        columns: Sequence[Column[Row]],
        sorts: Sequence[str | None],
        parent=None,
        *,
        page: int = PAGE,
    ) -> None:
        super().__init__(columns, parent)
        self.sorts = list(sorts)
        self.page = page
        self.fetch: Fetch | None = None
        first = next(name for name in self.sorts if name)
        self.order = Order(first)
        self._cursor: Any = None
        self._more = False
        self._inserting = False  # views ask for more while rows change: not then
        self._read = False  # nothing is read before the list is first shown

    def _apply(self) -> None:
        self._rows = list(self._all)  # filtered and sorted by the store already

    def restart(self, *, keep: bool = True) -> None:
        """Read the list again from its start: as many rows as are loaded when `keep`."""
        limit = max(self.page, len(self._all)) if keep else self.page
        page = self.fetch(self.order, None, limit, None) if self.fetch else Page([])
        assert page is not None  # no `until`: always a page
        fresh = [[row, None, None] for row in page.rows]
        self._cursor, self._more = page.cursor, page.more
        if self._read and self._same_shown(fresh):
            # Read again after an edit elsewhere, the rows say what they said: the records are
            # the fresh ones (their versions, tooltips, colours), without a reset, so the
            # view keeps its place and its columns need no measuring again (table_fit).
            self._all = fresh
            self._apply()
            if fresh:
                last = self.index(len(fresh) - 1, len(self.columns) - 1)
                self.dataChanged.emit(self.index(0, 0), last)
            return
        self._read = True
        self._inserting = True
        try:
            self.beginResetModel()
            self._all = fresh
            self._apply()
            self.endResetModel()
        finally:
            self._inserting = False

    def _same_shown(self, fresh: list[list]) -> bool:
        """Whether `fresh` lists the same records in the same order, each as it was (a
        record's version and the names it shows are not part of its equality), and the
        first `FIT_ROWS` (those the columns are measured on) with the same texts. A record
        changed or moved anywhere resets the list: a selected row keeps its record."""
        if len(fresh) != len(self._all):
            return False
        if any(new[0] != old[0] for new, old in zip(fresh, self._all, strict=True)):
            return False
        return all(
            self._texts(new) == self._texts(old)
            for new, old in zip(fresh[:FIT_ROWS], self._all[:FIT_ROWS], strict=True)
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        name = self.sorts[column] if 0 <= column < len(self.sorts) else None
        if not name:
            return
        self._sort = (column, order)
        wanted = Order(name, order == Qt.SortOrder.DescendingOrder)
        if wanted != self.order:
            self.order = wanted
            if self.fetch is not None and self._read:
                self.restart(keep=False)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more and not self._inserting

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent) or self.fetch is None:
            return
        self._append(self.fetch(self.order, self._cursor, self.page, None))

    def _append(self, page: Page | None) -> None:
        if page is None:
            return
        self._cursor, self._more = page.cursor, page.more
        if not page.rows:
            return
        start = len(self._all)
        self._inserting = True
        try:
            self.beginInsertRows(QModelIndex(), start, start + len(page.rows) - 1)
            self._all.extend([row, None, None] for row in page.rows)
            self._apply()
            self.endInsertRows()
        finally:
            self._inserting = False

    def locate(self, wanted: Any, ident: Callable[[Row], Any]) -> int:
        """The row of the record `wanted` (by `ident`), read up to it if it is listed further
        down than the rows loaded; -1 when the list does not hold it."""
        found = self.find(lambda row: ident(row) == wanted)
        if found >= 0 or not self._more or self.fetch is None or wanted is None:
            return found
        self._append(self.fetch(self.order, self._cursor, self.page, wanted))
        return self.find(lambda row: ident(row) == wanted)
