"""The Risks & decisions section: the risk register with its heat map, the decision log with
what is not implemented, and the obligations of the agreement."""

from __future__ import annotations

import re

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core import wall
from alliance_desk.core.changes import Changes, Kind
from alliance_desk.store import register_lists, stakeholders
from alliance_desk.store.register_head import register_head, risk_cells
from alliance_desk.ui.desk import Desk, follow
from alliance_desk.ui.governance.health import HEALTH_SHOWS, HealthTab
from alliance_desk.ui.governance.meetings import MEETINGS_SHOW, MeetingsTab
from alliance_desk.ui.register import RegisterTab
from alliance_desk.ui.risks.heatmap import HeatMap
from alliance_desk.ui.risks.questions import QuestionActions
from alliance_desk.ui.risks.registers import DECISIONS, INSIGHTS, OBLIGATIONS, RISKS
from alliance_desk.ui.widgets import heading, section_tabs

# A band's scores and its name stay on one line ("1–4" over "low" read apart).
_BAND = re.compile(r"([0-9]+–[0-9]+) ")
_TOGETHER = "\\1\u00a0"


class RisksView(QWidget):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.title = heading(self.tr("Risks & decisions"))
        self.scope = QLabel()
        self.scope.setObjectName("muted")
        self.scope.setWordWrap(True)

        def people_of(alliance_id: int):
            return stakeholders.people_choices(desk.require_store(), alliance_id)

        self.heat = HeatMap()
        heat_box = QWidget()
        heat_layout = QHBoxLayout(heat_box)
        heat_layout.setContentsMargins(0, 0, 0, 0)
        heat_layout.addWidget(self.heat)
        bands = self.tr(
            "Open risks by likelihood and impact.\nScore = likelihood × impact: 1–4 low, "
            "5–9 medium, 10–16 high, 20–25 critical."
        )
        legend = QLabel(_BAND.sub(_TOGETHER, bands))
        legend.setObjectName("muted")
        legend.setWordWrap(True)
        heat_layout.addWidget(legend, 1)
        self.risks = RegisterTab(desk, RISKS, people_of, above=heat_box, above_splits=True)

        self.late_only = QCheckBox()
        self.late_count = QLabel()
        self.late_count.setObjectName("muted")
        controls = QWidget()
        row = QHBoxLayout(controls)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.late_only)
        row.addWidget(self.late_count, 1)
        self.decisions = RegisterTab(desk, DECISIONS, people_of, above=controls)
        self.questions = QuestionActions(desk, self.decisions)
        for place, button in enumerate(self.questions.buttons(), start=1):
            self.decisions.buttons.insertWidget(place, button)
        self.late_only.toggled.connect(self._decision_filter)
        self.obligations = RegisterTab(desk, OBLIGATIONS, people_of)
        self.insights = RegisterTab(desk, INSIGHTS, people_of)
        self.meetings = MeetingsTab(desk)
        self.health = HealthTab(desk)

        self.tabs = section_tabs()
        self.tabs.addTab(self.risks, self.tr("Risk register"))
        self.tabs.addTab(self.decisions, self.tr("Decision log"))
        self.tabs.addTab(self.obligations, self.tr("Obligations"))
        self.tabs.addTab(self.meetings, self.tr("Committees && meetings"))
        self.tabs.addTab(self.insights, self.tr("Partner insights"))
        self.tabs.addTab(self.health, self.tr("Health checks"))
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(self.scope)
        layout.addWidget(self.tabs, 1)
        # Each tab loads when it is on screen (and again when the data changes while it is):
        # at heavy scale all six together took a fifth of a second to show any one of them.
        follow(desk, self, self._show_scope, {Kind.ALLIANCE})
        follow(desk, self.risks, self._reload_risks, RISKS.shows, refresh_rows=self._refresh_risks)
        follow(
            desk,
            self.decisions,
            self._reload_decisions,
            {*DECISIONS.shows, Kind.POLICY},
            refresh_rows=self._refresh_decisions,
        )
        for tab in (self.obligations, self.insights):
            follow(desk, tab, tab.reload, tab.spec.shows, refresh_rows=tab.refresh_rows)
        follow(desk, self.meetings, self.meetings.reload, MEETINGS_SHOW)
        follow(desk, self.health, self.health.reload, HEALTH_SHOWS)

    def reload(self) -> None:
        """Everything at once (tests, and code that needs every register current)."""
        self._show_scope()
        self._reload_risks()
        self._reload_decisions()
        for tab in (self.obligations, self.meetings, self.insights, self.health):
            tab.reload()

    def _show_scope(self) -> None:
        self.title.setText(
            self.tr("Risks & decisions — {alliance_name}").format(
                alliance_name=self.desk.alliance_name()
            )
        )
        self.scope.setText(
            self.tr(
                "Every alliance's records, and a record added asks which alliance it is for. "
                "Choose an alliance (Ctrl+L) to see its records alone."
            )
            if self.desk.alliance_id is None
            else ""
        )
        self.scope.setVisible(bool(self.scope.text()))  # no empty line above the tabs

    def _reload_risks(self) -> None:
        self.risks.reload()
        self._heat(self.risks.head.counters)

    def _heat(self, counters=None) -> None:
        """The heat map of every open risk in scope, counted by the store (the register
        reads a page at a time), each alliance's kept while its risks are unchanged since
        `counters` (as read before: `register_head`'s)."""
        store = self.desk.store
        if store is None:
            self.heat.set_cells({})
            return
        counters = counters if counters is not None else register_head(store, names=False).counters
        self.heat.set_cells(risk_cells(store, self.desk.alliance_id, counters))

    def _refresh_risks(self, changes: Changes) -> bool:
        before = {r.id: _cell(r) for r in self.risks.records}
        if not self.risks.refresh_rows(changes):
            return False
        if any(before.get(r.id) != _cell(r) for r in self.risks.records):
            self._heat()  # a title edited moves no risk on the heat map: not counted again
        return True

    def _reload_decisions(self) -> None:
        self.decisions.reload()
        self._decision_filter()

    def _refresh_decisions(self, changes: Changes) -> bool:
        if not self.decisions.refresh_rows(changes):
            return False
        self._decision_filter()
        return True

    def _decision_filter(self) -> None:
        days, store, today = self.desk.policy.not_implemented_days, self.desk.store, wall.today()
        late = (
            register_lists.stalled_count(store, self.desk.alliance_id, today, days) if store else 0
        )
        self.late_only.setText(self.tr("Only stalled (over {days} days)").format(days=days))
        self.late_only.setToolTip(
            self.tr(
                "Only decisions still not implemented {days} days after they were taken "
                "(the number of days is the portfolio's rule, in Preferences)"
            ).format(days=days)
        )
        self.late_count.setText(self.tr("{count:,} stalled").format(count=late))
        self.decisions.set_only((today, days) if self.late_only.isChecked() else None)


def _cell(risk) -> tuple:
    """Where a risk counts on the heat map (closed ones do not)."""
    return (risk.draft.likelihood, risk.draft.impact, risk.draft.status)
