"""Two-sided health checks, in the Risks & decisions section: the latest check as a spider
chart, the perception gap per dimension and the overall score over time."""

from __future__ import annotations

import math
from datetime import date

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core import wall
from alliance_desk.core.changes import Kind
from alliance_desk.core.dates import entered, shown
from alliance_desk.core.health_checks import DIMENSIONS, HealthCheck, trend, validate_health_check
from alliance_desk.core.validation import ValidationError
from alliance_desk.store import health_checks, portfolio
from alliance_desk.ui.alliance_chooser import AllianceChooser
from alliance_desk.ui.alliance_picker import name_the_alliance, pick_alliance
from alliance_desk.ui.charts import TrendLine
from alliance_desk.ui.desk import Desk
from alliance_desk.ui.dialogs import dialog_buttons
from alliance_desk.ui.forms import FieldForm
from alliance_desk.ui.governance.commands import AddCheckCommand, DeleteCheckCommand
from alliance_desk.ui.theme import SIDE_COLOURS, colours
from alliance_desk.ui.widgets import heading

HEALTH_SHOWS = frozenset({Kind.HEALTH_CHECK, Kind.ALLIANCE})


TREND_MOST = 300  # px: the tallest the overall score over time grows


class SpiderChart(QWidget):
    """The latest check: both sides' scores on each dimension, as two outlines."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check: HealthCheck | None = None
        self.setMinimumSize(300, 280)

    def set_check(self, check: HealthCheck | None) -> None:
        self.check = check
        self.update()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.check is None:
            painter.setPen(colours().muted)
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No health check yet.")
            )
            return
        centre, point = self.centre(), self.point
        count = len(DIMENSIONS)

        # Rings and spokes in the muted grey (the spokes were black, the rings all but
        # invisible), each ring numbered up the first spoke so a score can be read off.
        grid = QColor(colours().muted)
        grid.setAlpha(110)
        painter.setPen(QPen(grid, 1))
        for ring in range(1, 6):
            painter.drawPolygon(QPolygonF([point(i, ring) for i in range(count)]))
        for index in range(count):
            painter.drawLine(centre, point(index, 5))
        painter.setPen(colours().text)
        for index, dimension in enumerate(DIMENSIONS):
            box, align = self.label_box(index)
            painter.drawText(box, align, dimension.label)
        for side, colour in ((0, SIDE_COLOURS["internal"]), (1, SIDE_COLOURS["partner"])):
            shape = QPolygonF(
                [point(i, self.check.scores[d.key][side]) for i, d in enumerate(DIMENSIONS)]
            )
            fill = QColor(colour)
            fill.setAlpha(50)
            painter.setBrush(fill)
            painter.setPen(QPen(QColor(colour), 2))
            painter.drawPolygon(shape)
        self._ring_numbers(painter)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QColor(SIDE_COLOURS["internal"]))
        painter.drawText(QPointF(8, 16), self.tr("■ Our company"))
        painter.setPen(QColor(SIDE_COLOURS["partner"]))
        painter.drawText(QPointF(8, 34), self.tr("■ Partner"))
        painter.end()

    def _ring_numbers(self, painter: QPainter) -> None:
        """Each ring's number up the first spoke, over the outlines on a patch of the
        window's colour (the outlines ran through "3" and "4")."""
        small = self.font()
        small.setPointSizeF(small.pointSizeF() * 0.8)
        painter.setFont(small)
        metrics = painter.fontMetrics()
        patch = QColor(self.palette().color(self.backgroundRole()))
        patch.setAlpha(210)
        painter.setBrush(patch)
        for ring in range(1, 6):
            mark = self.point(0, ring)
            box = QRectF(mark.x() + 2, mark.y() + 1, metrics.horizontalAdvance("5") + 4, 12)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(box, 2, 2)
            painter.setPen(colours().muted)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, str(ring))
        painter.setFont(self.font())

    LEGEND = 40  # px the two sides' names take at the top left

    def radius(self) -> float:
        """As large as the width allows beside the names of the side spokes ("Decision
        making" was cut at the edge), and the height below the legend and above and below
        the names of the top and bottom spokes."""
        widest = max(self.fontMetrics().horizontalAdvance(d.label) for d in DIMENSIONS)
        line = self.fontMetrics().height()
        # the names sit at 5.25 on their spokes: above the top one, below the bottom two
        tall = (self.height() - self.LEGEND - 2 * line - 8) / (1.05 * (1 + math.cos(math.pi / 5)))
        return max(40.0, min(self.width() / 2 - widest - 10, tall))

    def centre(self) -> QPointF:
        """Near the top, under the legend, beside the text on its right (centred in a tall
        pane it stood in a band of blank above and below)."""
        line = self.fontMetrics().height()
        return QPointF(self.width() / 2, self.LEGEND + line + 4 + 1.05 * self.radius())

    def point(self, index: int, value: float) -> QPointF:
        """Where `value` (0–5) lies on the spoke of dimension `index`."""
        angle = -math.pi / 2 + 2 * math.pi * index / len(DIMENSIONS)
        return self.centre() + QPointF(math.cos(angle), math.sin(angle)) * self.radius() * value / 5

    def label_box(self, index: int) -> tuple[QRectF, Qt.AlignmentFlag]:
        return self._label_box(self.point(index, 5.25), self.centre())

    def _label_box(self, at: QPointF, centre: QPointF) -> tuple[QRectF, Qt.AlignmentFlag]:
        """Where a dimension's name goes: beside the end of its spoke, on the side away from
        the chart (a box centred on the point let the spoke run through the name)."""
        width = max(self.fontMetrics().horizontalAdvance(d.label) for d in DIMENSIONS) + 4
        height = self.fontMetrics().height()
        flag = Qt.AlignmentFlag
        if abs(at.x() - centre.x()) < 2:  # straight up or down: centred above or below
            top = at.y() - height if at.y() < centre.y() else at.y()
            return QRectF(at.x() - width / 2, top, width, height), flag.AlignHCenter
        top = at.y() if at.y() > centre.y() else at.y() - height
        if at.x() > centre.x():
            return QRectF(min(at.x() + 2, self.width() - width), top, width, height), flag.AlignLeft
        return QRectF(max(at.x() - 2 - width, 0), top, width, height), flag.AlignRight


class HealthDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New health check"))
        self.result_value: tuple[date, dict, str] | None = None
        self.form = FieldForm()
        self.form.add_line("checked_on", self.tr("&Date")).setText(entered(wall.today()))
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("Our company")), 0, 1)
        grid.addWidget(QLabel(self.tr("Partner")), 0, 2)
        self.spins: dict[str, QSpinBox] = {}
        for row, dimension in enumerate(DIMENSIONS, start=1):
            label = QLabel(dimension.label)
            label.setToolTip(dimension.question)
            grid.addWidget(label, row, 0)
            for column, side in ((1, "ours"), (2, "theirs")):
                spin = QSpinBox()
                # Unscored until scored: every box preset to 3 let one Ctrl+Enter record a
                # check nobody made.
                spin.setRange(0, 5)
                spin.setSpecialValueText(self.tr("—"))
                spin.setValue(0)
                spin.setAccessibleName(
                    self.tr("{dimension}, {side}").format(
                        dimension=dimension.label,
                        side=self.tr("our company") if side == "ours" else self.tr("partner"),
                    )
                )
                grid.addWidget(spin, row, column)
                self.spins[f"{dimension.key}.{side}"] = spin
        self.note = self.form.add_text(
            "note", self.tr("&Note"), self.tr("What stood out; what each side said")
        )
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addLayout(grid)
        layout.addWidget(self.problem)
        layout.addWidget(dialog_buttons(self, self.tr("Record check")))

    def accept(self) -> None:
        unscored = [spin for spin in self.spins.values() if spin.value() == 0]
        if unscored:
            self.problem.setText(
                self.tr("Score every line for both sides, 1 to 5: {count} not scored yet.").format(
                    count=len(unscored)
                )
            )
            self.problem.show()
            unscored[0].setFocus()
            return
        values = {**self.form.values(), **{key: spin.value() for key, spin in self.spins.items()}}
        try:
            self.result_value = validate_health_check(values)
        except ValidationError as error:
            self.form.show_errors(error.errors)
            return
        super().accept()


