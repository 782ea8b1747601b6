"""Small charts drawn with QPainter that more than one section uses."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPen, QPolygonF
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

    def scale_labels(self) -> list[tuple[QRectF, str]]:
        """The lowest, middle and highest values up the left side, each wide enough for its
        text (a KPI's "12.7" or "4,300" is not cut at the window's edge)."""
        metrics = QFontMetricsF(self.font())
        low, high = self.lowest, self.highest
        texts = [f"{value:g}" for value in (low, (low + high) / 2, high)]
        room = max(24.0, *(metrics.horizontalAdvance(text) for text in texts)) + 2
        top, height = 10, self.height() - 10 - 24
        line = metrics.height()
        return [
            (QRectF(0, top + height * (high - value) / (high - low) - line / 2, room, line), text)
            for value, text in zip((low, (low + high) / 2, high), texts, strict=True)
        ]

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        c = colours()
        scale = self.scale_labels()
        left = max(rect.right() for rect, _text in scale) + 6
        right, top, bottom = 12, 10, 24
        width, height = self.width() - left - right, self.height() - top - bottom
        painter.setPen(c.muted)
        low, high = self.lowest, self.highest

        def y_of(value: float) -> float:
            return top + height * (high - value) / (high - low)

        for rect, text in scale:
            painter.drawText(rect, Qt.AlignmentFlag.AlignRight, text)
            y = rect.center().y()
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
