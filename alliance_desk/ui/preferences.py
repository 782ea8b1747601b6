"""Preferences, kept in QSettings (per user, outside the portfolio file)."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core.escalations import DEFAULT_SLA_DAYS, SlaPolicy, parse_holidays
from alliance_desk.core.validation import FieldError as InvalidField
from alliance_desk.ui.widgets import FieldError

BACKUPS_TO_KEEP = "backups/keep"
BACKUP_MAX_AGE = "backups/max_age_days"
DEFAULT_MAX_AGE_DAYS = 180
REOPEN_LAST = "start/reopen_last"
LAST_DATABASE = "start/last_database"
KEEP_OFF_WEEKENDS = "onboarding/keep_off_weekends"
SLA_KEY = "escalations/sla_level_{}"
HOLIDAYS_KEY = "escalations/holidays"
WEEK_START = "habits/week_start"


def backups_to_keep(settings: QSettings) -> int:
    return max(1, int(settings.value(BACKUPS_TO_KEEP, 10)))


def backup_max_age(settings: QSettings) -> int | None:
    """Days after which a backup is pruned (the newest is always kept); None: never."""
    days = int(settings.value(BACKUP_MAX_AGE, DEFAULT_MAX_AGE_DAYS))
    return days if days > 0 else None


def reopen_last(settings: QSettings) -> bool:
    return settings.value(REOPEN_LAST, True, type=bool)


class PreferencesDialog(QDialog):
    def __init__(self, settings: QSettings, database: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Preferences")
        self.keep = QSpinBox()
        self.keep.setRange(1, 100)
        self.keep.setValue(backups_to_keep(settings))
        self.keep.setSuffix(" backups")
        self.max_age = QSpinBox()
        self.max_age.setRange(0, 3650)
        self.max_age.setSpecialValueText("no age limit")  # shown for 0
        self.max_age.setSuffix(" days")
        self.max_age.setValue(backup_max_age(settings) or 0)
        self.max_age.setToolTip("Older backups are removed at start; the newest is always kept.")
        self.reopen = QCheckBox("Open the last portfolio I used")
        self.reopen.setChecked(reopen_last(settings))
        self.weekends = QCheckBox("Keep onboarding due dates off weekends")
        self.weekends.setChecked(settings.value(KEEP_OFF_WEEKENDS, True, type=bool))
        where = QLabel(database)
        where.setObjectName("muted")
        where.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Portfolio file", where)
        form.addRow("Keep", self.keep)
        form.addRow("Remove backups older than", self.max_age)
        form.addRow("At start", self.reopen)
        form.addRow("Onboarding", self.weekends)
        self.week_start = QComboBox()
        for number, day in enumerate(
            ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
        ):
            self.week_start.addItem(day, number)
        self.week_start.setCurrentIndex(int(settings.value(WEEK_START, 0)))
        form.addRow("Habit weeks start on", self.week_start)
        self.sla = []
        for level, name in enumerate(
            ("working team", "alliance managers", "governance committee", "executive sponsors")
        ):
            spin = QSpinBox()
            spin.setRange(1, 120)
            spin.setSuffix(" business days")
            spin.setValue(int(settings.value(SLA_KEY.format(level), DEFAULT_SLA_DAYS[level])))
            form.addRow(f"Service level {level} · {name}", spin)
            self.sla.append(spin)
        self.holidays = QPlainTextEdit(str(settings.value(HOLIDAYS_KEY, "")))
        self.holidays.setPlaceholderText("Holidays, e.g. 2026-12-25, 2026-12-28")
        self.holidays.setFixedHeight(60)
        self.holidays_error = FieldError()
        form.addRow("Not business days", self.holidays)
        form.addRow("", self.holidays_error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def accept(self) -> None:
        try:
            holidays = parse_holidays(self.holidays.toPlainText())
        except ValueError as error:
            self.holidays_error.show_message(str(error))
            return
        self.settings.setValue(HOLIDAYS_KEY, ", ".join(day.isoformat() for day in sorted(holidays)))
        for level, spin in enumerate(self.sla):
            self.settings.setValue(SLA_KEY.format(level), spin.value())
        self.settings.setValue(BACKUPS_TO_KEEP, self.keep.value())
        self.settings.setValue(BACKUP_MAX_AGE, self.max_age.value())
        self.settings.setValue(REOPEN_LAST, self.reopen.isChecked())
        self.settings.setValue(KEEP_OFF_WEEKENDS, self.weekends.isChecked())
        self.settings.setValue(WEEK_START, self.week_start.currentData())
        super().accept()


def sla_policy(settings: QSettings | None) -> SlaPolicy:
    """The service levels from Preferences (defaults when unset or unreadable)."""
    if settings is None:
        return SlaPolicy()
    days = tuple(
        max(1, int(settings.value(SLA_KEY.format(level), DEFAULT_SLA_DAYS[level])))
        for level in range(4)
    )
    try:
        holidays = parse_holidays(str(settings.value(HOLIDAYS_KEY, "")))
    except InvalidField:
        holidays = frozenset()
    return SlaPolicy(days, holidays)
