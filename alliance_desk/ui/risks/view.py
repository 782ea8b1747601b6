"""The Risks & decisions section: the risk register with its heat map, the decision log with
what is not implemented, and the obligations of the agreement."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core.changes import Changes, Kind
from alliance_desk.core.risks import (
    DecisionStatus,
    ObligationStatus,
    Party,
    RiskCategory,
    RiskStatus,
    heat_map,
    not_implemented,
    risk_band,
    validate_decision,
    validate_insight,
    validate_obligation,
    validate_risk,
)
from alliance_desk.store import risks, stakeholders
from alliance_desk.ui.desk import Desk, follow
from alliance_desk.ui.forms import FieldForm
from alliance_desk.ui.governance.meetings import HEALTH_SHOWS, MEETINGS_SHOW, HealthTab, MeetingsTab
from alliance_desk.ui.register import RegisterSpec, RegisterTab
from alliance_desk.ui.table_model import Column
from alliance_desk.ui.theme import MUTED, OVERDUE, TEXT
from alliance_desk.ui.widgets import heading

BAND_COLOURS = {"low": "#dcebd2", "medium": "#f6e7b9", "high": "#f2c39a", "critical": "#e59b8b"}


def _people(form: FieldForm, key: str, label: str, people) -> None:
    form.add_choice(key, label, [("—", None)] + [(f"{n} ({s})", pid) for pid, n, s in people])


def _day(value) -> str:
    return value.isoformat() if value else "—"


def _risk_form(form: FieldForm, people) -> None:
    form.add_line("title", "&Risk", "What could go wrong")
    form.add_choice("category", "&Category", [(c.label, c) for c in RiskCategory])
    form.add_number("likelihood", "&Likelihood (1–5)", 1, 5).setValue(3)
    form.add_number("impact", "&Impact (1–5)", 1, 5).setValue(3)
    _people(form, "owner_id", "&Owner", people)
    form.add_text("mitigation", "&Mitigation", "What we do about it")
    form.add_line("mitigation_planned", "Mitigation &planned by", "YYYY-MM-DD")
    form.add_line("mitigation_done", "Mitigation &done on", "YYYY-MM-DD")
    form.add_choice("status", "&Status", [(s.label, s) for s in RiskStatus])
    form.add_line("next_review", "Next &review", "YYYY-MM-DD")
    form.add_check("internal_only", "Internal only — leave out of packs for the partner")
    form.add_check("joint", "Joint risk — managed with the partner, in their governance pack")


def _restore_risk_fields(store, risk_id, before, rating_id, expected_version=None) -> None:
    """Undo an edit: the fields as they were and the rating it recorded taken back, at once."""
    risks.update_risk(
        store, risk_id, before, expected_version=expected_version, take_back=rating_id
    )


RISKS = RegisterSpec(
    noun="risk",
    kind=Kind.RISK,
    columns=(
        Column("Risk", lambda r: r.draft.title),
        Column("Category", lambda r: r.draft.category.label),
        Column(
            "Score",
            lambda r: f"{r.draft.score}  ({r.draft.band})",
            key=lambda r: r.draft.score,
            colour=lambda r: OVERDUE if r.draft.score >= 10 else None,
        ),
        Column("L × I", lambda r: f"{r.draft.likelihood} × {r.draft.impact}"),
        Column("Status", lambda r: r.draft.status.label),
        Column("Next review", lambda r: _day(r.draft.next_review)),
        Column("Mitigation", lambda r: r.draft.mitigation.split("\n")[0]),
    ),
    build_form=_risk_form,
    validate=validate_risk,
    load=lambda store, alliance_id, ids=None: risks.list_risks(store, alliance_id, ids=ids),
    add=risks.add_risk,
    update=risks.update_risk,
    remove=risks.remove_risk,
    restore=risks.restore_risk,
    undo_update=_restore_risk_fields,
    sort=(2, True),
)


def _decision_form(form: FieldForm, _people) -> None:
    form.add_line("title", "&Decision", "What was decided")
    form.add_line("decided_on", "Decided &on", "YYYY-MM-DD")
    form.add_line("forum", "&Forum", "e.g. JSC, or the meeting")
    form.add_line("makers", "Decision &makers")
    form.add_text("alternatives", "&Alternatives considered")
    form.add_text("rationale", "&Rationale")
    form.add_choice("status", "&Implementation", [(s.label, s) for s in DecisionStatus])
    form.add_line("review_date", "&Review on", "YYYY-MM-DD")
    form.add_check("internal_only", "Internal only — leave out of packs for the partner")
    form.add_choice(
        "shared_with_partner",
        "Taken &jointly",
        [
            ("By its forum: yes if taken in a committee (JSC, JDC, joint …)", None),
            ("Yes — in the partner's governance pack", True),
            ("No — ours only", False),
        ],
    )


DECISIONS = RegisterSpec(
    noun="decision",
    kind=Kind.DECISION,
    columns=(
        Column("Decision", lambda d: d.draft.title),
        Column("Decided", lambda d: d.draft.decided_on.isoformat()),
        Column("Forum", lambda d: d.draft.forum),
        Column("Implementation", lambda d: d.draft.status.label),
        Column(
            "Review",
            lambda d: _day(d.draft.review_date),
            colour=lambda d: (
                OVERDUE
                if d.draft.review_date
                and d.draft.review_date < date.today()
                and d.draft.status is not DecisionStatus.IMPLEMENTED
                else None
            ),
        ),
    ),
    build_form=_decision_form,
    validate=validate_decision,
    load=lambda store, alliance_id, ids=None: risks.list_decisions(store, alliance_id, ids=ids),
    add=risks.add_decision,
    update=risks.update_decision,
    remove=risks.remove_decision,
    restore=risks.restore_decision,
    sort=(1, True),
    new_values=lambda policy, today: {
        "decided_on": today,
        "review_date": policy.review_date_for(today),
    },
)


def _obligation_form(form: FieldForm, _people) -> None:
    form.add_line("title", "&Obligation", "What the agreement requires")
    form.add_choice("party", "&Whose", [(p.label, p) for p in Party])
    form.add_line("due_date", "&Due", "YYYY-MM-DD")
    form.add_number("notice_days", "&Notice (days before)", 0, 730).setValue(30)
    form.add_choice("status", "&Status", [(s.label, s) for s in ObligationStatus])
    form.add_check("internal_only", "Internal only — leave out of packs for the partner")


OBLIGATIONS = RegisterSpec(
    noun="obligation",
    kind=Kind.OBLIGATION,
    columns=(
        Column("Obligation", lambda o: o.draft.title),
        Column("Whose", lambda o: o.draft.party.label),
        Column(
            "Due",
            lambda o: o.draft.due_date.isoformat(),
            colour=lambda o: (
                OVERDUE
                if o.draft.status is ObligationStatus.OPEN and o.draft.notice_from <= date.today()
                else None
            ),
        ),
        Column("Notice from", lambda o: o.draft.notice_from.isoformat()),
        Column("Status", lambda o: o.draft.status.label),
    ),
    build_form=_obligation_form,
    validate=validate_obligation,
    load=lambda store, alliance_id, ids=None: risks.list_obligations(store, alliance_id, ids=ids),
    add=risks.add_obligation,
    update=risks.update_obligation,
    remove=risks.remove_obligation,
    restore=risks.restore_obligation,
    sort=(2, False),
    new_values=lambda policy, _today: {"notice_days": policy.obligation_notice_days},
)


def _insight_form(form: FieldForm, _people) -> None:
    form.add_line("title", "&Insight", "What you learned about the partner")
    form.add_line("noted_on", "&Noted on", "YYYY-MM-DD").setText(date.today().isoformat())
    form.add_line("source", "&Source", "Who or where it came from")
    form.add_text("detail", "&Detail", "What it means for the alliance", 90)
    form.add_check("internal_only", "Internal only — leave out of packs for the partner")


INSIGHTS = RegisterSpec(
    noun="insight",
    kind=Kind.INSIGHT,
    columns=(
        Column("Insight", lambda i: i.draft.title),
        Column("Noted", lambda i: i.draft.noted_on.isoformat()),
        Column("Source", lambda i: i.draft.source),
    ),
    build_form=_insight_form,
    validate=validate_insight,
    load=lambda store, alliance_id, ids=None: risks.list_insights(store, alliance_id, ids=ids),
    add=risks.add_insight,
    update=risks.update_insight,
    remove=risks.remove_insight,
    restore=risks.restore_insight,
    sort=(1, True),
)


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
                painter.fillRect(rect, QColor(BAND_COLOURS[risk_band(likelihood * impact)]))
                count = self.cells.get((likelihood, impact), 0)
                if count:
                    painter.setPen(QColor(TEXT))
                    font = painter.font()
                    font.setBold(True)
                    painter.setFont(font)
                    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(count))
        painter.setPen(QColor(MUTED))
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
            QRectF(left, 5 * size + 18, 5 * size, 14), Qt.AlignmentFlag.AlignCenter, "Impact →"
        )
        painter.save()
        painter.translate(10, 2.5 * size + 30)
        painter.rotate(-90)
        painter.drawText(QRectF(0, -6, 90, 14), Qt.AlignmentFlag.AlignLeft, "Likelihood →")
        painter.restore()
        painter.end()


class RisksView(QWidget):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.title = heading("Risks & decisions")
        self.scope = QLabel()
        self.scope.setObjectName("muted")

        def people_of(alliance_id: int):
            return stakeholders.people_choices(desk.store, alliance_id)

        self.heat = HeatMap()
        heat_box = QWidget()
        heat_layout = QHBoxLayout(heat_box)
        heat_layout.setContentsMargins(0, 0, 0, 0)
        heat_layout.addWidget(self.heat)
        legend = QLabel(
            "Open risks by likelihood and impact.\nScore = likelihood × impact: 1–4 low, "
            "5–9 medium, 10–16 high, 20–25 critical."
        )
        legend.setObjectName("muted")
        legend.setWordWrap(True)
        heat_layout.addWidget(legend, 1)
        self.risks = RegisterTab(desk, RISKS, people_of, above=heat_box)

        self.late_only = QCheckBox()
        self.late_only.setToolTip("The number of days is the portfolio's rule (Preferences)")
        self.late_count = QLabel()
        self.late_count.setObjectName("muted")
        controls = QWidget()
        row = QHBoxLayout(controls)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.late_only)
        row.addWidget(self.late_count, 1)
        self.decisions = RegisterTab(desk, DECISIONS, people_of, above=controls)
        self.late_only.toggled.connect(self._decision_filter)
        self.obligations = RegisterTab(desk, OBLIGATIONS, people_of)
        self.insights = RegisterTab(desk, INSIGHTS, people_of)
        self.meetings = MeetingsTab(desk)
        self.health = HealthTab(desk)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.risks, "Risk register")
        self.tabs.addTab(self.decisions, "Decision log")
        self.tabs.addTab(self.obligations, "Obligations")
        self.tabs.addTab(self.meetings, "Committees && meetings")
        self.tabs.addTab(self.insights, "Partner insights")
        self.tabs.addTab(self.health, "Health checks")
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
        self.title.setText(f"Risks & decisions — {self.desk.alliance_name()}")
        self.scope.setText(
            "Choose an alliance (Ctrl+L) to add records; with “All alliances” every register "
            "shows the whole portfolio."
            if self.desk.alliance_id is None
            else ""
        )

    def _reload_risks(self) -> None:
        self.risks.reload()
        self.heat.set_cells(heat_map(self.risks.records))

    def _refresh_risks(self, changes: Changes) -> bool:
        if not self.risks.refresh_rows(changes):
            return False
        self.heat.set_cells(heat_map(self.risks.records))
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
        days = self.desk.policy.not_implemented_days
        late = {d.id for d in not_implemented(self.decisions.records, date.today(), days)}
        self.late_only.setText(f"Only decisions not implemented after {days} days")
        self.late_count.setText(f"{len(late)} of them")
        only = self.late_only.isChecked()
        self.decisions.set_predicate((lambda d: d.id in late) if only else None)
