"""The habits' year: each habit's last 52 weeks and the group's, darker closer to target."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from alliance_desk.ui.theme import colours


class HeatMap(QWidget):
    """Each habit's last 52 weeks, and the group's: darker means closer to the target."""

    CELL = 13

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, list[float]]] = []  # label, achievement 0..1 per week
        self.weeks: list[date] = []
        self.setMinimumHeight(9 * (self.CELL + 3) + 26)
        self.setToolTip(
            self.tr("Each column a week, the latest on the right; darker: closer to target")
        )

    def set_rows(self, weeks: list[date], rows: list[tuple[str, list[float]]]) -> None:
        self.weeks, self.rows = weeks, rows
        self.setMinimumHeight(len(rows) * (self.CELL + 3) + 30)
        self.update()

    def paintEvent(self, _event) -> None:
        """The cells share the width left after the names, so the latest weeks always show,
        however narrow the window."""
        painter = QPainter(self)
        # The names in full when a third of the width holds them (the user's font decides).
        widest = max((painter.fontMetrics().horizontalAdvance(r[0]) for r in self.rows), default=0)
        label_width = int(min(widest + 18, max(110, self.width() * 0.34)))
        step = self.CELL + 3
        across = max(3.0, (self.width() - label_width - 6) / max(1, len(self.weeks)))
        cell = max(2.0, min(float(self.CELL), across - 2))
        c = colours()
        base = c.accent
        for row, (label, values) in enumerate(self.rows):
            y = row * step + 4
            painter.setPen(c.text)
            name = painter.fontMetrics().elidedText(
                label, Qt.TextElideMode.ElideRight, label_width - 10
            )
            painter.drawText(
                QRectF(0, y - 2, label_width - 8, step),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                name,
            )
            for column, value in enumerate(values):
                colour = QColor(c.faint) if value <= 0 else QColor(base)
                if value > 0:
                    colour.setAlphaF(0.25 + 0.75 * min(value, 1.0))
                painter.fillRect(QRectF(label_width + column * across, y, cell, self.CELL), colour)
        painter.setPen(c.muted)
        y = len(self.rows) * step + 6
        for column, week in enumerate(self.weeks):
            if week.day <= 7:  # first week of a month
                painter.drawText(
                    QRectF(label_width + column * across - 4, y, 40, 16),
                    Qt.AlignmentFlag.AlignLeft,
                    f"{week:%b}",
                )
        painter.end()
