"""Open risks on a 5 × 5 likelihood × impact grid, cells tinted by band."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from alliance_desk.core.risks import (
    band_key,
)
from alliance_desk.ui.kept_picture import KeptPicture
from alliance_desk.ui.theme import colours, is_dark

ON_BANDS = "#1f2a33"  # dark text on the light palette's pale bands
BAND_COLOURS = {"low": "#dcebd2", "medium": "#f6e7b9", "high": "#f2c39a", "critical": "#e59b8b"}
# On a dark palette pale cells glare: deep tints, each 3:1 or more against the dark
# background (a shape one can see) and carrying white counts at 4.5:1 or better.
ON_DARK_BANDS = "#ffffff"
DARK_BAND_COLOURS = {
    "low": "#4b7b45",
    "medium": "#7d6f2c",
    "high": "#a05c30",
    "critical": "#bb5044",
}


def band_colours(palette: QPalette | None = None) -> tuple[dict[str, str], str]:
    """The cells' colour per band, and the colour of a count on them, for the palette."""
    if is_dark(palette or QApplication.palette()):
        return DARK_BAND_COLOURS, ON_DARK_BANDS
    return BAND_COLOURS, ON_BANDS


class HeatMap(QWidget):
    """Open risks on a 5 × 5 likelihood × impact grid, cells tinted by band."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cells: dict[tuple[int, int], int] = {}
        self.picture = KeptPicture()  # drawn again only when the counts (or size…) change
        self.setMinimumSize(200, 160)  # a laptop's register keeps its rows (a splitter)

    def set_cells(self, cells: dict[tuple[int, int], int]) -> None:
        self.cells = cells
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(300, 260)

    def paintEvent(self, _event) -> None:
        self.picture.paint(self, tuple(sorted(self.cells.items())), self._draw)

    def _draw(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        left, bottom = 34, 30
        fills, ink = band_colours(self.palette())
        size = min(self.width() - left - 6, self.height() - bottom - 6) / 5
        for likelihood in range(1, 6):
            for impact in range(1, 6):
                x = left + (impact - 1) * size
                y = (5 - likelihood) * size + 4
                rect = QRectF(x + 1, y + 1, size - 2, size - 2)
                painter.fillRect(rect, QColor(fills[band_key(likelihood * impact)]))
                count = self.cells.get((likelihood, impact), 0)
                if count:
                    painter.setPen(QColor(ink))
                    font = painter.font()
                    font.setBold(True)
                    painter.setFont(font)
                    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(count))
        painter.setPen(colours().muted)
        font = painter.font()
        font.setBold(False)
        painter.setFont(font)
        for value in range(1, 6):
            painter.drawText(
                QRectF(left + (value - 1) * size, 5 * size + 6, size, 16),
                Qt.AlignmentFlag.AlignCenter,
                str(value),
            )
            painter.drawText(
                QRectF(0, (5 - value) * size + 4, left - 6, size),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                str(value),
            )
        painter.drawText(
            QRectF(left, 5 * size + 18, 5 * size, 14),
            Qt.AlignmentFlag.AlignCenter,
            self.tr("Impact →"),
        )
        painter.save()
        painter.translate(10, 2.5 * size + 30)
        painter.rotate(-90)
        painter.drawText(QRectF(0, -6, 90, 14), Qt.AlignmentFlag.AlignLeft, self.tr("Likelihood →"))
        painter.restore()
