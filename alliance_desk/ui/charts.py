"""Small charts drawn with QPainter that more than one section uses."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from alliance_desk.ui.theme import colours


class TrendLine(QWidget):
    """A score over time (the overall health score, a habit's strength)."""

    def __init__(
        self,
        parent: QWidget | None = None,
        lowest: float = 1,
        highest: float = 5,
        empty: str = "The trend appears after a second check.",
    ) -> None:
        super().__init__(parent)
        self.points: list[tuple[date, float]] = []
        self.lowest, self.highest, self.empty = lowest, highest, empty
        self.setMinimumHeight(140)

    def set_points(self, points) -> None:
        self.points = list(points)
        self.update()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        c = colours()
        left, right, top, bottom = 30, 12, 10, 24
        width, height = self.width() - left - right, self.height() - top - bottom
        painter.setPen(c.muted)
        low, high = self.lowest, self.highest

        def y_of(value: float) -> float:
            return top + height * (high - value) / (high - low)

        for value in (low, (low + high) / 2, high):
            y = y_of(value)
            painter.drawText(
                QRectF(0, y - 8, left - 6, 16), Qt.AlignmentFlag.AlignRight, f"{value:g}"
            )
            painter.setPen(QPen(c.line, 1))
            painter.drawLine(QPointF(left, y), QPointF(left + width, y))
            painter.setPen(c.muted)
        if len(self.points) < 2:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.empty)
            return
        first, last = self.points[0][0], self.points[-1][0]
        span = max((last - first).days, 1)
        spots = [
            QPointF(left + width * (day - first).days / span, y_of(score))
            for day, score in self.points
        ]
        line = QPolygonF(spots)
        painter.setPen(QPen(c.accent, 2))
        painter.drawPolyline(line)
        many = len(self.points) > 12 or width / len(self.points) < 84  # labels would collide
        labelled = {0, len(self.points) // 2, len(self.points) - 1}
        for index, ((day, _score), spot) in enumerate(zip(self.points, spots, strict=True)):
            if not many:
                painter.setBrush(c.accent)
                painter.drawEllipse(spot, 3.5, 3.5)
            if many and index not in labelled:
                continue
            painter.setPen(c.text)
            x = min(max(spot.x() - 40, 0), self.width() - 80)
            painter.drawText(
                QRectF(x, top + height + 4, 80, 16),
                Qt.AlignmentFlag.AlignCenter,
                f"{day:%b %Y}",
            )
            painter.setPen(QPen(c.accent, 2))
        painter.end()
