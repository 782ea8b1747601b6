"""The practice baseline tab: baselines taken so far, each area's trend from the first to the
latest with the habits' measured strength beside, and a dialog to take a new one."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core import wall
from alliance_desk.core.baseline import Area, AreaTrend, Baseline, Model, trends, validate_baseline
from alliance_desk.core.changes import Kind
from alliance_desk.core.dates import entered, shown
from alliance_desk.core.habits import summarise, week_start
from alliance_desk.core.validation import ValidationError
from alliance_desk.store import baseline, habits
from alliance_desk.ui import widgets
from alliance_desk.ui.desk import Desk, StoreCommand
from alliance_desk.ui.dialogs import dialog_buttons
from alliance_desk.ui.i18n import QT_TRANSLATE_NOOP, translate
from alliance_desk.ui.table_model import Column, RowTableModel
from alliance_desk.ui.table_view import Selection, make_table
from alliance_desk.ui.widgets import vertical_scroll

BASELINE_SHOWS = frozenset({Kind.BASELINE, Kind.HABIT})


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


class TakeBaseline(StoreCommand):
    def __init__(self, desk: Desk, day: date, scores: dict[str, int], note: str) -> None:
        super().__init__(
            desk,
            translate("commands", "Take a practice baseline ({day})").format(day=shown(day)),
        )
        self.day, self.scores, self.note = day, scores, note
        self.made: int | None = None
        self.kept: Kept | None = None

    def apply(self) -> None:
        if self.kept is not None:
            baseline.restore_baseline(self.store, self.kept)
        else:
            self.made = baseline.take_baseline(self.store, self.day, self.scores, self.note)

    def revert(self) -> None:
        assert self.made is not None  # undone only after it was taken
        self.kept = baseline.remove_baseline(self.store, self.made)


Kept = tuple[dict[str, Any], list[dict[str, Any]]]  # a removed baseline, to put back


class RemoveBaseline(StoreCommand):
    def __init__(self, desk: Desk, chosen: Baseline) -> None:
        super().__init__(
            desk,
            translate("commands", "Delete the baseline of {taken_on}").format(
                taken_on=shown(chosen.taken_on)
            ),
        )
        self.baseline_id = chosen.id
        self.kept: Kept | None = None

    def apply(self) -> None:
        self.kept = baseline.remove_baseline(self.store, self.baseline_id)

    def revert(self) -> None:
        assert self.kept is not None  # undone only after it was removed
        baseline.restore_baseline(self.store, self.kept)


class BaselineDialog(QDialog):
    """Every statement with a 1–5 choice, grouped by area; starts from the last answers."""

    def __init__(self, model: Model, last: Baseline | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Take a practice baseline"))
        self.resize(760, 640)
        self.model = model
        self.result_values: tuple[date, dict[str, int], str] | None = None
        self.day = QLineEdit(entered(wall.today()))
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("What prompted this baseline (optional)"))
        self.error = QLabel()
        self.error.setObjectName("error")
        self.choices: dict[str, QComboBox] = {}
        inner = QWidget()
        # One grid for every area: a form per area sized its label column to its own
        # statements, so the answer boxes of one area stood out of line with the next's.
        form = QGridLayout(inner)
        form.setColumnStretch(0, 1)
        for area in model.areas:
            form.addWidget(widgets.heading(area.name, 2), form.rowCount(), 0, 1, 2)
            for question in area.questions:
                choice = QComboBox()
                choice.addItem(self.tr("Choose…"), None)
                for number, word in enumerate(model.scale, start=1):
                    choice.addItem(f"{number} — {word}", number)
                if last is not None and question.key in last.scores:
                    choice.setCurrentIndex(last.scores[question.key])
                choice.setAccessibleName(question.text)
                text = QLabel(question.text)
                text.setWordWrap(True)
                text.setBuddy(choice)
                row = form.rowCount()
                form.addWidget(text, row, 0)
                form.addWidget(choice, row, 1, Qt.AlignmentFlag.AlignTop)
                self.choices[question.key] = choice
        form.setRowStretch(form.rowCount(), 1)
        top = QFormLayout()
        top.addRow(self.tr("Taken on"), self.day)
        top.addRow(self.tr("Note"), self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(vertical_scroll(inner, self.tr("Questions")), 1)
        layout.addWidget(self.error)
        layout.addWidget(dialog_buttons(self, self.tr("Save baseline")))

    def accept(self) -> None:
        raw: dict[str, object] = {"taken_on": self.day.text(), "note": self.note.text()}
        raw |= {key: choice.currentData() for key, choice in self.choices.items()}
        try:
            self.result_values = validate_baseline(raw, self.model)
        except ValidationError as error:
            missing = [k for k in error.errors if k in self.choices]
            if missing:
                self.choices[missing[0]].setFocus()
            self.error.setText(
                (
                    self.tr("One statement still to score.")
                    if len(missing) == 1
                    else self.tr("{count} statements still to score.").format(count=len(missing))
                )
                if missing
                else str(error)
            )
            return
        super().accept()


def _two_lines(name: str) -> str:
    """ "Purposeful leadership" as "Purposeful" over "leadership": a narrow column header."""
    first, _space, rest = name.partition(" ")
    return f"{first}\n{rest}" if rest else name


def _area_score(area: Area, chosen: Baseline) -> str:
    return _score(chosen.area_score(area))


class BaselineTab(QWidget):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.model = baseline.model()
        self.records: list[Baseline] = []
        foundations = [a for a in self.model.areas if a.kind == "foundation"]
        columns: list[Column[Baseline]] = [
            # The note on hover too: on a laptop the four areas show whole beside the day,
            # and the note takes what they leave.
            Column(
                QT_TRANSLATE_NOOP("Column", "Taken on"),
                lambda b: shown(b.taken_on),
                key=lambda b: b.taken_on,
                tooltip=lambda b: b.note or None,
                priority=1,
            ),
            # An area's name over two lines, so all four fit beside each other on a laptop.
            *(
                Column(_two_lines(a.name), partial(_area_score, a), align_right=True, always=True)
                for a in foundations
            ),
            Column(QT_TRANSLATE_NOOP("Column", "Note"), lambda b: b.note),
        ]
        self.list_model: RowTableModel = RowTableModel(columns, self)
        # The note is the meaning (it takes the room left); the day, first, always shows.
        note = len(columns) - 1
        self.table = make_table(self.list_model, 0, True, stretch=note, name=self.tr("Baselines"))
        self.selection = Selection(self.table, self._chosen, lambda b: b.id)
        self.keyboard_home = self.table  # the baselines, not the trend made from them
        self.current: Baseline | None = None
        trend_columns: tuple[Column[AreaTrend], ...] = (
            Column(QT_TRANSLATE_NOOP("Column", "Area"), lambda t: t.area.name),
            # The four foundations, then the seven habits: said, not left to guess.
            Column(
                QT_TRANSLATE_NOOP("Column", "Of"),
                lambda t: (
                    translate("Column", "Habit")
                    if t.area.kind == "habit"
                    else translate("Column", "Foundation")
                ),
                always=True,
            ),
            Column(
                QT_TRANSLATE_NOOP("Column", "First"), lambda t: _score(t.first), align_right=True
            ),
            Column(
                QT_TRANSLATE_NOOP("Column", "Latest"), lambda t: _score(t.latest), align_right=True
            ),
            Column(
                QT_TRANSLATE_NOOP("Column", "Change"),
                lambda t: t.change_text,
                align_right=True,
            ),
            Column(
                QT_TRANSLATE_NOOP("Column", "Habit measured (strength 0–100)"),
                lambda t: "" if t.measured is None else f"{t.measured:.0f}",
                align_right=True,
            ),
        )
        self.trend_model: RowTableModel = RowTableModel(trend_columns, self)
        self.trends = make_table(self.trend_model, None, name=self.tr("Trend by area"))
        self.trends.horizontalHeader().resizeSection(0, 240)
        self.trends.horizontalHeader().resizeSection(5, 260)
        take = QPushButton(self.tr("Take a baseline…"))
        take.setObjectName("primary")
        take.clicked.connect(self.take)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.setObjectName("secondary")
        self.delete_button.clicked.connect(self.delete)
        self.summary = QLabel()
        self.summary.setObjectName("muted")
        self.summary.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(take)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(buttons)
        split = widgets.splitter("baselineSplitter", self.table, self.trends, vertical=True)
        split.setSizes([200, 420])
        layout.addWidget(split, 1)

    def strengths(self) -> dict[str, float]:
        """Each habit's measured strength over the last year (the Habits section's figure)."""
        store, today = self.desk.require_store(), wall.today()
        start = self.desk.policy.week_start
        week = week_start(today, start)
        first = week_start(today - timedelta(days=365), start)
        summaries = summarise(
            habits.habits(store),
            habits.checkins(store, first, today),
            week,
            first_week=first,
            start_weekday=start,
        )
        return {s.habit.key: s.strength for s in summaries}

    def reload(self) -> None:
        if self.desk.store is None:
            return
        self.records = baseline.list_baselines(self.desk.store)
        self.list_model.set_rows(self.records)
        self.trend_model.set_rows(trends(self.records, self.model, self.strengths()))
        self.summary.setText(
            (
                self.tr(
                    "One baseline, taken {taken_on}: a habit's measured strength sits "
                    "beside your own score of it; take another in a few months to see the change."
                )
                if len(self.records) == 1
                else self.tr(
                    "{count} baselines, the first taken {taken_on} and the latest "
                    "{latest}: Change is the latest score less the first. A habit's strength "
                    "measured from your check-ins stands beside your own score of it."
                )
            ).format(
                count=len(self.records),
                taken_on=shown(self.records[0].taken_on),
                latest=shown(self.records[-1].taken_on),
            )
            if self.records
            else self.tr(
                "Score your practice against the four foundations and the seven habits, "
                "then again in a few months to see it develop."
            )
        )
        self.selection.select(self.current.id if self.current else None)

    def _chosen(self, chosen: Baseline | None) -> None:
        self.current = chosen
        self.delete_button.setEnabled(chosen is not None)

    def take(self) -> None:
        dialog = BaselineDialog(self.model, self.records[-1] if self.records else None, self)
        self.desk.run_dialog(
            dialog,
            lambda: (
                TakeBaseline(self.desk, *dialog.result_values)
                if dialog.result_values is not None
                else None
            ),
        )

    def delete(self) -> None:
        if self.current is not None:
            self.desk.run(RemoveBaseline(self.desk, self.current))
            self.desk.status.emit(self.tr("Deleted the baseline. Undo with Ctrl+Z."))
