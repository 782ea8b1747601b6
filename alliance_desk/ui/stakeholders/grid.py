"""The power × interest grid: people as markers you can drag to re-rate them."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Sequence

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QFontMetricsF,
    QImage,
    QPainter,
    QPen,
)
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QWidget,
)

from alliance_desk.core.dates import shown
from alliance_desk.core.people import Side
from alliance_desk.core.stakeholders import HIGH, Quadrant, Stakeholder, quadrant
from alliance_desk.ui.i18n import QT_TRANSLATE_NOOP, translate
from alliance_desk.ui.stakeholders.caption import Caption
from alliance_desk.ui.theme import SIDE_COLOURS, colours, mixed

CELL = 140.0  # scene units per rating step
MARGIN = 70.0  # room for the axis titles
PLOT = CELL * 5
TOP_CENTRE = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
BOTTOM_CENTRE = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom
RIGHT_MIDDLE = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def quadrant_tints() -> dict[Quadrant, QColor]:
    """Manage closely stands out a little; the others barely; light and dark alike."""
    c = colours()
    return {
        Quadrant.MANAGE_CLOSELY: mixed(c.accent, c.base, 0.14),
        Quadrant.KEEP_SATISFIED: mixed(c.text, c.base, 0.05),
        Quadrant.KEEP_INFORMED: mixed(c.text, c.base, 0.05),
        Quadrant.MONITOR: c.base,
    }


def cell_centre(power: int, interest: int) -> QPointF:
    """Interest runs left to right, power bottom to top."""
    return QPointF(MARGIN + (interest - 0.5) * CELL, MARGIN + (5 - power + 0.5) * CELL)


def tint_at(point: QPointF) -> QColor:
    """The colour of the grid under a scene point: its quadrant's tint."""
    return quadrant_tints()[quadrant(*rating_at(point))]


def rating_at(point: QPointF) -> tuple[int, int]:
    """The (power, interest) cell under a scene point, snapped to 1–5."""
    interest = min(5, max(1, math.floor((point.x() - MARGIN) / CELL) + 1))
    power = min(5, max(1, 5 - math.floor((point.y() - MARGIN) / CELL)))
    return power, interest


# Honorifics a short label leaves out rather than keep as if they were the first name.
TITLES = frozenset({"dr", "prof", "mr", "mrs", "ms", "mx", "sir", "dame", "dott", "ing"})
_BRACKETED = re.compile(r"\s*\([^)]*\)\s*$")  # "(Kim Min-jun)" after a name


def short_label(name: str, metrics: QFontMetrics | QFontMetricsF, width: float) -> str:
    """The name if it fits; else without what it adds in brackets (a transliteration:
    "김민준 (Kim Min-jun)" is "김민준", not "김민준 M."); else without a title ("Dr.");
    else first name and initial ("Kwame N."); else elided."""
    if metrics.horizontalAdvance(name) <= width:
        return name
    name = _BRACKETED.sub("", name).strip() or name
    if metrics.horizontalAdvance(name) <= width:
        return name
    parts = name.split()
    if len(parts) > 2 and parts[0].rstrip(".").casefold() in TITLES:
        parts = parts[1:]  # "Dr. Samuel Achebe" is "Samuel Achebe", then "Samuel A." —
        if metrics.horizontalAdvance(" ".join(parts)) <= width:  # not "Dr. A."
            return " ".join(parts)
    if len(parts) > 1:
        short = f"{parts[0]} {parts[-1][0]}."
        if metrics.horizontalAdvance(short) <= width:
            return short
    return metrics.elidedText(name, Qt.TextElideMode.ElideRight, int(width))


