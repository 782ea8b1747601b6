"""The Habits section's dialogs: a check-in, the weekly review, and when to offer the review."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from html import escape
from typing import cast

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core import wall
from alliance_desk.core.dates import entered, shown, shown_weekday, stamp
from alliance_desk.core.habits import Habit, WeekFacts, validate_checkin, week_start
from alliance_desk.core.portfolio import Alliance
from alliance_desk.core.validation import clean_text
from alliance_desk.store import habits as store_habits
from alliance_desk.ui.dialogs import FormDialog, dialog_buttons
from alliance_desk.ui.forms import FieldForm
from alliance_desk.ui.i18n import translate
from alliance_desk.ui.widgets import heading


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
    dialog = FormDialog(
        translate("habits.dialogs", "Check in"),
        translate("habits.dialogs", "Check in"),
        lambda raw: validate_checkin(raw, keys),
        parent,
    )
    form = dialog.form
    form.add_choice(
        "habit",
        translate("habits.dialogs", "&Habit"),
        [(h.name, h.key) for h in habits],
    )
    form.add_line("day", translate("habits.dialogs", "&Day")).setText(entered(day))
    form.add_choice(
        "alliance_id",
        translate("habits.dialogs", "&Alliance"),
        [("—", None)] + [(a.name, a.id) for a in alliances],
    )
    form.add_number("minutes", translate("habits.dialogs", "&Minutes"), 0, 1440)
    form.add_text(
        "note",
        translate("habits.dialogs", "&Note"),
        translate("habits.dialogs", "What you did"),
        60,
    )
    for key, value in (("habit", habit), ("alliance_id", alliance_id)):
        if value is not None:
            combo = cast(QComboBox, form.fields[key])
            combo.setCurrentIndex(max(combo.findData(value), 0))
    return dialog


def _figures_table(lines) -> str:
    """The week's facts (figure, words — both translated already) as markup: figures
    right-aligned in a column of their own ("4 of 7  habits on target" and "6  credits
    earned" began their words at different places)."""
    rows = "".join(
        f"<tr><td align='right' style='padding-right: 6px'>{escape(str(figure))}</td>"
        f"<td>{escape(str(what))}</td></tr>"
        for figure, what in lines
    )
    return f"<table cellspacing='0' cellpadding='1'>{rows}</table>"


class ReviewDialog(QDialog):
    """The weekly review: the week's facts beside the three reflection boxes, and every
    saved review a choice away (the weeks list). Saving saves the week shown."""

    def __init__(
        self,
        week: date,
        read_week: Callable[[date], tuple[WeekFacts, tuple[str, str, str] | None]],
        saved_weeks: Sequence[date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setMinimumWidth(720)
        self.read_week = read_week
        self.week = week
        self.values: tuple[str, str, str] | None = None
        self.weeks = QComboBox()
        self.weeks.setAccessibleName(self.tr("Week reviewed"))
        self.days = sorted({week, *saved_weeks}, reverse=True)
        for day in self.days:
            self.weeks.addItem(
                (
                    self.tr("Week of {day} (reviewed)")
                    if day in saved_weeks
                    else self.tr("Week of {day}")
                ).format(day=shown_weekday(day))
            )
        self.weeks.setCurrentIndex(self.days.index(week))
        self.weeks.activated.connect(self._week_chosen)
        weeks_label = QLabel(self.tr("Wee&k"))
        weeks_label.setBuddy(self.weeks)
        self.facts = QLabel()
        self.facts.setObjectName("body")
        self.facts.setTextFormat(Qt.TextFormat.RichText)  # a table: figures line up
        self.facts.setAccessibleName(self.tr("The week's facts"))
        facts_box = QVBoxLayout()
        facts_box.addWidget(heading(self.tr("The week in facts"), level=2))
        facts_box.addWidget(self.facts)
        facts_box.addStretch(1)
        self.form = FieldForm()
        self.form.add_text("went_well", self.tr("What &went well"), "", 70)
        self.form.add_text("got_in_the_way", self.tr("What got in the wa&y"), "", 70)
        self.form.add_text("focus", self.tr("&Focus for next week"), "", 70)
        intro = QLabel(self.tr("A few lines each: the point is to notice, not to write a report."))
        intro.setObjectName("muted")
        intro.setWordWrap(True)
        reflections = QVBoxLayout()
        reflections.addWidget(intro)
        reflections.addWidget(self.form)
        pick = QHBoxLayout()
        pick.addWidget(weeks_label)
        pick.addWidget(self.weeks, 1)
        body = QHBoxLayout()
        body.addLayout(facts_box, 2)
        body.addLayout(reflections, 5)
        layout = QVBoxLayout(self)
        layout.addLayout(pick)
        layout.addLayout(body, 1)
        layout.addWidget(dialog_buttons(self, self.tr("Save review")))
        self._show_week(week)
        self.form.fields["went_well"].setFocus()  # typing at once writes the review

    def _show_week(self, week: date) -> None:
        self.week = week
        self.setWindowTitle(self.tr("Weekly review — week of {week}").format(week=shown(week)))
        facts, saved = self.read_week(week)
        self.facts.setText(_figures_table(facts.lines()))
        keys = ("went_well", "got_in_the_way", "focus")
        self.form.set_values(dict(zip(keys, saved or ("", "", ""), strict=True)))

    def _week_chosen(self) -> None:
        chosen = self.days[self.weeks.currentIndex()]
        if chosen == self.week:
            return
        if self.form.has_unsaved_typing():
            answer = QMessageBox.question(
                self,
                self.tr("Leave this week's review?"),
                self.tr(
                    "What you typed for the week of {week} is not saved yet. Show the "
                    "other week anyway?"
                ).format(week=shown(self.week)),
            )
            if answer != QMessageBox.StandardButton.Yes:
                self.weeks.setCurrentIndex(self.days.index(self.week))
                return
        self._show_week(chosen)

    def accept(self) -> None:
        values = self.form.values()
        try:
            self.values = (
                clean_text(values["went_well"]),
                clean_text(values["got_in_the_way"]),
                clean_text(values["focus"]),
            )
        except ValueError as error:
            self.form.show_errors({"went_well": str(error)})
            return
        super().accept()


LAST_PROMPT = "habits/last_review_prompt"


def review_due(store, settings: QSettings | None, start_weekday: int = 0) -> date | None:
    """On the first start of a new week, the week just ended if it has no review yet (asked
    once: the answer is remembered even when the user declines)."""
    if store is None or settings is None:
        return None
    this_week = week_start(wall.today(), start_weekday)
    last_prompt = str(settings.value(LAST_PROMPT, ""))
    settings.setValue(LAST_PROMPT, stamp(this_week))
    if not last_prompt or last_prompt == stamp(this_week):
        return None  # the very first start has no week behind it; and ask once a week
    last_week = this_week - timedelta(weeks=1)
    return None if store_habits.review(store, last_week) is not None else last_week
