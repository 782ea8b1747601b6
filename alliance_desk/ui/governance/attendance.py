"""Who came to a meeting, marked from the keyboard in meeting mode: P present, R remote,
A apologies, D delegate (asks the delegate's name), I back to invited."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QInputDialog, QListWidget, QListWidgetItem, QWidget

from alliance_desk.core.minutes import Attendance, Attendee

KEYS = {
    Qt.Key.Key_P: Attendance.PRESENT,
    Qt.Key.Key_R: Attendance.REMOTE,
    Qt.Key.Key_A: Attendance.APOLOGIES,
    Qt.Key.Key_D: Attendance.DELEGATE,
    Qt.Key.Key_I: Attendance.INVITED,
}


class AttendanceList(QListWidget):
    """The invitees with how each attended; `marked` (person id, attendance, delegate)."""

    marked = Signal(int, object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Attendance"))
        self.setToolTip(self.tr("P present · R remote · A apologies · D delegate · I invited"))
        self.attendees: list[Attendee] = []
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def show_attendees(self, attendees: Sequence[Attendee]) -> None:
        row = max(self.currentRow(), 0)
        self.attendees = list(attendees)
        self.clear()
        for person in attendees:
            text = (
                self.tr("{name} — {side}: {attendance}")
                if person.member
                else self.tr("{name} (guest) — {side}: {attendance}")
            ).format(name=person.name, side=person.side.label, attendance=person.described)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, person.person_id)
            if not person.attendance.attends and person.attendance is not Attendance.INVITED:
                item.setForeground(self.palette().placeholderText())
            self.addItem(item)
        if attendees:
            self.setCurrentRow(min(row, len(attendees) - 1))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        attendance = KEYS.get(Qt.Key(event.key()))
        row = self.currentRow()
        if (
            attendance is None
            or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            or not 0 <= row < len(self.attendees)
        ):
            super().keyPressEvent(event)
            return
        person = self.attendees[row]
        delegate = ""
        if attendance is Attendance.DELEGATE:
            delegate, ok = QInputDialog.getText(
                self,
                self.tr("Delegate"),
                self.tr("Who stands in for {name}?").format(name=person.name),
                text=person.delegate,
            )
            if not ok or not delegate.strip():
                return
        self.marked.emit(person.person_id, attendance, delegate.strip())
        if row + 1 < self.count():  # on to the next person, as a roll call goes
            self.setCurrentRow(row + 1)
