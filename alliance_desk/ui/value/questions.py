"""Beside time to decision on the Value section: the questions still waiting for a decision,
slowest first, for the alliance selected (or the whole portfolio). Enter opens one in the
decision log, where it is decided."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from alliance_desk.core.placement import OpenQuestion
from alliance_desk.core.records import Opens

ROWS_SHOWN = 4  # the list's height in rows: the table above keeps the room


def question_line(question: OpenQuestion, alliance: str = "") -> str:
    """ "Supply price — Aurora — open 95 days (raised 01 Sep 2026)"."""
    raised = question.decision.draft.raised_on
    where = f" — {alliance}" if alliance else ""
    return f"{question.title}{where} — open {question.days_open} days (raised {raised:%d %b %Y})"


class OpenQuestions(QWidget):
    opened = Signal(object)  # core.records.Opens of the decision

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = QLabel()
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Open questions, slowest first"))
        self.list.setToolTip(self.tr("Enter opens the question in the decision log to decide it"))
        self.caption.setBuddy(self.list)
        self.list.itemActivated.connect(self._open)
        # A long question is elided (its tooltip has it all): a scroll bar would hide the row.
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.list)

    def show_questions(
        self, questions: Sequence[OpenQuestion], names: Mapping[int, str], scope: str
    ) -> None:
        """`questions`, slowest first; `scope`: whose they are ("Aurora", "the portfolio")."""
        self.caption.setText(
            self.tr("&Open questions, slowest first — {scope} ({count})").format(
                scope=scope, count=len(questions)
            )
        )
        self.list.clear()
        for question in questions:
            line = question_line(question, names.get(question.alliance_id, ""))
            item = QListWidgetItem(line)
            item.setToolTip(line)
            item.setData(Qt.ItemDataRole.UserRole, question.decision.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, question.alliance_id)
            self.list.addItem(item)
        if not questions:
            self.list.addItem(self.tr("None: every question raised is decided."))
        rows = min(max(len(questions), 1), ROWS_SHOWN)
        self.list.setFixedHeight(self.list.sizeHintForRow(0) * rows + 2 * self.list.frameWidth())

    def _open(self, item: QListWidgetItem) -> None:
        decision_id = item.data(Qt.ItemDataRole.UserRole)
        if decision_id is not None:
            alliance_id = item.data(Qt.ItemDataRole.UserRole + 1)
            self.opened.emit(Opens("decisions", alliance_id, decision_id))
