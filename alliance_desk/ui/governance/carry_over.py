"""The "Actions from the previous meeting" item in meeting mode: every action of earlier
meetings still open (Space closes or reopens the selected one, on the action itself), and the
decisions not yet implemented, listed for review."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QListWidget, QVBoxLayout, QWidget

from alliance_desk.core.dates import shown
from alliance_desk.core.minutes import MeetingRecord


class CarriedActions(QListWidget):
    """Open actions of earlier meetings; `toggled` (row) on Space."""

    toggled = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.modifiers():
            self.toggled.emit(self.currentRow())
            return
        super().keyPressEvent(event)


class CarryOverPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.carried = CarriedActions()
        self.carried.setAccessibleName(self.tr("Actions from the previous meeting"))
        self.carried.setToolTip(self.tr("Space: mark the selected action done, or open again"))
        self.review = QListWidget()
        self.review.setAccessibleName(self.tr("Decisions not yet implemented"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(buddy(self.tr("&Open actions (Space: done / reopen)"), self.carried))
        layout.addWidget(self.carried, 2)
        layout.addWidget(buddy(self.tr("Decisions not yet implemented, for re&view"), self.review))
        layout.addWidget(self.review, 1)

    def show_record(self, record: MeetingRecord, names: Mapping[int, str]) -> None:
        row = self.carried.currentRow()
        self.carried.clear()
        for carried in record.carried:
            a = carried.action
            due = self.tr(", due {day}").format(day=shown(a.due)) if a.due else ""
            self.carried.addItem(
                self.tr("[{status}] {title} — {owner}{due} (from {meeting_day})").format(
                    status=a.status.label,
                    title=a.title,
                    owner=names.get(a.owner_id, "?"),
                    due=due,
                    meeting_day=shown(carried.meeting_day),
                )
            )
        if not record.carried:
            self.carried.addItem(self.tr("No open actions from earlier meetings."))
        self.carried.setCurrentRow(max(row, 0))
        self.review.clear()
        for decision in record.to_review:
            d = decision.draft
            self.review.addItem(
                self.tr("{title} — {lower} (taken {decided_on})").format(
                    title=d.title, lower=d.status.label.lower(), decided_on=shown(d.decided_on)
                )
            )
        if not record.to_review:
            self.review.addItem(self.tr("Every decision is implemented."))


def buddy(text: str, widget: QWidget) -> QLabel:
    """A caption whose &-letter (Alt+letter) puts the focus on `widget`."""
    label = QLabel(text)
    label.setBuddy(widget)
    return label