def fan_out(count: int) -> list[QPointF]:
    """Offsets that spread `count` people sharing a cell over a grid inside it."""
    if count <= 1:
        return [QPointF(0, 0)]
    rows = math.ceil(math.sqrt(count))  # stack first: names are wider than they are tall
    columns = math.ceil(count / rows)
    step_x, step_y = CELL / columns, CELL / rows
    return [
        QPointF(
            (i % columns - (columns - 1) / 2) * step_x, (i // columns - (rows - 1) / 2) * step_y
        )
        for i in range(count)
    ]


class PersonMarker(QGraphicsEllipseItem):
    """A person on the grid: filled by side, marked by stance, name underneath."""

    def __init__(self, stakeholder: Stakeholder, radius: float, label_width: float, on_drop):
        super().__init__(-radius, -radius, 2 * radius, 2 * radius)
        self.stakeholder = stakeholder
        self.on_drop = on_drop
        self.home = QPointF()
        colour = QColor(SIDE_COLOURS[stakeholder.side.value])
        self.setBrush(QBrush(colour))
        self.setPen(QPen(colour.darker(130), 1.5))
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
        )
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setAcceptHoverEvents(True)
        self.setZValue(2)
        mark = QGraphicsSimpleTextItem(stakeholder.details.stance.mark, self)
        mark.setBrush(QBrush(QColor("white")))
        font = QFont()
        font.setPixelSize(int(radius * 1.1))
        font.setBold(True)
        mark.setFont(font)
        box = mark.boundingRect()
        mark.setPos(-box.width() / 2, -box.height() / 2)
        self.label = Caption(
            stakeholder.name,
            12 if label_width > 90 else 10,
            colours().text,
            TOP_CENTRE,
            share=0.9,
            width=label_width,
            shorten=short_label,
            backdrop=tint_at,
            parent=self,
        )
        self.label.setPos(0, radius + 2)
        self.setToolTip(self._tooltip())

    def _tooltip(self) -> str:
        s = self.stakeholder
        lines = [
            s.name,
            " · ".join(part for part in (s.person.title, s.person.organisation) if part),
            f"{s.side.label} · {s.details.stance.label} · {s.quadrant.label}",
            translate("StakeholderGrid", "Power {power} · interest {interest}").format(
                power=s.details.power, interest=s.details.interest
            ),
        ]
        if s.details.roles:
            lines.append(
                translate("StakeholderGrid", "Roles: {roles}").format(roles=s.details.roles)
            )
        lines.append(
            translate("StakeholderGrid", "Last contact: {day}").format(day=shown(s.last_contact))
            if s.last_contact
            else translate("StakeholderGrid", "Last contact: none logged")
        )
        return "\n".join(line for line in lines if line)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        if self.isSelected():
            painter.setPen(QPen(colours().text, 2, Qt.PenStyle.DashLine))
            painter.drawEllipse(self.rect().adjusted(-4, -4, 4, 4))
        option.state &= ~option.state.State_Selected  # no default dotted box
        super().paint(painter, option, widget)

    def mousePressEvent(self, event) -> None:
        self.setCursor(Qt.CursorShape.ClosedHandCursor)
        self.setZValue(3)
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setZValue(2)
        self.on_drop(self)


