"""Putting a task of Today off to a day: the dialog that asks which day, and the undoable
edit (the snooze is stored in the portfolio, each user's own)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import cast

from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core.dates import QT_DAY, shown_short
from alliance_desk.core.task import Task
from alliance_desk.ui.desk import Desk, StoreCommand
from alliance_desk.ui.dialogs import dialog_buttons
from alliance_desk.ui.forms import qdate
from alliance_desk.ui.i18n import translate


class SnoozeCommand(StoreCommand):
    """Snooze a task until a day (None: bring it back now); undo restores what it had."""

    def __init__(self, desk: Desk, task: Task, until: date | None) -> None:
        text = (
            translate("commands", "Snooze “{what}” to {until}").format(
                what=task.what, until=shown_short(until) if until else ""
            )
            if until
            else translate("commands", "Bring back “{what}”").format(what=task.what)
        )
        super().__init__(desk, text)
        self.key, self.until = task.key, until
        self.before: date | None = None

    def apply(self) -> None:
        from alliance_desk.store import today as store_today

        self.before = store_today.snooze(self.store, self.key, self.until)

    def revert(self) -> None:
        from alliance_desk.store import today as store_today

        store_today.snooze(self.store, self.key, self.before)


def next_monday(today: date) -> date:
    return today + timedelta(days=7 - today.weekday())


class SnoozeDialog(QDialog):
    """Which day the task comes back: tomorrow, next Monday, in a week, or any day."""

    def __init__(self, task: Task, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Snooze until"))
        self.setMinimumWidth(480)  # as every form: its title and the task's words whole
        self.today = today
        self.until: date | None = None
        # The task on lines of its own, the sentence after it: a line break forced after
        # the task left a word alone on a line when the task itself wrapped.
        what = QLabel(
            self.tr("“{what}” — {alliance}").format(what=task.what, alliance=task.alliance)
        )
        what.setWordWrap(True)
        leaves = QLabel(self.tr("It leaves Today until the day you choose."))
        leaves.setWordWrap(True)
        self.day = QDateEdit(qdate(today + timedelta(days=1)))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat(QT_DAY)
        self.day.setMinimumDate(qdate(today + timedelta(days=1)))
        self.day.setAccessibleName(self.tr("Snooze until"))
        quick = QHBoxLayout()
        for text, day in (
            (self.tr("&Tomorrow"), today + timedelta(days=1)),
            (self.tr("Next &Monday"), next_monday(today)),
            (self.tr("In a &week"), today + timedelta(days=7)),
        ):
            button = QPushButton(text)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, d=day: self.day.setDate(qdate(d)))
            quick.addWidget(button)
        quick.addStretch(1)
        form = QFormLayout()
        label = QLabel(self.tr("&Until"))
        label.setBuddy(self.day)
        form.addRow(label, self.day)
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addWidget(leaves)
        layout.addLayout(quick)
        layout.addLayout(form)
        layout.addWidget(dialog_buttons(self, self.tr("Snooze")))
        self.day.setFocus()

    def accept(self) -> None:
        self.until = cast(date, self.day.date().toPython())
        super().accept()
