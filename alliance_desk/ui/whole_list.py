"""A short list as tall as its rows, for a few rows in a panel that scrolls: every row is
shown whole — never one and a half meetings, never an attendee cut at the top."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QListWidget,
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from alliance_desk.ui.theme import muted_colour


class _Roomy(QStyledItemDelegate):
    """Rows a little taller than their text: a check box (as tall as a line of text) no
    longer touches the row above, nor the list's edge."""

    PADDING = 6

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), hint.height() + self.PADDING)


class WholeList(QListWidget):
    """A QListWidget that never scrolls: it takes the height its rows need at its width (a
    wrapped row is taller), so the panel around it scrolls instead. For a handful of rows."""

    def __init__(self, parent: QWidget | None = None, *, empty: str = "") -> None:
        super().__init__(parent)
        self.empty = empty  # said, muted, inside the list while it has no rows
        self.setItemDelegate(_Roomy(self))
        self.setVerticalScrollBarPolicy(self.verticalScrollBarPolicy().ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(self.horizontalScrollBarPolicy().ScrollBarAlwaysOff)
        self.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustIgnored)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        # Fitted once the rows of a fill are all in (a row at a time would lay out the list
        # once per row: slow for an alliance of hundreds of people).
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self.fit)
        model = self.model()
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset, model.dataChanged):
            signal.connect(lambda *_: self._refit.start())
        self.fit()

    def rows_height(self) -> int:
        """The height of the rows laid out at the present width."""
        self.doItemsLayout()
        if self.count() == 0:  # room for what `empty` says, as for a row
            return self.fontMetrics().height() + _Roomy.PADDING
        last = self.rectForIndex(self.indexFromItem(self.item(self.count() - 1)))
        return last.bottom() + 1 + self.spacing()

    def fit(self, *_args) -> None:
        margins = self.contentsMargins()
        self.setFixedHeight(self.rows_height() + margins.top() + margins.bottom())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.fit()  # wrapped rows take another height at another width

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.count() or not self.empty:
            return
        painter = QPainter(self.viewport())
        painter.setPen(muted_colour(self.palette()))
        area = self.viewport().rect().adjusted(4, 0, -4, 0)
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(area, int(flags), self.empty)
        painter.end()
