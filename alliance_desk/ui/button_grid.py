"""Buttons in tidy rows: as many to a row as the width holds, of a few chosen counts (six,
three or two: pairs such as escalate and de-escalate stay side by side), each column as wide
as its widest button. A narrow panel gets three rows of two, a wide one a single row."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QStyle, QWidget


class ButtonGrid(QLayout):
    def __init__(self, counts: Sequence[int] = (6, 3, 2), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts = sorted(counts, reverse=True)  # the most a row first
        self._items: list[QLayoutItem] = []

    # -- QLayout's interface ----------------------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._size(self._columns(width)).height()

    def sizeHint(self) -> QSize:
        return self._size(self.counts[0])

    def minimumSize(self) -> QSize:
        return self._size(self.counts[-1])

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        margins = self.contentsMargins()
        inner = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        columns = self._columns(rect.width())
        widths, height, gap = self._widths(columns), self._row_height(), self._gap()
        for index, item in enumerate(self._shown()):
            row, column = divmod(index, columns)
            x = inner.x() + sum(widths[:column]) + column * gap
            y = inner.y() + row * (height + gap)
            item.setGeometry(QRect(QPoint(x, y), QSize(widths[column], height)))

    # -- the arrangement --------------------------------------------------------------------------

    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _gap(self) -> int:
        spacing = self.spacing()
        if spacing >= 0:
            return spacing
        parent = self.parentWidget()
        style = parent.style() if parent is not None else None
        metric = QStyle.PixelMetric.PM_LayoutHorizontalSpacing
        return max(style.pixelMetric(metric) if style is not None else 6, 6)

    def _widths(self, columns: int) -> list[int]:
        widths = [0] * columns
        for index, item in enumerate(self._shown()):
            widths[index % columns] = max(widths[index % columns], item.sizeHint().width())
        return widths

    def _row_height(self) -> int:
        return max((item.sizeHint().height() for item in self._shown()), default=0)

    def _size(self, columns: int) -> QSize:
        shown = len(self._shown())
        if not shown:
            return QSize(0, 0)
        columns = min(columns, shown)
        rows = -(-shown // columns)
        gap = self._gap()
        margins = self.contentsMargins()
        width = sum(self._widths(columns)) + (columns - 1) * gap
        height = rows * self._row_height() + (rows - 1) * gap
        return QSize(
            width + margins.left() + margins.right(), height + margins.top() + margins.bottom()
        )

    def _columns(self, width: int) -> int:
        """The most buttons a row that `width` holds (the fewest when none fits)."""
        for columns in self.counts:
            if self._size(columns).width() <= width:
                return columns
        return self.counts[-1]
