"""A line of parts ("Enter opens the record · L logs the call · …") that wraps between its
parts, never leaving a separator at the end or the start of a line: as many parts on each
line as fit, each whole (Today's keys on a laptop ended four lines in a dangling "·")."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

SEPARATOR = " · "


class PartsLabel(QLabel):
    """`text`'s parts (split at `SEPARATOR`) joined by it on a line, as many as fit; a line
    breaks only between them. A part wider than the label wraps at its own spaces."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.parts = text.split(SEPARATOR)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setText(SEPARATOR.join(self.parts))  # one line until it is given its width

    def text_for(self, width: int) -> str:
        """The parts in lines no wider than `width` pixels (a part alone may be wider)."""
        advance = self.fontMetrics().horizontalAdvance
        lines: list[str] = []
        line = ""
        for part in self.parts:
            joined = f"{line}{SEPARATOR}{part}" if line else part
            if line and advance(joined) > width - 1:  # a pixel spare: QLabel's own measure
                lines.append(line)
                line = part
            else:
                line = joined
        lines.append(line)
        return "\n".join(lines)

    def _inner(self, width: int) -> int:
        margins = self.contentsMargins()
        return max(1, width - margins.left() - margins.right() - 2 * self.margin())

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        inner = self._inner(width)
        text = self.text_for(inner)
        flags = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft)
        taken = self.fontMetrics().boundingRect(QRect(0, 0, inner, 1 << 20), flags, text)
        margins = self.contentsMargins()
        return taken.height() + margins.top() + margins.bottom() + 2 * self.margin()

    def resizeEvent(self, event: QResizeEvent) -> None:
        text = self.text_for(self._inner(event.size().width()))
        if text != self.text():
            self.setText(text)
        super().resizeEvent(event)
