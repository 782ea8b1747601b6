"""Open risks on a 5 × 5 likelihood × impact grid, cells tinted by band."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QWidget,
)

from alliance_desk.core.risks import (
    band_key,
)
from alliance_desk.ui.theme import colours

ON_BANDS = "#1f2a33"  # the band colours are light in both themes: dark text on them
BAND_COLOURS = {"low": "#dcebd2", "medium": "#f6e7b9", "high": "#f2c39a", "critical": "#e59b8b"}


class HeatMap(QWidget):
    """Open risks on a 5 × 5 likelihood × impact grid, cells tinted by band."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cells: dict[tuple[int, int], int] = {}
        self.setMinimumSize(260, 230)

    def set_cells(self, cells: dict[tuple[int, int], int]) -> None:
        self.cells = cells
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(300, 260)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        left, bottom = 34, 30
        size = min(self.width() - left - 6, self.height() - bottom - 6) / 5
        for likelihood in range(1, 6):
            for impact in range(1, 6):
                x = left + (impact - 1) * size
                y = (5 - likelihood) * size + 4
                rect = QRectF(x + 1, y + 1, size - 2, size - 2)
                painter.fillRect(rect, QColor(BAND_COLOURS[band_key(likelihood * impact)]))
                count = self.cells.get((likelihood, impact), 0)
                if count:
                    painter.setPen(QColor(ON_BANDS))
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
        painter.end()
