"""Two parts side by side where the window is wide, one over the other where it is not: the
Packs form and what the pack will contain (at 1440 px the form and its preview stopped at
760 px and the right third of the window stood empty). The second takes the whole width
left, under the first or beside it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QWidget


class SideBySide(QWidget):
    """`first` (as wide as it needs, up to `narrow` pixels stacked, `side` beside) and
    `second` (the rest of the width, whichever way): beside it from `wide` pixels on, under
    it below that."""

    def __init__(
        self, first: QWidget, second: QWidget, *, wide: int, narrow: int, side: int
    ) -> None:
        super().__init__()
        self.first, self.second = first, second
        self.wide, self.narrow, self.side = wide, narrow, side
        self.row = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.addWidget(first, 0, Qt.AlignmentFlag.AlignTop)
        self.row.addWidget(second, 1)
        self._arrange(stacked=True)

    def beside(self) -> bool:
        return self.row.direction() is QBoxLayout.Direction.LeftToRight

    def _arrange(self, stacked: bool) -> None:
        self.row.setDirection(
            QBoxLayout.Direction.TopToBottom if stacked else QBoxLayout.Direction.LeftToRight
        )
        self.row.setSpacing(0 if stacked else 24)
        self.first.setMaximumWidth(self.narrow if stacked else self.side)

    def resizeEvent(self, event: QResizeEvent) -> None:
        stacked = event.size().width() < self.wide
        if stacked == self.beside():
            self._arrange(stacked)
        super().resizeEvent(event)
