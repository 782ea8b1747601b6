"""Text that wraps in a tree's column instead of being cut: Qt's tree draws wrapped text only
when the row is tall enough, and sizes rows as if the column were as wide as the text. This
delegate sizes each row for its text wrapped at the column's width, and the rows are laid out
again when a column changes width."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTreeView

_Index = QModelIndex | QPersistentModelIndex
TALL = 100_000


class WrappingDelegate(QStyledItemDelegate):
    """Rows of `tree` as tall as the text of `column` needs, wrapped at that column's width."""

    def __init__(self, tree: QTreeView, column: int = 0) -> None:
        super().__init__(tree)
        self.tree = tree
        self.column = column
        tree.setWordWrap(True)
        tree.setUniformRowHeights(False)
        tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        tree.setItemDelegate(self)
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(0)
        self._relayout.timeout.connect(tree.doItemsLayout)
        tree.header().sectionResized.connect(self._resized)

    def _resized(self, logical: int, _old: int, _new: int) -> None:
        if logical == self.column:
            self._relayout.start()  # once, after the header has settled

    def text_rect(self, option: QStyleOptionViewItem, index: _Index) -> QRect:
        """Where the text of `index` goes in its cell, at the column's present width."""
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        depth += 1 if self.tree.rootIsDecorated() else 0  # the room for the branch marks
        width = self.tree.header().sectionSize(index.column())
        if index.column() == self.tree.header().logicalIndex(0):
            width -= self.tree.indentation() * depth
        cell = QStyleOptionViewItem(option)
        self.initStyleOption(cell, index)
        cell.rect = QRect(0, 0, max(width, 40), TALL)
        style = self.tree.style()
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, cell, self.tree)
        # The style draws the words inside a focus margin on each side: a line that fits the
        # rect but not the room within wraps once more than the row was sized for, and Qt
        # ends the row in "..." ("… decision rights and meeting ..." under X at 1024×700).
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, cell, self.tree) + 1
        return rect.adjusted(margin, 0, -margin, 0)

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        hint = super().sizeHint(option, index)
        if index.column() != self.column:
            return hint
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        room = self.text_rect(option, index)
        metrics = QFontMetrics(index.data(Qt.ItemDataRole.FontRole) or option.font)
        needed = metrics.boundingRect(
            QRect(0, 0, room.width(), TALL), Qt.TextFlag.TextWordWrap, text
        ).height()
        return QSize(hint.width(), max(hint.height(), needed + 4))