class StakeholderGrid(QGraphicsView):
    """Shows an alliance's people by power and interest. Dragging a marker to another cell
    emits `rerated`; the caller stores the rating and redraws."""

    rerated = Signal(int, int, int)  # stakeholder id, power, interest
    selected = Signal(object)  # stakeholder id or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setBackgroundBrush(QBrush(colours().base))
        self.setMinimumSize(360, 360)
        self.setAccessibleName(self.tr("Power and interest grid"))
        self.setAccessibleDescription(self.tr("Drag a person to another cell to re-rate them"))
        self.markers: dict[int, PersonMarker] = {}
        self.lines: list[tuple[QGraphicsLineItem, int, int]] = []
        self._show_lines = True
        self._visible: Callable[[Stakeholder], bool] = lambda _s: True
        self.scene().selectionChanged.connect(self._selection_changed)
        self._draw_background()

    # -- drawing -------------------------------------------------------------------------------

    def _draw_background(self) -> None:
        scene, c = self.scene(), colours()
        tints = quadrant_tints()
        # Under the plot: a row of numbers, two quadrant titles and the axis's title.
        scene.setSceneRect(QRectF(0, 0, PLOT + 2 * MARGIN, PLOT + 2 * MARGIN + 40))
        half = CELL * (HIGH - 1)  # the quadrant lines fall where "high" begins
        boxes = {
            Quadrant.KEEP_SATISFIED: QRectF(MARGIN, MARGIN, half, PLOT - half),
            Quadrant.MANAGE_CLOSELY: QRectF(MARGIN + half, MARGIN, PLOT - half, PLOT - half),
            Quadrant.MONITOR: QRectF(MARGIN, MARGIN + PLOT - half, half, half),
            Quadrant.KEEP_INFORMED: QRectF(MARGIN + half, MARGIN + PLOT - half, PLOT - half, half),
        }
        for name, box in boxes.items():
            scene.addRect(box, QPen(Qt.PenStyle.NoPen), QBrush(tints[name]))
            # Titles sit outside the plot, above or below their quadrant, clear of the markers;
            # below it, under the row of numbers.
            above = box.top() == MARGIN
            title = Caption(
                name.label.upper(),
                15,
                c.muted,
                BOTTOM_CENTRE if above else TOP_CENTRE,
                bold=True,
                lines=0 if above else 1,
            )
            title.setPos(box.center().x(), MARGIN - 4 if above else MARGIN + PLOT + 4)
            scene.addItem(title)
        grid_pen = QPen(c.line, 1)
        for step in range(6):
            offset = MARGIN + step * CELL
            scene.addLine(offset, MARGIN, offset, MARGIN + PLOT, grid_pen)
            scene.addLine(MARGIN, offset, MARGIN + PLOT, offset, grid_pen)
        split = QPen(mixed(c.text, c.base, 0.35), 2)
        scene.addLine(MARGIN + half, MARGIN, MARGIN + half, MARGIN + PLOT, split)
        scene.addLine(MARGIN, MARGIN + PLOT - half, MARGIN + PLOT, MARGIN + PLOT - half, split)
        for value in range(1, 6):
            centre = cell_centre(value, value)
            across = Caption(str(value), 13, c.muted, TOP_CENTRE, share=0.9)
            across.setPos(centre.x(), MARGIN + PLOT + 4)
            up = Caption(str(value), 13, c.muted, RIGHT_MIDDLE, share=0.9)
            up.setPos(MARGIN - 6, centre.y())
            scene.addItem(across)
            scene.addItem(up)
        across = Caption(
            self.tr("Interest / engagement →"), 13, c.text, TOP_CENTRE, bold=True, lines=2
        )
        across.setPos(MARGIN + PLOT / 2, MARGIN + PLOT + 4)
        up = Caption(
            self.tr("Power / influence →"), 13, c.text, BOTTOM_CENTRE, bold=True, lines=-0.7
        )
        up.setRotation(-90)  # its bottom faces the plot, a number's width away
        up.setPos(MARGIN - 6, MARGIN + PLOT / 2)
        scene.addItem(across)
        scene.addItem(up)

    def _fit_words(self) -> None:
        """Every word on the grid at the desktop's font size for the grid's present scale."""
        scale = self.transform().m11()
        for item in self.scene().items():
            if isinstance(item, Caption):
                item.fit(scale if scale > 0 else None)

    def set_people(self, people: Sequence[Stakeholder]) -> None:
        """Place everyone, fanning out people who share a cell; keeps the selection."""
        chosen = self.selected_id()
        for marker in self.markers.values():
            self.scene().removeItem(marker)
        for line, _, _ in self.lines:
            self.scene().removeItem(line)
        self.markers.clear()
        self.lines.clear()
        by_cell: dict[tuple[int, int], list[Stakeholder]] = defaultdict(list)
        for person in people:
            by_cell[(person.details.power, person.details.interest)].append(person)
        for (power, interest), group in by_cell.items():
            group.sort(key=lambda s: (s.side is Side.PARTNER, s.name.casefold()))
            offsets = fan_out(len(group))
            rows = math.ceil(math.sqrt(len(group)))
            columns = math.ceil(len(group) / rows)
            radius = min(15.0, CELL / rows * 0.2)
            for person, offset in zip(group, offsets, strict=True):
                marker = PersonMarker(person, radius, CELL / columns - 6, self._dropped)
                marker.home = cell_centre(power, interest) + offset
                marker.setPos(marker.home)
                self.scene().addItem(marker)
                self.markers[person.id] = marker
        pen = QPen(mixed(colours().text, colours().base, 0.5), 1.4, Qt.PenStyle.DashLine)
        seen: set[tuple[int, int]] = set()
        for person in people:
            for other in person.counterpart_ids:
                key = (min(person.id, other), max(person.id, other))
                if key in seen or other not in self.markers:
                    continue
                seen.add(key)
                a, b = self.markers[person.id].pos(), self.markers[other].pos()
                line = self.scene().addLine(a.x(), a.y(), b.x(), b.y(), pen)
                line.setZValue(1)
                self.lines.append((line, key[0], key[1]))
        self._apply_visibility()
        self._fit_words()
        if chosen in self.markers:
            self.markers[chosen].setSelected(True)

    # -- filters and lines ---------------------------------------------------------------------

    def set_filter(self, visible: Callable[[Stakeholder], bool]) -> None:
        self._visible = visible
        self._apply_visibility()

    def show_counterparts(self, show: bool) -> None:
        self._show_lines = show
        self._apply_visibility()

    def _apply_visibility(self) -> None:
        for marker in self.markers.values():
            marker.setVisible(self._visible(marker.stakeholder))
        for line, a, b in self.lines:
            line.setVisible(
                self._show_lines and self.markers[a].isVisible() and self.markers[b].isVisible()
            )

    # -- interaction ---------------------------------------------------------------------------

    def _dropped(self, marker: PersonMarker) -> None:
        power, interest = rating_at(marker.pos())
        details = marker.stakeholder.details
        if (power, interest) == (details.power, details.interest):
            marker.setPos(marker.home)  # snap back into its place in the cell
            return
        # Storing the rating redraws the grid, removing this very marker: let the mouse
        # release finish with it first.
        stakeholder_id = marker.stakeholder.id
        QTimer.singleShot(0, lambda: self.rerated.emit(stakeholder_id, power, interest))

    def selected_id(self) -> int | None:
        for stakeholder_id, marker in self.markers.items():
            if marker.isSelected():
                return stakeholder_id
        return None

    def select(self, stakeholder_id: int | None) -> None:
        self.scene().blockSignals(True)
        self.scene().clearSelection()
        if stakeholder_id in self.markers:
            self.markers[stakeholder_id].setSelected(True)
        self.scene().blockSignals(False)

    def _selection_changed(self) -> None:
        self.selected.emit(self.selected_id())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fitInView(self.scene().sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        self._fit_words()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.fitInView(self.scene().sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        self._fit_words()

    def to_image(self, scale: float = 2.0) -> QImage:
        """The grid as a picture (what is visible, selection marks left out)."""
        chosen = self.selected_id()
        self.scene().clearSelection()
        rect = self.scene().sceneRect()
        image = QImage(
            int(rect.width() * scale), int(rect.height() * scale), QImage.Format.Format_ARGB32
        )
        image.fill(colours().base)
        for item in self.scene().items():
            if isinstance(item, Caption):
                item.fit(None)  # in scene units, scaled with the picture
        painter = QPainter(image)
        painter.setRenderHints(
            QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
        )
        self.scene().render(painter, QRectF(image.rect()), rect)
        painter.end()
        self._fit_words()
        if chosen is not None:
            self.select(chosen)
        return image


LEGEND = QT_TRANSLATE_NOOP(
    "StakeholderGrid",
    "Blue: our company · Orange: partner · ★ champion  + supporter  ○ neutral  ? sceptic  "
    "✕ blocker · Dashed lines join counterparts · Drag a person to re-rate them",
)
