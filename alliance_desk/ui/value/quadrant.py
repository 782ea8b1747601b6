"""The risk × value quadrant on screen: every alliance a dot, clickable (core/placement.py
places them)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from alliance_desk.core.placement import HIGH, Placement, Quadrant
from alliance_desk.ui.theme import colours

LOW, TOP = 1.0, 5.0
MARGIN_LEFT, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_RIGHT = 34, 30, 8, 10
HIT = 12  # pixels around a dot that count as clicking it


class QuadrantMap(QWidget):
    """Alliances by value (across) and risk (up); a click picks one, a double click opens it."""

    picked = Signal(int)  # alliance id
    opened = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.placements: list[Placement] = []
        self.focused: int | None = None
        self.setMinimumSize(320, 280)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self.setAccessibleName("Risk × value quadrant")

    def sizeHint(self) -> QSize:
        return QSize(460, 400)

    def set_placements(self, placements: list[Placement], focused: int | None) -> None:
        self.placements, self.focused = list(placements), focused
        self.update()

    # -- geometry ----------------------------------------------------------------------------

    def _area(self) -> QRectF:
        return QRectF(
            MARGIN_LEFT,
            MARGIN_TOP,
            max(10, self.width() - MARGIN_LEFT - MARGIN_RIGHT),
            max(10, self.height() - MARGIN_TOP - MARGIN_BOTTOM),
        )

    def point_of(self, placement: Placement) -> QPointF:
        area = self._area()
        x = area.left() + area.width() * (placement.value - LOW) / (TOP - LOW)
        y = area.bottom() - area.height() * (placement.risk - LOW) / (TOP - LOW)
        return QPointF(x, y)

    def at(self, where: QPointF) -> Placement | None:
        best, distance = None, float(HIT)
        for placement in self.placements:
            spot = self.point_of(placement)
            gap = ((spot.x() - where.x()) ** 2 + (spot.y() - where.y()) ** 2) ** 0.5
            if gap <= distance:
                best, distance = placement, gap
        return best

    # -- events ------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        hit = self.at(event.position())
        if hit is not None:
            self.picked.emit(hit.alliance_id)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        hit = self.at(event.position())
        if hit is not None:
            self.opened.emit(hit.alliance_id)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        hit = self.at(event.position())
        self.setCursor(Qt.CursorShape.PointingHandCursor if hit else Qt.CursorShape.ArrowCursor)
        self.setToolTip(
            ""
            if hit is None
            else f"{hit.name} — tier {hit.tier}\nValue {hit.value:.1f}, risk {hit.risk:.1f}: "
            f"{hit.quadrant.label}\nRisk from: {hit.factors.describe()}\n"
            "Click to focus on it; double-click to open it."
        )

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        c = colours()
        area = self._area()
        painter.fillRect(area, c.base)
        split_x = area.left() + area.width() * (HIGH - LOW) / (TOP - LOW)
        split_y = area.bottom() - area.height() * (HIGH - LOW) / (TOP - LOW)
        painter.fillRect(
            QRectF(split_x, area.top(), area.right() - split_x, split_y - area.top()), c.faint
        )
        painter.setPen(QPen(c.line, 1))
        painter.drawRect(area)
        painter.setPen(QPen(c.muted, 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(split_x, area.top()), QPointF(split_x, area.bottom()))
        painter.drawLine(QPointF(area.left(), split_y), QPointF(area.right(), split_y))
        corners = (
            (Quadrant.CONTAIN, QRectF(area.left(), area.top(), split_x - area.left(), 18)),
            (Quadrant.MANAGE_CLOSELY, QRectF(split_x, area.top(), area.right() - split_x, 18)),
            (Quadrant.MONITOR, QRectF(area.left(), area.bottom() - 18, split_x - area.left(), 18)),
            (Quadrant.PROTECT, QRectF(split_x, area.bottom() - 18, area.right() - split_x, 18)),
        )
        painter.setPen(c.muted)
        for quadrant, box in corners:
            painter.drawText(box.adjusted(6, 2, -6, 0), Qt.AlignmentFlag.AlignLeft, quadrant.label)
        painter.drawText(
            QRectF(area.left(), area.bottom() + 6, area.width(), 18),
            Qt.AlignmentFlag.AlignHCenter,
            "Value →",
        )
        painter.save()
        painter.translate(12, area.center().y())
        painter.rotate(-90)
        painter.drawText(QRectF(-60, -10, 120, 20), Qt.AlignmentFlag.AlignCenter, "Risk →")
        painter.restore()
        bold = QFont(painter.font())
        bold.setBold(True)
        taken: list[QRectF] = []
        for placement in self.placements:
            spot = self.point_of(placement)
            mine = placement.alliance_id == self.focused
            radius = 4 + (4 - placement.tier)  # tier 1 biggest
            painter.setPen(QPen(c.text if mine else c.base, 2 if mine else 1))
            colour = c.overdue if placement.quadrant is Quadrant.MANAGE_CLOSELY else c.accent
            painter.setBrush(colour)
            painter.drawEllipse(spot, radius, radius)
            painter.setPen(c.text)
            painter.setFont(bold if mine else self.font())
            text = f"{placement.name} · T{placement.tier}"
            metrics = QFontMetrics(bold if mine else self.font())
            room_right = area.right() - (spot.x() + radius + 3)
            room_left = spot.x() - radius - 3
            wanted = metrics.horizontalAdvance(text) + (12 if mine else 6)
            on_right = room_right >= wanted or room_right >= room_left
            width = min(wanted, room_right if on_right else room_left)
            text = metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, int(width) - 4)
            label = QRectF(spot.x() + radius + 3, spot.y() - 9, width, 18)
            if not on_right:
                label.moveRight(spot.x() - radius - 3)
            step = -18 if spot.y() > area.center().y() else 18  # toward the middle
            for _ in range(len(taken)):  # alliances side by side: labels stacked
                if not any(label.intersects(other) for other in taken):
                    break
                label.translate(0, step)
            taken.append(label)
            painter.drawText(
                label, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text
            )
        if not self.placements:
            painter.setPen(c.muted)
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, "No alliances yet.")
