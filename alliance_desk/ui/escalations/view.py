"""The Escalations section: the log with filters and totals, one escalation's details and its
history, and how long open issues have been waiting, per alliance."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QAction, QColor, QKeySequence, QPainter, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core.changes import Changes, Kind
from alliance_desk.core.escalations import (
    AGE_BUCKETS,
    LEVELS,
    Category,
    Escalation,
    SlaPolicy,
    Status,
    age_buckets,
    cost_of_time,
    level_label,
)
from alliance_desk.store import escalations, portfolio, stakeholders
from alliance_desk.store.errors import StoreError
from alliance_desk.ui.desk import Desk, follow
from alliance_desk.ui.escalations.commands import (
    EditCommand,
    NoteCommand,
    RaiseCommand,
    WorkflowCommand,
)
from alliance_desk.ui.escalations.dialogs import (
    EscalationForm,
    RaiseDialog,
    ReasonDialog,
    ResolveDialog,
)
from alliance_desk.ui.table_model import Column, RowTableModel, Selection, make_table
from alliance_desk.ui.theme import MUTED, OVERDUE, TEXT
from alliance_desk.ui.widgets import EmptyState, heading, vertical_scroll

# What the log shows: issues, their alliances, the people involved, service levels.
SHOWS = frozenset({Kind.ESCALATION, Kind.ALLIANCE, Kind.PERSON, Kind.STAKEHOLDER, Kind.POLICY})

ALL = "__all__"


@dataclass(frozen=True, slots=True)
class Line:
    """An escalation with what the log shows about it, computed once per load."""

    escalation: Escalation
    days_open: int
    days_at_level: int
    trigger: date
    sla: str
    past: bool


def _line_id(line: Line) -> int:
    return line.escalation.id


def lines_for(items: list[Escalation], today: date, policy: SlaPolicy) -> list[Line]:
    return [
        Line(e, e.days_open(today), e.days_at_level(today), *e.sla(today, policy)) for e in items
    ]


COLUMNS = (
    Column("Title", lambda row: row.escalation.title),
    Column(
        "SLA",
        lambda row: row.sla,
        key=lambda row: (not row.past, row.trigger),
        colour=lambda row: OVERDUE if row.past else None,
    ),
    Column(
        "Level", lambda row: level_label(row.escalation.level), key=lambda row: row.escalation.level
    ),
    Column(
        "Days open", lambda row: str(row.days_open), key=lambda row: row.days_open, align_right=True
    ),
    Column("Alliance", lambda row: row.escalation.alliance_name),
    Column(
        "Severity",
        lambda row: row.escalation.draft.severity.label,
        key=lambda row: row.escalation.draft.severity.rank,
    ),
    Column("Category", lambda row: row.escalation.draft.category.label),
    Column("Status", lambda row: row.escalation.status.label),
    Column("Raised", lambda row: row.escalation.draft.raised_on.isoformat()),
    Column(
        "At level",
        lambda row: f"{row.days_at_level} d",
        key=lambda row: row.days_at_level,
        align_right=True,
    ),
    Column(
        "Trigger",
        lambda row: row.trigger.isoformat() if row.escalation.status.active else "—",
        tooltip=lambda row: "When it should move up a level if still unresolved",
    ),
    Column("Owner", lambda row: row.escalation.person(row.escalation.draft.owner_id)),
)


# -- the age chart --------------------------------------------------------------------------------

BUCKET_COLOURS = ("#9cc3d5", "#5b9bb8", "#c98b3c", "#a8551a")


class AgeChart(QWidget):
    """Open escalations per alliance as stacked bars by age: 0–7, 8–30, 31–90, 90+ days."""

    ROW = 26

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts: dict[str, dict[str, int]] = {}
        self.setMinimumHeight(120)

    def set_counts(self, counts: dict[str, dict[str, int]]) -> None:
        self.counts = dict(sorted(counts.items(), key=lambda kv: -sum(kv[1].values())))
        self.setMinimumHeight(60 + self.ROW * max(1, len(self.counts)))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(600, 60 + self.ROW * max(1, len(self.counts)))

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        if not self.counts:
            painter.setPen(QColor(MUTED))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No open escalations.")
            return
        label_width = min(260, self.width() // 3)
        most = max(sum(c.values()) for c in self.counts.values())
        bar_width = self.width() - label_width - 50
        y = 8
        for alliance, counts in self.counts.items():
            painter.setPen(QColor(TEXT))
            metrics = painter.fontMetrics()
            name = metrics.elidedText(alliance, Qt.TextElideMode.ElideRight, label_width - 10)
            painter.drawText(
                QRectF(0, y, label_width - 8, self.ROW - 6),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                name,
            )
            x = float(label_width)
            for (_, _, label), colour in zip(AGE_BUCKETS, BUCKET_COLOURS, strict=True):
                width = bar_width * counts[label] / most
                if width:
                    painter.fillRect(QRectF(x, y + 2, width, self.ROW - 10), QColor(colour))
                    if width > 14:
                        painter.setPen(QColor("white"))
                        painter.drawText(
                            QRectF(x, y + 2, width, self.ROW - 10),
                            Qt.AlignmentFlag.AlignCenter,
                            str(counts[label]),
                        )
                x += width
            painter.setPen(QColor(MUTED))
            painter.drawText(
                QRectF(x + 6, y, 40, self.ROW - 6),
                Qt.AlignmentFlag.AlignVCenter,
                str(sum(counts.values())),
            )
            y += self.ROW
        x = float(label_width)
        y += 6
        for (_, _, label), colour in zip(AGE_BUCKETS, BUCKET_COLOURS, strict=True):
            painter.fillRect(QRectF(x, y + 4, 12, 12), QColor(colour))
            painter.setPen(QPen(QColor(TEXT)))
            painter.drawText(QRectF(x + 16, y, 90, 20), Qt.AlignmentFlag.AlignVCenter, label)
            x += 110
        painter.end()


# -- the section ----------------------------------------------------------------------------------


class EscalationsView(QWidget):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.items: list[Escalation] = []
        self.current: Escalation | None = None
        self._read: dict[tuple[str, int], Any] = {}
        self._form_people: tuple | None = None

        self.title = heading("Escalations")
        raise_button = QPushButton("Raise escalation…")
        raise_button.setObjectName("primary")
        raise_button.setToolTip("Ctrl+Shift+E")
        raise_button.clicked.connect(self.raise_escalation)
        self.totals = QLabel()
        self.totals.setObjectName("muted")

        self.text_filter = QLineEdit()
        self.text_filter.setPlaceholderText("Filter   (Ctrl+F)")
        self.text_filter.setClearButtonEnabled(True)
        self.category_filter = _combo("All categories", [(c.label, c.value) for c in Category])
        self.level_filter = _combo("All levels", [(level_label(k), k) for k in LEVELS])
        self.status_filter = _combo(
            "Open and escalated",
            [("Everything", "any"), *((s.label, s.value) for s in Status)],
        )
        self.past_only = QCheckBox("Past SLA only")
        self.pinned: int | None = (
            None  # the issue being worked on stays listed until filters change
        )
        self.text_filter.textChanged.connect(self._filters_changed)
        for combo in (self.category_filter, self.level_filter, self.status_filter):
            combo.currentIndexChanged.connect(self._filters_changed)
        self.past_only.toggled.connect(self._filters_changed)

        self.model: RowTableModel[Line] = RowTableModel(COLUMNS, self)
        self.table = make_table(self.model, sort_column=1)
        self.table.horizontalHeader().setDefaultSectionSize(105)
        self.table.horizontalHeader().resizeSection(0, 240)
        self.table.horizontalHeader().resizeSection(1, 165)
        self.selection = Selection(
            self.table,
            lambda line: self.show_escalation(line.escalation if line else None),
            lambda line: line.escalation.id,
        )

        # detail
        self.detail_title = heading("", level=2)
        self.detail_title.setWordWrap(True)
        self.detail_state = QLabel()
        self.detail_state.setObjectName("muted")
        self.detail_state.setWordWrap(True)
        self.form_holder = QVBoxLayout()
        self.form: EscalationForm | None = None
        self.history = QListWidget()
        self.history.setWordWrap(True)
        self.history.setMinimumHeight(140)
        self.buttons: dict[str, QPushButton] = {}
        button_rows = (QHBoxLayout(), QHBoxLayout())
        for index, (key, text, slot) in enumerate(
            (
                ("up", "Escalate ▲", self.escalate),
                ("down", "De-escalate ▼", self.deescalate),
                ("note", "Note…", self.add_note),
                ("resolve", "Resolve…", self.resolve),
                ("close", "Close", self.close_escalation),
                ("reopen", "Reopen…", self.reopen),
            )
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            button_rows[index // 3].addWidget(button)
            self.buttons[key] = button
        for row in button_rows:
            row.addStretch(1)
        shortcuts = (
            ("Ctrl+Shift+E", self.raise_escalation, Qt.ShortcutContext.WidgetWithChildrenShortcut),
            ("Ctrl+Shift+Up", self.escalate, Qt.ShortcutContext.WidgetWithChildrenShortcut),
            ("Ctrl+Shift+Down", self.deescalate, Qt.ShortcutContext.WidgetWithChildrenShortcut),
            ("Ctrl+Shift+M", self.add_note, Qt.ShortcutContext.WidgetWithChildrenShortcut),
        )
        for keys, slot, context in shortcuts:
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(context)
            action.triggered.connect(slot)
            self.addAction(action)
        for key, keys in (
            ("up", "Ctrl+Shift+Up"),
            ("down", "Ctrl+Shift+Down"),
            ("note", "Ctrl+Shift+M"),
        ):
            self.buttons[key].setToolTip(keys)
        find = QAction(self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.triggered.connect(self.text_filter.setFocus)
        self.addAction(find)

        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.addWidget(self.detail_title)
        detail_layout.addWidget(self.detail_state)
        for row in button_rows:
            detail_layout.addLayout(row)
        detail_layout.addWidget(heading("History", level=2))
        detail_layout.addWidget(self.history)
        detail_layout.addWidget(heading("Details", level=2))
        detail_layout.addLayout(self.form_holder)
        detail_layout.addStretch(1)
        scroll = vertical_scroll(detail)
        self.detail = scroll

        self.chart = AgeChart()
        log = QSplitter()
        log.addWidget(self.table)
        log.addWidget(self.detail)
        log.setSizes([760, 440])
        self.tabs = QTabWidget()
        self.tabs.addTab(log, "Log")
        chart_page = QWidget()
        chart_layout = QVBoxLayout(chart_page)
        chart_layout.addWidget(
            QLabel("Open escalations per alliance, by how long they have been open")
        )
        chart_layout.addWidget(self.chart)
        chart_layout.addStretch(1)
        self.tabs.addTab(chart_page, "Age by alliance")

        filters = QHBoxLayout()
        filters.addWidget(self.text_filter, 2)
        for widget in (self.category_filter, self.level_filter, self.status_filter):
            filters.addWidget(widget, 1)
        filters.addWidget(self.past_only)
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(self.totals)
        content_layout.addLayout(filters)
        content_layout.addWidget(self.tabs, 1)
        self.empty = EmptyState(
            "No escalations logged",
            "When something gets stuck — a misunderstanding, a business problem, a conflict — log "
            "it here. Alliance Desk tracks its level, its service level in business days and the "
            "cost of the delay, and keeps the whole history for the governance committee.",
            [("Raise escalation…", self.raise_escalation)],
        )
        self.pages = QStackedWidget()
        self.pages.addWidget(content)
        self.pages.addWidget(self.empty)
        bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        bar.addWidget(raise_button)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        outer.addLayout(bar)
        outer.addWidget(self.pages, 1)
        follow(desk, self, self.reload, SHOWS, refresh_rows=self.refresh_rows)

    # -- loading ----------------------------------------------------------------------------------

    def policy(self) -> SlaPolicy:
        """The portfolio's service levels."""
        return self.desk.policy.sla

    def reload(self) -> None:
        store = self.desk.store
        self._read.clear()
        self.items = escalations.list_escalations(store, self.desk.alliance_id) if store else []
        if self.desk.alliance_id is not None and store is not None:
            try:
                self.title.setText(
                    f"Escalations — {portfolio.get_alliance(store, self.desk.alliance_id).name}"
                )
            except StoreError:
                self.title.setText("Escalations")
        else:
            self.title.setText("Escalations — all alliances")
        self.model.set_rows(lines_for(self.items, date.today(), self.policy()))
        self._show_items()

    def refresh_rows(self, changes: Changes) -> bool:
        """After an edit or a step of escalations already listed, read only those again."""
        ids = changes.ids_of(Kind.ESCALATION)
        if not changes.only({Kind.ESCALATION}) or ids is None or not self.items:
            return False
        if not ids <= {e.id for e in self.items}:
            return False  # one raised: its place in the log comes from a full read
        fresh = {e.id: e for e in escalations.list_escalations(self.desk.store, ids=ids)}
        if len(fresh) != len(ids):
            return False
        for escalation_id in ids:
            self._read.pop(("history", escalation_id), None)
        self.items = [fresh.get(e.id, e) for e in self.items]
        lines = lines_for(list(fresh.values()), date.today(), self.policy())
        self.model.replace_rows({line.escalation.id: line for line in lines}, _line_id)
        self._show_items()
        return True

    def _show_items(self) -> None:
        today, policy = date.today(), self.policy()
        keep = self.current.id if self.current else None
        self._apply_filters()
        totals = cost_of_time(self.items, today, policy)
        self.totals.setText(
            f"{totals.open_count} open · {totals.past_sla} past SLA · "
            f"{totals.delay_days} days of delay and {totals.value_at_stake:,.1f} M at stake "
            "(the cost of time of what is still open)"
        )
        self.chart.set_counts(age_buckets(self.items, today))
        self.pages.setCurrentIndex(0 if self.items else 1)
        self.select(keep)

    def _cached(self, key: tuple[str, int], read: Callable[[], Any]) -> Any:
        """What the detail read for `key`, kept until it changes (the detail is shown several
        times per reload, and again after each edit)."""
        if key not in self._read:
            self._read[key] = read()
        return self._read[key]

    def _filters_changed(self) -> None:
        self.pinned = None
        self._apply_filters()

    def _apply_filters(self) -> None:
        text = self.text_filter.text().strip().casefold()
        category = self.category_filter.currentData()
        level = self.level_filter.currentData()
        status = self.status_filter.currentData()
        past_only = self.past_only.isChecked()

        def accept(line: Line) -> bool:
            e = line.escalation
            if e.id == self.pinned:
                return True
            if status == ALL and not e.status.active:
                return False
            if status not in (ALL, "any") and e.status.value != status:
                return False
            return (
                (category == ALL or e.draft.category.value == category)
                and (level == ALL or e.level == level)
                and (not past_only or line.past)
                and (
                    not text
                    or text in f"{e.title} {e.alliance_name} {e.draft.description}".casefold()
                )
            )

        self.model.set_predicate(accept)
        if self.current is not None:
            self.select(self.current.id)

    def select(self, escalation_id: int | None) -> None:
        self.selection.select(escalation_id)

    def show_escalation(self, item: Escalation | None) -> None:
        self.current = item
        self.detail.setVisible(item is not None)
        if item is None:
            return
        today = date.today()
        policy = self.policy()
        self.detail_title.setText(item.title)
        state = [
            item.status.label,
            f"level {level_label(item.level)} since {item.level_since.isoformat()}",
            f"open {item.days_open(today)} days",
        ]
        if item.status.active:
            state.append(
                f"trigger {item.trigger_date(policy).isoformat()} ({item.sla_text(today, policy)})"
            )
        if item.resolution:
            state.append(
                f"resolved by {item.resolution.kind.label.lower()}: {item.resolution.resolution}"
            )
        self.detail_state.setText(" · ".join(state))
        active = item.status.active
        self.buttons["up"].setEnabled(active and item.level < 3)
        self.buttons["down"].setEnabled(active and item.level > 0)
        self.buttons["resolve"].setEnabled(active)
        self.buttons["close"].setEnabled(item.status is Status.RESOLVED)
        self.buttons["reopen"].setEnabled(not active)
        store = self.desk.store
        self.history.clear()
        events = self._cached(("history", item.id), lambda: escalations.history(store, item.id))
        for event in reversed(events):
            self.history.addItem(f"{event.occurred_at:%Y-%m-%d %H:%M}  ·  {event.describe()}")
        people = self._cached(
            ("people", item.alliance_id),
            lambda: tuple(stakeholders.people_choices(store, item.alliance_id)),
        )
        if self.form is None or self._form_people != people:
            if self.form is not None:
                self.form.setParent(None)
                self.form.deleteLater()
            self.form = EscalationForm(list(people))
            self.form.edited.connect(self._save_form)
            self.form_holder.addWidget(self.form)
            self._form_people = people
        self.form.set_draft(item.draft)

    # -- actions ----------------------------------------------------------------------------------

    def _save_form(self) -> None:
        if self.current is None or self.form is None:
            return
        draft = self.form.validated()
        if draft is None or draft == self.current.draft:
            return
        if self.desk.run(EditCommand(self.desk, self.current, draft)):
            self.form.mark_saved()
        else:  # changed elsewhere? the next save, now warned, replaces that version
            with contextlib.suppress(StoreError):
                self.current = escalations.get_escalation(self.desk.store, self.current.id)

    def raise_escalation(self) -> None:
        store = self.desk.store
        if store is None:
            return
        alliance_id = self.desk.alliance_id
        if alliance_id is None:
            self.desk.report_error(
                "Choose the alliance first (Ctrl+L): an escalation belongs to one alliance."
            )
            return
        dialog = RaiseDialog(stakeholders.people_choices(store, alliance_id), self)
        command = self.desk.run_dialog(
            dialog,
            lambda: (
                RaiseCommand(self.desk, alliance_id, dialog.draft, dialog.level.currentData())
                if dialog.draft is not None
                else None
            ),
        )
        if command is not None:
            self.select(command.escalation_id)
            self.desk.status.emit(f"Raised “{dialog.draft.title}”.")

    def _workflow(self, label: str, action: Callable, dialog=None) -> None:
        """Run a workflow step; with a dialog (a reason, a resolution), until it is saved or
        cancelled, reopening the dialog with its text if the save fails."""
        item = self.current
        if item is None:
            return
        self.pinned = item.id

        def command() -> WorkflowCommand:
            return WorkflowCommand(self.desk, item, label, action)

        saved = self.desk.run_dialog(dialog, command) if dialog else self.desk.run(command())
        if saved:
            self.select(item.id)

    def _change_level(self, step: int) -> None:
        item = self.current
        if item is None or not item.status.active or not 0 <= item.level + step <= 3:
            return
        to_level = item.level + step
        verb = "Escalate" if step > 0 else "De-escalate"
        dialog = ReasonDialog(
            verb, f"Why move it to level {to_level} ({LEVELS[to_level].lower()})?", self
        )
        self._workflow(
            f"{verb} {item.level} → {to_level}",
            lambda version: escalations.change_level(
                self.desk.store, item.id, to_level, dialog.reason, expected_version=version
            ),
            dialog,
        )

    def escalate(self) -> None:
        self._change_level(+1)

    def deescalate(self) -> None:
        self._change_level(-1)

    def add_note(self) -> None:
        item = self.current
        if item is None:
            return
        dialog = ReasonDialog("Add note", "Note", self)
        if self.desk.run_dialog(dialog, lambda: NoteCommand(self.desk, item, dialog.reason)):
            self.select(item.id)

    def resolve(self) -> None:
        item = self.current
        if item is None or not item.status.active:
            return
        dialog = ResolveDialog(self)
        self._workflow(
            "Resolve",
            lambda version: escalations.resolve(
                self.desk.store, item.id, dialog.resolution, expected_version=version
            ),
            dialog,
        )

    def close_escalation(self) -> None:
        item = self.current
        if item is not None and item.status is Status.RESOLVED:
            self._workflow(
                "Close",
                lambda version: escalations.close(
                    self.desk.store, item.id, expected_version=version
                ),
            )

    def reopen(self) -> None:
        item = self.current
        if item is None or item.status.active:
            return
        dialog = ReasonDialog("Reopen", "Why is it open again?", self)
        self._workflow(
            "Reopen",
            lambda version: escalations.reopen(
                self.desk.store, item.id, dialog.reason, expected_version=version
            ),
            dialog,
        )


def _combo(everything: str, items) -> QComboBox:
    combo = QComboBox()
    combo.addItem(everything, ALL)
    for text, data in items:
        combo.addItem(text, data)
    return combo
