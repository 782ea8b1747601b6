"""The risk × value quadrant on screen: every alliance a dot, clickable (core/placement.py
places them)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from alliance_desk.core.placement import HIGH, Placement, Quadrant, shown
from alliance_desk.ui.kept_picture import KeptPicture
from alliance_desk.ui.theme import colours
from alliance_desk.ui.value.labels import (
    LEADING,
    Dot,
    Label,
    leader_end,
    place_labels,
    spread,
    stacks,
)

LOW, TOP = 1.0, 5.0
MARGIN_LEFT, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_RIGHT = 34, 30, 8, 10
INSET = 10  # pixels between the frame and where 1 or 5 falls: the largest dot fits
HIT = 12  # pixels around a dot that count as clicking it


class QuadrantMap(QWidget):
    """Alliances by value (across) and risk (up); a click picks one, a double click opens it."""

    picked = Signal(int)  # alliance id
    opened = Signal(int)
    named = Signal(int, int)  # alliances named on the chart, alliances on it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.placements: list[Placement] = []
        self.focused: int | None = None
        self._labels: tuple | None = None
        self._dots: tuple | None = None
        self._named = -1
        self.picture = KeptPicture()  # its last drawing, copied while it shows the same
        self.setMinimumSize(320, 280)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self.setAccessibleName(self.tr("Risk × value quadrant"))

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

    def _plot(self) -> QRectF:
        """Where 1 and 5 fall: inside the frame by a dot's size, so no dot is cut in half, and
        clear of the quadrants' titles along the top and the bottom."""
        # a name centred on a dot at 1 or 5 must clear the title strip too
        strip = 1.5 * QFontMetricsF(self.font()).height() + 6
        return self._area().adjusted(INSET, strip, -INSET, -strip)

    def _splits(self) -> QPointF:
        plot = self._plot()
        return QPointF(
            plot.left() + plot.width() * (HIGH - LOW) / (TOP - LOW),
            plot.bottom() - plot.height() * (HIGH - LOW) / (TOP - LOW),
        )

    def point_of(self, placement: Placement) -> QPointF:
        plot = self._plot()
        x = plot.left() + plot.width() * (placement.value - LOW) / (TOP - LOW)
        y = plot.bottom() - plot.height() * (placement.risk - LOW) / (TOP - LOW)
        return QPointF(x, y)

    def dots(self) -> list[Dot]:
        """Each alliance's dot (tier 1 biggest); alliances on one spot sit side by side around
        it, so each name has a dot of its own (computed once per size and content)."""
        key = (self.size(), self.font().key(), tuple(self.placements))
        if self._dots is None or self._dots[0] != key:
            dots = [Dot(p, self.point_of(p), 4 + (4 - p.tier)) for p in self.placements]
            line = QFontMetricsF(self.font()).height() + 2 + LEADING  # a name's height
            self._dots = (key, spread(dots, line, self._plot()))
        return self._dots[1]

    def corner_titles(self) -> list[tuple[Quadrant, QRectF]]:
        """Each quadrant's title, in its outer corner (a name is never written over one)."""
        area, split = self._area(), self._splits()
        metrics = QFontMetricsF(self.font())
        height = metrics.height() + 2

        def box(quadrant: Quadrant, left: float, right: float, top: bool) -> QRectF:
            width = min(metrics.horizontalAdvance(quadrant.label) + 4, right - left - 8)
            y = area.top() + 2 if top else area.bottom() - 2 - height
            return QRectF(left + 6, y, max(width, 0), height)

        return [
            (Quadrant.CONTAIN, box(Quadrant.CONTAIN, area.left(), split.x(), True)),
            (Quadrant.MANAGE_CLOSELY, box(Quadrant.MANAGE_CLOSELY, split.x(), area.right(), True)),
            (Quadrant.MONITOR, box(Quadrant.MONITOR, area.left(), split.x(), False)),
            (Quadrant.PROTECT, box(Quadrant.PROTECT, split.x(), area.right(), False)),
        ]

    def labels(self) -> list[Label]:
        """The names written on the chart (computed once per size, font and content)."""
        key = (self.size(), self.font().key(), self.focused, tuple(self.placements))
        if self._labels is None or self._labels[0] != key:
            bold = QFont(self.font())
            bold.setBold(True)
            placed = place_labels(
                self.dots(),
                self._area(),
                QFontMetricsF(self.font()),
                QFontMetricsF(bold),
                self.focused,
                [rect for _quadrant, rect in self.corner_titles()]
                + [rect for rect, _count in self.badges()],
            )
            self._labels = (key, placed)
            named = len(placed)
            if named != self._named:
                self._named = named
                self.named.emit(named, len(self.placements))
        return self._labels[1]

    def near(self, where: QPointF) -> list[Placement]:
        """Every alliance whose dot is within reach of `where`, nearest first."""
        found = []
        for dot in self.dots():
            spot = dot.spot
            gap = ((spot.x() - where.x()) ** 2 + (spot.y() - where.y()) ** 2) ** 0.5
            if gap <= HIT:
                found.append((gap, dot.placement))
        return [placement for _gap, placement in sorted(found, key=lambda pair: pair[0])]

    def at(self, where: QPointF) -> Placement | None:
        nearest = self.near(where)
        return nearest[0] if nearest else None

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
        near = self.near(event.position())
        self.setCursor(Qt.CursorShape.PointingHandCursor if near else Qt.CursorShape.ArrowCursor)
        self.setToolTip(self.describe(near))

    def describe(self, near: list[Placement]) -> str:
        """The tooltip over a dot: each alliance there in full (dots close together: all)."""
        if not near:
            return ""
        lines = [
            self.tr("{name} — tier {tier}\nValue {value:.1f}, risk {risk:.1f}: {quadrant}").format(
                name=p.name,
                tier=p.tier,
                value=shown(p.value),
                risk=shown(p.risk),
                quadrant=p.quadrant.label,
            )
            + "\n"
            + self.tr("Risk from: {factors}").format(factors=p.factors.describe())
            for p in near
        ]
        return "\n\n".join([*lines, self.tr("Click to focus on it; double-click to open it.")])

    def badges(self) -> list[tuple[QRectF, int]]:
        """Where many alliances share one spot: a badge with their count, beside their dot."""
        metrics = QFontMetricsF(self.font())
        found = []
        for spot, count in stacks(self.dots()):
            text = str(count)
            size = max(metrics.horizontalAdvance(text) + 6, metrics.height())
            found.append((QRectF(spot.x() - size - 2, spot.y() - size - 2, size, size), count))
        return found

    def _draw_badges(self, painter: QPainter) -> None:
        c = colours()
        for rect, count in self.badges():
            painter.setPen(QPen(c.base, 1))
            painter.setBrush(c.text)
            painter.drawEllipse(rect)
            painter.setPen(c.base)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(count))

    def paintEvent(self, _event: QPaintEvent) -> None:
        """The chart as last drawn while it shows the same (600 alliances: ≈ 6 ms of drawing
        at every return to Value, and at every repaint a tooltip or a window above it asks
        for); drawn afresh when its size, font, colours, dots or focus changed."""
        self.picture.paint(self, (self.focused, tuple(self.placements)), self._draw)

    @property
    def drawings(self) -> int:
        return self.picture.drawings

    def _draw(self, painter: QPainter) -> None:
        painter.setFont(self.font())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        c = colours()
        area, split = self._area(), self._splits()
        split_x, split_y = split.x(), split.y()
        painter.fillRect(area, c.base)
        shaded = QRectF(split_x, area.top(), area.right() - split_x, split_y - area.top())
        painter.fillRect(shaded, c.faint)
        painter.setPen(QPen(c.line, 1))
        painter.drawRect(area)
        painter.setPen(QPen(c.muted, 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(split_x, area.top()), QPointF(split_x, area.bottom()))
        painter.drawLine(QPointF(area.left(), split_y), QPointF(area.right(), split_y))
        painter.setPen(c.muted)
        for quadrant, box in self.corner_titles():
            painter.drawText(
                box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, quadrant.label
            )
        painter.drawText(
            QRectF(area.left(), area.bottom() + 6, area.width(), 18),
            Qt.AlignmentFlag.AlignHCenter,
            self.tr("Value →"),
        )
        painter.save()
        painter.translate(12, area.center().y())
        painter.rotate(-90)
        painter.drawText(QRectF(-60, -10, 120, 20), Qt.AlignmentFlag.AlignCenter, self.tr("Risk →"))
        painter.restore()
        bold = QFont(painter.font())
        bold.setBold(True)
        for dot in self.dots():
            mine = dot.placement.alliance_id == self.focused
            painter.setPen(QPen(c.text if mine else c.base, 2 if mine else 1))
            hot = dot.placement.quadrant is Quadrant.MANAGE_CLOSELY
            painter.setBrush(c.overdue if hot else c.accent)
            painter.drawEllipse(dot.spot, dot.radius, dot.radius)
        self._draw_badges(painter)
        painter.setPen(c.text)
        for label in self.labels():
            # a name stays legible where a dashed split runs under it: the splits stop at it
            painter.fillRect(label.rect, c.base)
            painter.fillRect(label.rect.intersected(shaded), c.faint)
            if label.leader is not None:
                painter.setPen(QPen(c.muted, 1))
                painter.drawLine(label.leader, leader_end(label.rect, label.leader))
                painter.setPen(c.text)
            if label.plate:  # over other dots: on its own ground, so it stays readable
                painter.setPen(QPen(c.line, 1))
                painter.setBrush(c.base)
                painter.drawRoundedRect(label.rect, 3, 3)
                painter.setPen(c.text)
            painter.setFont(bold if label.alliance_id == self.focused else self.font())
            painter.drawText(
                label.rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label.text
            )
        painter.setFont(self.font())
        if not self.placements:
            painter.setPen(c.muted)
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, self.tr("No alliances yet."))
