"""A read-only table model over rows the store returned, with sort keys and filter text
computed at most once per load (sorting through a proxy calls Python `data()` millions of
times), and a row's texts only when first shown, sorted or searched: a log of thousands shows
a screenful. The table that shows it: `table_view.make_table`."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from alliance_desk.ui.i18n import QT_TRANSLATE_NOOP
from alliance_desk.ui.theme import readable

Row = TypeVar("Row")
_Index = QModelIndex | QPersistentModelIndex
# The roles `data` answers, as the numbers a view asks with.
_DISPLAY, _TOOLTIP = int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.ToolTipRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ANSWERED = frozenset({_DISPLAY, _TOOLTIP, _FOREGROUND, int(Qt.ItemDataRole.TextAlignmentRole)})
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


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
    # Shows however narrow the table, as the first column does: what the rows are compared
    # by (a baseline's four scores), before the meaning is read whole.
    always: bool = False


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

    def _text(self, entry: list, column: int) -> str:
        texts = entry[1]
        return texts[column] if texts is not None else self.columns[column].text(entry[0])

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
            else:  # the sorted column's text alone: the rest are worked out as rows show
                rows = sorted(rows, key=lambda entry: self._text(entry, column).casefold())
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

    def shown_texts(self, rows: int) -> list[list[str]]:
        """The texts of the first `rows` rows shown, a list a row (what `data` displays):
        the column fitter measures them without a model index and a call a cell."""
        return [self._texts(entry) for entry in self._rows[:rows]]

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
        # A view asks seven roles of each cell it paints, this answers four: the others go
        # back at once (a screenful of a table is a few hundred cells, each a Python call).
        if role not in _ANSWERED:
            return None
        number = index.row()
        if not 0 <= number < len(self._rows) or not index.isValid():
            return None
        entry, column = self._rows[number], index.column()
        if role == _DISPLAY:
            return self._texts(entry)[column]
        row, spec = entry[0], self.columns[column]
        if role == _TOOLTIP:
            # The whole text, for a cell too narrow for it (and a column's own words, if any).
            text = self._texts(entry)[column]
            tip = spec.tooltip(row) if spec.tooltip is not None else None
            if tip and text and text not in tip:
                return f"{text}\n{tip}"
            return tip or text or None
        if role == _FOREGROUND:
            colour = spec.colour(row) if spec.colour is not None else None
            return readable(colour) if colour else None
        return _RIGHT if spec.align_right else None  # the text's alignment
