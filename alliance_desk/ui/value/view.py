"""The Value section: where each alliance sits on risk × value and what time costs it; the
milestones promised and how they slip; the KPI scorecard with each KPI's actuals; and the
practice baseline (ui/value/baseline.py)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core import wall
from alliance_desk.core.changes import Kind
from alliance_desk.core.dates import entered
from alliance_desk.core.dates import shown as shown_date
from alliance_desk.core.placement import AllianceValue, shown
from alliance_desk.core.records import Opens
from alliance_desk.core.time_cost import time_lost_formula
from alliance_desk.core.validation import ValidationError
from alliance_desk.core.value import Kpi, validate_actual
from alliance_desk.store import stakeholders, value, value_facts
from alliance_desk.ui import widgets
from alliance_desk.ui.charts import TrendLine
from alliance_desk.ui.desk import Desk, StoreCommand, follow
from alliance_desk.ui.i18n import QT_TRANSLATE_NOOP, translate
from alliance_desk.ui.register import RegisterTab
from alliance_desk.ui.table_model import Column, RowTableModel
from alliance_desk.ui.table_view import Selection, make_table
from alliance_desk.ui.theme import OVERDUE
from alliance_desk.ui.value.baseline import BASELINE_SHOWS, BaselineTab
from alliance_desk.ui.value.quadrant import QuadrantMap
from alliance_desk.ui.value.questions import OpenQuestions
from alliance_desk.ui.value.registers import KPIS, MILESTONES
from alliance_desk.ui.widgets import heading, section_tabs

QUADRANT_SHOWS = frozenset(
    {
        Kind.ALLIANCE,
        Kind.RISK,
        Kind.ESCALATION,
        Kind.HEALTH_CHECK,
        Kind.MILESTONE,
        Kind.DECISION,
        Kind.POLICY,
        Kind.INTERACTION,
        Kind.MEETING,
    }
)


def formula_text() -> str:
    """How value, risk and time lost are worked out, under the table."""
    return translate(
        "Value",
        "Value (1–5) = ½ strategic value + 0.3 × financial value band + 0.2 × band of the value "
        "of open milestones (each band 1–5 against the largest in the portfolio). Risk (1–5) = "
        "1 + up to a point each for open high risks, escalations past their service level, the "
        "latest health gap and slipped milestones (½ point per risk, escalation or milestone). "
        "3 and above is high. {time_lost}",
    ).format(time_lost=time_lost_formula())


COLUMNS: tuple[Column[AllianceValue], ...] = (
    Column(QT_TRANSLATE_NOOP("Column", "Alliance"), lambda r: r.placement.name),
    Column(
        QT_TRANSLATE_NOOP("Column", "Tier"),
        lambda r: str(r.placement.tier),
        align_right=True,
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "Value"),
        lambda r: f"{shown(r.placement.value):.1f}",
        key=lambda r: r.placement.value,
        align_right=True,
        priority=1,
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "Risk"),
        lambda r: f"{shown(r.placement.risk):.1f}",
        key=lambda r: r.placement.risk,
        align_right=True,
        priority=1,
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "Quadrant"),
        lambda r: r.placement.quadrant.label,
        tooltip=lambda r: r.placement.quadrant.guidance,
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "Tier's rhythm"),
        lambda r: "; ".join(r.missing) or translate("Column", "on rhythm"),
        key=lambda r: len(r.missing),
        colour=lambda r: OVERDUE if r.missing else None,
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "Risk from"),
        lambda r: r.placement.factors.describe(),
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "Days to decide"),
        lambda r: "" if r.decide is None else f"{r.decide:.0f}",
        key=lambda r: r.decide or 0,
        align_right=True,
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "Open questions"),
        lambda r: (
            translate("Column", "{count} (longest {days} d)").format(
                count=r.waiting, days=r.longest_wait
            )
            if r.waiting
            else ""
        ),
        key=lambda r: r.longest_wait if r.waiting else -1,
        align_right=True,
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "Time lost (days)"),
        lambda r: str(r.lost),
        key=lambda r: r.lost,
        align_right=True,
    ),
)


class QuadrantTab(QWidget):
    opened = Signal(int)
    question_opened = Signal(object)  # core.records.Opens of an open question

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.map = QuadrantMap()
        self.map.picked.connect(self._pick)
        self.map.opened.connect(self.opened.emit)
        self.unnamed = QLabel()
        self.unnamed.setObjectName("muted")
        self.unnamed.setWordWrap(True)
        self.map.named.connect(self._named)
        self.model: RowTableModel = RowTableModel(COLUMNS, self)
        self.table = make_table(self.model, 3, True, name=self.tr("Alliances by risk and value"))
        self.table.horizontalHeader().resizeSection(0, 220)
        self.table.doubleClicked.connect(self._open_row)
        self.selection = Selection(self.table, self._selected, lambda row: row.id)
        self.guidance = QLabel()
        self.guidance.setWordWrap(True)
        self.questions = OpenQuestions()
        self.questions.opened.connect(self.question_opened.emit)
        self.rows: list[AllianceValue] = []
        self.today = wall.today()
        text = formula_text()
        self.formula = QLabel(text)
        self.formula.setObjectName("muted")
        self.formula.setWordWrap(True)
        self.formula.hide()  # the detail, for whoever asks "How is this computed?"
        scale = QLabel(self.tr("Value and risk run from 1 to 5; 3 and above is high."))
        scale.setObjectName("muted")
        scale.setWordWrap(True)
        scale.setToolTip(text)
        self.how = QToolButton()
        self.how.setText(self.tr("How is this computed?"))
        self.how.setAccessibleName(self.tr("How is this computed?"))
        self.how.setToolTip(text)
        self.how.setCheckable(True)
        self.how.setAutoRaise(True)
        self.how.setArrowType(Qt.ArrowType.RightArrow)
        self.how.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.how.toggled.connect(self._explain)
        explained = QHBoxLayout()
        explained.addWidget(scale, 1)
        explained.addWidget(self.how, 0, Qt.AlignmentFlag.AlignTop)
        header = self.table.horizontalHeader()
        for column, width in enumerate((220, 44, 60, 60, 120, 360, 300, 110, 140, 120)):
            header.resizeSection(column, width)
        side = QWidget()
        right = QVBoxLayout(side)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.table, 1)
        right.addWidget(self.guidance)
        right.addWidget(self.questions)
        right.addLayout(explained)
        right.addWidget(self.formula)
        chart = QWidget()
        left = QVBoxLayout(chart)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.map, 1)
        left.addWidget(self.unnamed)
        split = widgets.splitter("valueSplitter", chart, side)
        split.setSizes([500, 500])  # the chart is the point of the tab: half the width
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(split)

    def reload(self) -> None:
        store = self.desk.store
        if store is None:
            return
        today = wall.today()
        rows = value_facts.value_picture(store, self.desk.policy, today, wall.now())
        self.today = today
        if rows != self.rows or self.map.focused != self.desk.alliance_id:
            # Only when something it shows changed: after an edit Value does not count (a
            # title, a note) the table keeps its texts, its place and the widths the user
            # gave its columns, not reset and measured again (≈ 4 of the ≈ 40 ms the section
            # took to show after such an edit on the heavy portfolio, issue 25).
            self.rows = rows
            self.model.set_rows(rows)
            self.map.set_placements([row.placement for row in rows], self.desk.alliance_id)
        self.selection.select(self.desk.alliance_id, or_first=False)
        self._selected(next((r for r in rows if r.id == self.desk.alliance_id), None))

    def _questions(self, alliance_id: int | None):
        """Reads a page of open questions (of one alliance, or all), slowest first."""
        store, today = self.desk.require_store(), self.today
        return lambda cursor: value_facts.open_questions_page(
            store, alliance_id, today, cursor=cursor
        )

    def _selected(self, row: AllianceValue | None) -> None:
        if row is None:
            names = {r.id: r.placement.name for r in self.rows}
            waiting = sum(r.waiting for r in self.rows)
            self.questions.show_questions(
                self._questions(None), waiting, names, self.tr("the portfolio")
            )
            self.guidance.setText(self.tr("Click an alliance to see what its place asks of you."))
            return
        self.questions.show_questions(self._questions(row.id), row.waiting, {}, row.placement.name)
        p = row.placement
        self.guidance.setText(
            self.tr(
                "<b>{name}</b> (tier {tier}) — <b>{quadrant}</b>: {guidance}<br>Value "
                "{value:.1f}, risk {risk:.1f} (from {factors}); time lost {lost} "
                "days.<br>Tier {tier} rhythm: {rhythm} (Preferences sets each tier's "
                "rhythm)."
            ).format(
                name=p.name,
                tier=p.tier,
                quadrant=p.quadrant.label,
                guidance=p.quadrant.guidance,
                value=shown(p.value),
                risk=shown(p.risk),
                factors=p.factors.describe(),
                lost=row.lost,
                rhythm=("; ".join(row.missing) if row.missing else self.tr("kept")),
            )
        )

    def _explain(self, shown: bool) -> None:
        self.formula.setVisible(shown)
        self.how.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)

    def _named(self, named: int, total: int) -> None:
        """Say so when the chart has no room to name every alliance."""
        self.unnamed.setVisible(named < total)
        self.unnamed.setText(
            self.tr("{named} of {total} alliances named here; point at a dot for its name.").format(
                named=named, total=total
            )
        )

    def _pick(self, alliance_id: int) -> None:
        self.desk.select_alliance(alliance_id)

    def _open_row(self, index) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            self.opened.emit(row.id)


class RecordActual(StoreCommand):
    def __init__(self, desk: Desk, kpi: Kpi, day: date, number: float) -> None:
        super().__init__(
            desk,
            translate("commands", "Record {name} on {day}").format(
                name=kpi.name, day=shown_date(day)
            ),
        )
        self.kpi_id, self.day, self.number = kpi.id, day, number
        self.before: float | None = None

    def apply(self) -> None:
        self.before = value.record_actual(self.store, self.kpi_id, self.day, self.number)

    def revert(self) -> None:
        if self.before is None:
            value.remove_actual(self.store, self.kpi_id, self.day)
        else:
            value.record_actual(self.store, self.kpi_id, self.day, self.before)


class KpiTab(RegisterTab):
    """The KPI register, with the selected KPI's actuals as a chart and a line to add one."""

    def __init__(self, desk: Desk, people_of) -> None:
        self.chart = TrendLine(
            lowest=0,
            highest=1,
            empty=translate("KpiTab", "The chart appears after two actuals."),
        )
        self.chart.setMinimumHeight(156)  # the target's label takes a strip above the plot
        self.day = QLineEdit(entered(wall.today()))
        self.day.setPlaceholderText(translate("KpiTab", "YYYY-MM-DD"))
        self.day.setAccessibleName(translate("KpiTab", "Measured on"))
        self.number = QLineEdit()
        self.number.setPlaceholderText(translate("KpiTab", "Value"))
        self.number.setAccessibleName(translate("KpiTab", "Value measured"))
        self.record_button = QPushButton(translate("KpiTab", "Record actual"))
        self.message = QLabel()
        self.message.setObjectName("muted")
        self.message.setWordWrap(True)
        self.caption = QLabel()
        self.caption.setObjectName("muted")
        self.caption.setWordWrap(True)  # a long KPI name must not squeeze the list beside it
        panel = QWidget()
        box = QVBoxLayout(panel)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.caption)
        box.addWidget(self.chart)
        # Two short lines, so the date and the value are whole in a narrow pane.
        self.day.setMinimumWidth(self.day.fontMetrics().horizontalAdvance("2026-12-31") + 16)
        measured = QLabel(translate("KpiTab", "&Measured on"))
        measured.setBuddy(self.day)
        when = QHBoxLayout()
        when.addWidget(measured)
        when.addWidget(self.day, 1)
        what = QHBoxLayout()
        what.addWidget(self.number, 1)
        what.addWidget(self.record_button)
        box.addLayout(when)
        box.addLayout(what)
        box.addWidget(self.message)
        super().__init__(desk, KPIS, people_of)
        self.form_box.insertWidget(0, panel)
        self.record_button.clicked.connect(self.record)
        self.number.returnPressed.connect(self.record)

    def _show(self, record) -> None:
        super()._show(record)
        if record is None:
            return
        self.chart.set_scale(
            [v for _, v in record.actuals],
            record.draft.target,
            self.tr("Target {target}").format(target=record.show(record.draft.target)),
        )
        self.chart.set_points(record.actuals)
        self.caption.setText(
            self.tr(
                "{name}: target {target}, {direction}; latest {latest} — {status}, {trend}"
            ).format(
                name=record.name,
                target=record.show(record.draft.target),
                direction=record.draft.direction.value,
                latest=record.show(record.latest),
                status=record.status.label.lower(),  # inside the sentence, not a heading
                trend=record.trend.label.lower(),
            )
        )

    def record(self) -> None:
        if self.current is None:
            return
        try:
            day, number = validate_actual(
                {"measured_on": self.day.text(), "value": self.number.text()}
            )
        except ValidationError as error:
            self.message.setText(next(iter(error.errors.values())))
            return
        if self.desk.run(RecordActual(self.desk, self.current, day, number)):
            self.number.clear()
            self.message.setText(self.tr("Recorded. Undo with Ctrl+Z."))


