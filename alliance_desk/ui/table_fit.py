"""Column widths for the app's tables: each column as wide as its texts, inside the table's
width, the meaning column taking the room the others leave (`ColumnFitter`), measured on the
first `FIT_ROWS` rows."""

from __future__ import annotations

import heapq
from collections.abc import Callable
from typing import cast

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHeaderView, QStyleOptionViewItem, QTableView
from shiboken6 import isValid

from alliance_desk.ui import left_out
from alliance_desk.ui.table_model import RowTableModel

_RESIZE, _TOOLTIP = QEvent.Type.Resize, QEvent.Type.ToolTip
_RESTYLED = (QEvent.Type.FontChange, QEvent.Type.StyleChange)
FIT_ROWS = 50  # rows a column's width is measured on: a screenful and more


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
        self.titles: list[int] = []  # each title's width, whole (`title_widths`)
        self.typical = 0
        self._pending = False
        self._advances: dict[str, int] = {}  # a text's width, measured once (most repeat)
        self._hints: dict[tuple[int, str], int] = {}  # a cell's hint by column and text
        self._texts: list[list[str]] | None = None  # the model's texts, last measured
        self._columns = 0  # how many the hints were kept for
        table.viewport().installEventFilter(self)
        table.installEventFilter(self)  # its font: the viewport is not always told
        table.horizontalHeader().viewport().installEventFilter(self)  # its tooltip (left_out)
        model = table.model()
        for signal in (
            model.modelReset,
            model.layoutChanged,
            model.rowsInserted,
            model.headerDataChanged,
        ):
            signal.connect(self.later)
        # only the sorted column's title keeps room for the arrow (`title_widths`)
        table.horizontalHeader().sortIndicatorChanged.connect(self.later)
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
        titles = self.titles = title_widths(header, count)  # never cut
        model = self.table.model()
        cells = self._cell_widths(min(model.rowCount(), FIT_ROWS), count)

        def of(column: int) -> Callable[[int], int]:
            return lambda row: cells[row][column]

        texts = [
            content_width(self.table, c, width=of(c), hint=self._kept_hint(c)) for c in range(count)
        ]
        self.widths = [max(titles[c], min(texts[c], self._most(c, most))) + 4 for c in range(count)]
        # What a column kept narrow (an alliance's name, the next item) grows to when the
        # meaning is whole: its widest text, whole.
        self.roomy = [max(titles[c], texts[c]) + 4 for c in range(count)]
        # A typical row's meaning: the median (the upper one) of its texts' widths, plus
        # the cell's padding (the widest cell's hint less its text), the delegate not asked.
        meaning = sorted(row[self.stretch] for row in cells)
        padding = max(0, texts[self.stretch] - meaning[-1]) if meaning else 0
        self.typical = meaning[len(meaning) // 2] + padding + 4 if meaning else 0
        if self._column(self.stretch, "whole", False):
            self.typical = self.widths[self.stretch]
        self.fit()

    def _kept_hint(self, column: int) -> Callable[[int, Callable[[int], int]], int] | None:
        """Where the cells are the model's own plain texts, a cell's hint (what the delegate
        needs for it) depends on its column and text alone while the font and the style stay:
        kept, so a reload asks the delegate only of texts it has not seen (the widest cells'
        hints, each a dozen calls of `data`, were most of a reload's measuring)."""
        texts, hints = self._texts, self._hints
        if texts is None:
            return None

        def hint(row: int, ask: Callable[[int], int]) -> int:
            key = (column, texts[row][column])
            if key not in hints:
                hints[key] = ask(row)
            return hints[key]

        return hint

    def _cell_widths(self, rows: int, count: int) -> list[list[int]]:
        """The width of each text of the first `rows` rows, a list a row. From the model's
        own texts where it keeps them (a reload asked `data` 8,000 times and measured 2,000
        texts: ≈ 20 ms of a section shown again), each distinct text measured once."""
        model, advance = self.table.model(), self._advances
        self._texts = None
        if isinstance(model, RowTableModel) and type(model).data is RowTableModel.data:
            texts = self._texts = model.shown_texts(rows)
        else:
            texts = [
                [str(model.index(r, c).data() or "") for c in range(count)] for r in range(rows)
            ]
        if len(advance) > 4096:
            advance.clear()
        if len(self._hints) > 4096 or count != self._columns:
            self._hints.clear()
        self._columns = count
        width = self.table.fontMetrics().horizontalAdvance
        return [
            [advance[t] if t in advance else advance.setdefault(t, width(t)) for t in row]
            for row in texts
        ]

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

        title = self.titles[self.stretch] + 4
        # The meaning keeps a typical row whole (up to two thirds of the width) beside the
        # important columns (priority 0 and 1), and every row (up to half) beside the others.
        most = max(self.NAME, 2 * available // 3)
        typical = max(title, min(self.typical or self.widths[self.stretch], most))
        whole = max(typical, min(self.widths[self.stretch], max(self.NAME, available // 2)))
        # The first column names the record (a meeting's time) when the meaning is another:
        # it shows however narrow the table, and so does a column that is to always show.
        first = [
            c
            for c in range(count)
            if c != self.stretch
            and not self._hidden(c)
            and (c == 0 or self._column(c, "always", False))
        ]
        # ... unless the meaning's title would not fit beside them: they step aside from
        # the last (a larger font on a laptop).
        while len(first) > 1 and sum(self.widths[c] for c in first) + title > available:
            first.pop()
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
        kind = event.type()
        if kind == _RESIZE:
            # Only a change of width moves the columns: a taller or shorter table (a panel
            # below it growing by a line) keeps the widths the user dragged.
            size = cast(QResizeEvent, event)
            if (
                self.widths
                and watched is self.table.viewport()
                and size.size().width() != size.oldSize().width()
            ):
                self.fit()
        elif kind == _TOOLTIP:  # what the width left out, named (ui/left_out.py)
            return bool(self.widths) and left_out.tooltip(self.table, watched, event, self._hidden)
        elif kind in _RESTYLED:
            self._advances.clear()
            self._hints.clear()
            self.later()  # the desktop's font changed: the texts need other widths
        return False


def title_widths(header: QHeaderView, count: int) -> list[int]:
    """The width each of the first `count` titles needs to show whole: Qt's own measure,
    which keeps every title room for the sort arrow (20 px under Fusion), leaving that room
    to the sorted column alone — the arrow shows on one column only, and the room it kept
    in the others cut the texts beside them (a partner's name in the Portfolio at 1440 px)."""
    shown = header.isSortIndicatorShown()
    sorted_column = header.sortIndicatorSection() if shown else -1
    if shown:
        header.setSortIndicatorShown(False)  # Qt then measures the titles without it
    try:
        widths = [header.sectionSizeFromContents(c).width() for c in range(count)]
    finally:
        if shown:
            header.setSortIndicatorShown(True)
    if 0 <= sorted_column < count:
        widths[sorted_column] = header.sectionSizeFromContents(sorted_column).width()
    return widths


def content_width(
    table: QTableView,
    column: int,
    candidates: int = 3,
    width: Callable[[int], int] | None = None,
    hint: Callable[[int, Callable[[int], int]], int] | None = None,
) -> int:
    """The width `column`'s widest cell needs among the first `FIT_ROWS` rows, as
    `sizeHintForColumn` gives it, asked of the delegate only for the few cells whose text is
    widest (Qt asks it for every cell, each a dozen calls of the model's `data`: 10–30 ms a
    section each time it is shown again). `width`: of a row's text, if known already;
    `hint(row, ask)`: a row's cell hint, where `ask(row)` asks the delegate (to keep them)."""
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
    widest = heapq.nlargest(candidates, range(rows), key=width or text_width)
    grid = 1 if table.showGrid() else 0

    def ask(row: int) -> int:
        return delegate.sizeHint(option, model.index(row, column)).width()

    return max(hint(row, ask) if hint else ask(row) for row in widest) + grid