class HealthTab(QWidget):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.checks: list[HealthCheck] = []
        self.spider = SpiderChart()
        self.trend = TrendLine()
        self.gaps = QLabel()
        self.gaps.setTextFormat(Qt.TextFormat.PlainText)
        self.gaps.setWordWrap(True)
        add = QPushButton(self.tr("New health check…"))
        add.setObjectName("primary")
        add.clicked.connect(self.new_check)
        self.remove = remove = QPushButton(self.tr("Delete latest check"))
        remove.setObjectName("secondary")
        remove.clicked.connect(self.delete_latest)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(remove)
        buttons.addWidget(add)
        # On "All alliances": one page saying what a check is, with the alliances to pick.
        self.choose = AllianceChooser(
            self.tr(
                "A health check belongs to one alliance: each side scores trust, communication, "
                "decision making, value delivery and governance from 1 to 5."
            )
        )
        self.choose.chosen.connect(self.desk.select_alliance)
        right = QVBoxLayout()
        right.addWidget(heading(self.tr("Perception gap (ours − theirs)"), level=2))
        right.addWidget(self.gaps)
        right.addWidget(heading(self.tr("Overall score over time"), level=2))
        # the room below the gaps, up to a chart's height (a 140-px line over blank)
        self.trend.setMaximumHeight(TREND_MOST)
        right.addWidget(self.trend, 1)
        right.addStretch(0)
        body = QHBoxLayout()
        body.addWidget(self.spider, 1)
        body.addLayout(right, 1)
        charts = QWidget()
        inner = QVBoxLayout(charts)
        inner.setContentsMargins(0, 4, 0, 0)
        inner.addLayout(buttons)
        inner.addLayout(body, 1)
        self.pages = QStackedWidget()
        self.pages.addWidget(charts)
        self.pages.addWidget(self.choose)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    def reload(self) -> None:
        store, alliance_id = self.desk.store, self.desk.alliance_id
        if store is not None and alliance_id is None:
            self.checks = []
            self.choose.fill(portfolio.list_alliances(store))
            self.pages.setCurrentWidget(self.choose)
            return
        self.pages.setCurrentIndex(0)
        self.checks = health_checks.list_checks(store, alliance_id) if store and alliance_id else []
        latest = self.checks[-1] if self.checks else None
        self.remove.setEnabled(latest is not None)
        self.spider.set_check(latest)
        self.trend.set_points(trend(self.checks))
        if latest is None:
            self.gaps.setText(
                self.tr(
                    "Choose an alliance and record a check: each side scores trust, communication, "
                    "decision making, value delivery and governance from 1 to 5."
                )
                if alliance_id
                else self.tr("Health checks belong to one alliance: choose it above (Ctrl+L).")
            )
            return
        lines = [
            self.tr("Checked {day} · overall {score} / 5").format(
                day=shown(latest.checked_on), score=f"{latest.overall:.1f}"
            )
        ]
        for dimension in DIMENSIONS:
            ours, theirs = latest.scores[dimension.key]
            gap = latest.gap(dimension.key)
            flag = (
                self.tr("  ← they see it worse")
                if gap >= 2
                else (self.tr("  ← we see it worse") if gap <= -2 else "")
            )
            line = (
                self.tr("{dimension}: {ours} vs {theirs}  (gap {gap})").format(
                    dimension=dimension.label,
                    ours=ours,
                    theirs=theirs,
                    gap=f"{gap:+d}".replace("-", "−"),  # the heading's minus sign
                )
                if gap
                else self.tr("{dimension}: {ours} vs {theirs}  (no gap)").format(
                    dimension=dimension.label, ours=ours, theirs=theirs
                )
            )
            lines.append(line + flag)
        if latest.note:
            lines.append(f"\n{latest.note}")
        self.gaps.setText("\n".join(lines))

    def new_check(self) -> None:
        alliance_id = pick_alliance(
            self.desk, self, self.tr("A health check belongs to one alliance.")
        )
        if self.desk.store is None or alliance_id is None:
            return
        dialog = HealthDialog(self)
        name_the_alliance(dialog, self.desk, alliance_id)
        added = self.desk.run_dialog(
            dialog,
            lambda: (
                AddCheckCommand(self.desk, alliance_id, *dialog.result_value)
                if dialog.result_value is not None
                else None
            ),
        )
        if added is not None:
            # Checks are shown one alliance at a time: one picked from "All alliances" comes
            # into focus, or the tab went on asking to choose one, another one highlighted.
            self.desk.select_alliance(alliance_id)

    def delete_latest(self) -> None:
        if not self.checks:
            return
        self.desk.run(DeleteCheckCommand(self.desk, self.checks[-1]))
