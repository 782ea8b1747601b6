"""A drawing kept as a picture while what it shows is the same (issue 25).

A chart redrawn at every paint pays for its drawing each time a section is shown again, a
tooltip closes or a window above it moves: Value's quadrant (600 dots) ≈ 6 ms, the risk heat
map ≈ 0.6 ms of a Risks showing. A `KeptPicture` draws once into a pixmap and copies it while
the widget's size, pixel ratio, font, palette and `shows` (what the drawing depends on) are
unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QWidget


class KeptPicture:
    def __init__(self) -> None:
        self._drawn: tuple[Hashable, QPixmap] | None = None
        self.drawings = 0  # times drawn afresh (not copied from the picture kept)

    def paint(self, widget: QWidget, shows: Hashable, draw: Callable[[QPainter], None]) -> None:
        """Paint `widget` (from its paintEvent) with `draw(painter)`'s picture, drawn afresh
        only when it would differ from the one kept."""
        ratio = widget.devicePixelRatioF()
        key = (
            widget.size(),
            ratio,
            widget.font().key(),
            QApplication.palette().cacheKey(),
            widget.palette().cacheKey(),
            shows,
        )
        if self._drawn is None or self._drawn[0] != key:
            picture = QPixmap(widget.size() * ratio)
            picture.setDevicePixelRatio(ratio)
            picture.fill(Qt.GlobalColor.transparent)
            painter = QPainter(picture)
            painter.setFont(widget.font())
            draw(painter)
            painter.end()
            self._drawn = (key, picture)
            self.drawings += 1
        painter = QPainter(widget)
        painter.drawPixmap(0, 0, self._drawn[1])
        painter.end()
