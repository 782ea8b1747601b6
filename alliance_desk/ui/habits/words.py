"""A habit's words beside its chart, scrolling by whole lines when they do not fit."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent

from alliance_desk.ui.widgets import FittingScroll


class WordsScroll(FittingScroll):
    """The habit's words: as tall as they are when there is room, scrolling when not — by
    whole lines, so the last one in view is never cut across the middle (a laptop showed the
    top half of a line above the chart)."""

    def sizeHint(self) -> QSize:
        inner = self.widget()
        hint = super().sizeHint()
        if inner is None:
            return hint
        words = inner.heightForWidth(self.viewport().width())
        return QSize(hint.width(), max(words, 0) + 2 * self.frameWidth())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()  # wrapped at another width, the words take another height
        self._whole_lines()

    def _whole_lines(self) -> None:
        """A viewport a whole number of lines tall when the words do not fit (the room left
        below stays empty), and the scroll bar's steps a line each, so they stay whole."""
        inner = self.widget()
        if inner is None:
            return
        pitch = max(1, inner.fontMetrics().lineSpacing())
        self.verticalScrollBar().setSingleStep(pitch)
        room = self.height() - 2 * self.frameWidth()
        words = inner.heightForWidth(self.viewport().width())
        cut = room % pitch if words > room >= pitch else 0
        if self.viewportMargins().bottom() != cut:
            self.setViewportMargins(0, 0, 0, cut)
