"""Dialogs of the Habits section: a check-in, and the weekly review."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from alliance_desk.core.habits import Habit, validate_checkin
from alliance_desk.core.portfolio import Alliance
from alliance_desk.core.validation import clean_text
from alliance_desk.ui.dialogs import FormDialog, dialog_buttons
from alliance_desk.ui.forms import FieldForm


def checkin_dialog(
    habits: Sequence[Habit],
    alliances: Sequence[Alliance],
    *,
    habit: str | None,
    day: date,
    alliance_id: int | None,
    parent: QWidget | None = None,
) -> FormDialog:
    """A check-in on a habit, for a day and optionally an alliance, proposed as given."""
    keys = [h.key for h in habits]
    dialog = FormDialog("Check in", "Check in", lambda raw: validate_checkin(raw, keys), parent)
    form = dialog.form
    form.add_choice("habit", "&Habit", [(h.name, h.key) for h in habits])
    form.add_line("day", "&Day").setText(day.isoformat())
    form.add_choice("alliance_id", "&Alliance", [("—", None)] + [(a.name, a.id) for a in alliances])
    form.add_number("minutes", "&Minutes", 0, 1440)
    form.add_text("note", "&Note", "What you did", 60)
    for key, value in (("habit", habit), ("alliance_id", alliance_id)):
        if value is not None:
            combo = form.fields[key]
            combo.setCurrentIndex(max(combo.findData(value), 0))
    return dialog


class ReviewDialog(QDialog):
    def __init__(self, week: date, saved, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Weekly review — week of {week:%d %B %Y}")
        self.setMinimumWidth(520)
        self.form = FieldForm()
        self.form.add_text("went_well", "What &went well", "", 70)
        self.form.add_text("got_in_the_way", "What got in the &way", "", 70)
        self.form.add_text("focus", "&Focus for next week", "", 70)
        if saved:
            self.form.set_values(
                dict(zip(("went_well", "got_in_the_way", "focus"), saved, strict=True))
            )
        self.values: tuple[str, str, str] | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("A few lines each: the point is to notice, not to write a report."))
        layout.addWidget(self.form)
        layout.addWidget(dialog_buttons(self, "Save review"))

    def accept(self) -> None:
        values = self.form.values()
        try:
            self.values = tuple(
                clean_text(values[k]) for k in ("went_well", "got_in_the_way", "focus")
            )
        except ValueError as error:
            self.form.show_errors({"went_well": str(error)})
            return
        super().accept()