class ValueView(QWidget):
    open_record = Signal(object)  # core.records.Opens

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.title = heading(self.tr("Value"))

        def people_of(alliance_id: int):
            return stakeholders.people_choices(desk.require_store(), alliance_id)

        self.quadrant = QuadrantTab(desk)
        self.quadrant.opened.connect(lambda aid: self.open_record.emit(Opens("alliance", aid, aid)))
        self.quadrant.question_opened.connect(self.open_record.emit)
        self.milestones = RegisterTab(desk, MILESTONES, people_of)
        self.kpis = KpiTab(desk, people_of)
        self.baseline = BaselineTab(desk)
        self.tabs = section_tabs()
        self.tabs.addTab(self.quadrant, self.tr("Risk × value"))
        self.tabs.addTab(self.milestones, self.tr("Milestones"))
        self.tabs.addTab(self.kpis, self.tr("Scorecard"))
        self.tabs.addTab(self.baseline, self.tr("Practice baseline"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.title)
        layout.addWidget(self.tabs, 1)
        follow(desk, self, self._show_scope, {Kind.ALLIANCE})
        follow(desk, self.quadrant, self.quadrant.reload, QUADRANT_SHOWS)
        for tab in (self.milestones, self.kpis):
            follow(desk, tab, tab.reload, tab.spec.shows, refresh_rows=tab.refresh_rows)
        follow(desk, self.baseline, self.baseline.reload, BASELINE_SHOWS, alliance=False)

    def reload(self) -> None:
        self._show_scope()
        for tab in (self.quadrant, self.milestones, self.kpis, self.baseline):
            tab.reload()

    def _show_scope(self) -> None:
        self.title.setText(
            self.tr("Value — {alliance_name}").format(alliance_name=self.desk.alliance_name())
        )
