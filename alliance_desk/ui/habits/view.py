"""The Habits section: this week against each habit's target, streaks and strength, check-ins
(automatic credits marked as such), a 52-week heat map and the weekly review."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from html import escape

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core import wall
from alliance_desk.core.changes import CREDITING, Kind
from alliance_desk.core.dates import shown, shown_weekday
from alliance_desk.core.habits import (
    HabitSummary,
    ListedCheckIn,
    group_score,
    strength_series,
    summarise_weeks,
    week_start,
)
from alliance_desk.store import habit_weeks, portfolio
from alliance_desk.store import habits as store_habits
from alliance_desk.ui.charts import TrendLine
from alliance_desk.ui.desk import Desk, follow
from alliance_desk.ui.habits import files
from alliance_desk.ui.habits.columns import COLUMNS, checkin_columns
from alliance_desk.ui.habits.commands import (
    CheckInCommand,
    RemoveCheckInCommand,
    SaveReviewCommand,
    SetTargetCommand,
)
from alliance_desk.ui.habits.dialogs import ReviewDialog, checkin_dialog
from alliance_desk.ui.habits.files import YEAR_WEEKS
from alliance_desk.ui.habits.heatmap import HeatMap
from alliance_desk.ui.habits.words import WordsScroll
from alliance_desk.ui.paged_model import PagedTableModel
from alliance_desk.ui.table_model import RowTableModel
from alliance_desk.ui.table_view import Selection, make_table
from alliance_desk.ui.theme import colours
from alliance_desk.ui.widgets import (
    heading,
    muted_note,
    section_tabs,
    splitter,
    vertical_scroll,
)

# Habits count the work that credits them, the alliance it was for, and the week start.
SHOWS = CREDITING | {Kind.HABIT, Kind.ALLIANCE, Kind.POLICY}


class HabitsView(QWidget):
    def __init__(
        self, desk: Desk, settings: QSettings | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.desk, self.settings = desk, settings
        self.week = week_start(wall.today(), desk.policy.week_start)
        self.counters: Mapping[str, int] | None = None  # read with the weeks, used once
        self.lines: list[HabitSummary] = []
        self.title = heading(self.tr("Habits"))
        self.week_label = QLabel()
        self.week_label.setObjectName("subheading")
        self.group = QLabel()
        self.group.setObjectName("muted")
        self.group.setWordWrap(True)
        previous = self._week_button(
            Qt.ArrowType.LeftArrow, self.tr("Previous week"), Qt.Key.Key_Left, -1
        )
        this_week = QPushButton(self.tr("This &week"))
        this_week.clicked.connect(lambda: self.move_week(0))
        following = self._week_button(
            Qt.ArrowType.RightArrow, self.tr("Next week"), Qt.Key.Key_Right, 1
        )
        check_in = QPushButton(self.tr("&Check in…"))
        check_in.setObjectName("primary")
        check_in.setToolTip(self.tr("Ctrl+Shift+K"))
        check_in.clicked.connect(self.check_in)
        review = QPushButton(self.tr("Weekly &review…"))
        review.clicked.connect(lambda: self.review(self.week))
        export = QPushButton(self.tr("E&xport CSV…"))
        export.clicked.connect(self.export_csv)
        self.model: RowTableModel[HabitSummary] = RowTableModel(COLUMNS, self)
        self.table = make_table(self.model, None)  # the habits' own order, one to seven
        self.keyboard_home = self.table  # Ctrl+7: the habits, not the week's check-ins
        self.table.setAccessibleName(self.tr("Habits this week"))
        self.selection = Selection(self.table, self._show, lambda line: line.habit.key)
        self.habit_text = QLabel()
        self.habit_text.setTextFormat(Qt.TextFormat.RichText)
        self.habit_text.setWordWrap(True)
        self.target = QSpinBox()
        self.target.setRange(0, 50)
        self.target.setSuffix(self.tr(" a week"))
        self.target.setSpecialValueText(self.tr("paused"))  # 0 pauses the habit
        self.target.setToolTip(self.tr("How many check-ins a week; 0 pauses the habit"))
        self.target.setAccessibleName(self.tr("Weekly target"))
        self.target.valueChanged.connect(self._target_changed)
        self.strength_line = TrendLine(
            lowest=0, highest=100, empty=self.tr("Strength builds as weeks pass.")
        )
        # A little lower than a chart's usual least on a laptop, so the habit's words above it
        # show whole (the last of its three suggestions scrolled out of a 700-pixel screen).
        self.strength_line.setMinimumHeight(100)
        # The week's check-ins, read a page at a time as the list scrolls (oldest first).
        self.habit_names: dict[str, str] = {}
        self.muted_colour: list[str] = []
        self.checkins_model: PagedTableModel[ListedCheckIn] = PagedTableModel(
            checkin_columns(self.habit_names, self.muted_colour),
            ("day", None, None, None, None),
            self,
        )
        self.checkins_model.fetch = self._checkins_page
        self.checkins = make_table(
            self.checkins_model, None, stretch=2, name=self.tr("Check-ins this week")
        )
        self.no_checkins = muted_note(
            self.tr(
                "Nothing yet this week. Logged contacts, resolved escalations, risk reviews, "
                "decisions and health checks count on their own."
            )
        )
        remove = QPushButton(self.tr("Remove the selected check-in"))
        remove.clicked.connect(self.remove_checkin)
        self.reviews = QListWidget()
        self.reviews.setObjectName("entries")  # each review set apart (theme)
        self.reviews.setAccessibleName(self.tr("Weekly reviews"))
        self.reviews.setWordWrap(True)
        self.reviews.itemActivated.connect(self._open_review)
        self.reviews.itemDoubleClicked.connect(self._open_review)
        self.heat = HeatMap()

        about = QWidget()
        about_layout = QVBoxLayout(about)
        about_layout.setContentsMargins(0, 0, 0, 0)
        about_layout.addWidget(self.habit_text)
        about_layout.addStretch(1)
        chart_row = QHBoxLayout()
        chart_row.addWidget(heading(self.tr("Strength over time"), level=2), 1)
        # The habit's own goal, not a setting of the chart beside it: said in its label.
        target_label = QLabel(self.tr("Weekly &target"))
        target_label.setBuddy(self.target)
        chart_row.addWidget(target_label)
        chart_row.addWidget(self.target)
        # The chart and the target below the habit's words, never in their scrolling: on a
        # laptop the words scroll in what room is left and the chart shows whole (it was
        # half hidden).
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(8, 0, 0, 0)
        detail_layout.addWidget(vertical_scroll(about, self.tr("Habit details"), WordsScroll))
        detail_layout.addLayout(chart_row)
        detail_layout.addWidget(self.strength_line, 1)
        top = splitter("habitsSplitter", self.table, detail)
        top.setSizes([660, 460])  # every habit's name whole beside its week on a laptop
        checkins_page = QWidget()
        checkins_layout = QVBoxLayout(checkins_page)
        note = QLabel(
            self.tr("Automatic ones come from what you record; remove one that does not count.")
        )
        note.setObjectName("muted")
        note.setWordWrap(True)
        checkins_layout.addWidget(note)
        checkins_layout.addWidget(self.no_checkins)
        checkins_layout.addWidget(self.checkins, 1)
        checkins_layout.addWidget(remove, 0, Qt.AlignmentFlag.AlignRight)
        self.tabs = section_tabs()
        self.tabs.addTab(checkins_page, self.tr("Check-ins this week"))
        self.tabs.addTab(self.reviews, self.tr("Weekly reviews"))
        self.tabs.addTab(self.heat, self.tr("The last 52 weeks"))
        body = splitter("habitsBody", top, self.tabs, vertical=True)
        body.setSizes([360, 300])
        bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        for widget in (review, export, check_in):
            bar.addWidget(widget)
        weeks = QHBoxLayout()
        for part in (previous, self.week_label, following, this_week):
            weeks.addWidget(part)
        weeks.addSpacing(12)
        weeks.addWidget(self.group, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(bar)
        layout.addLayout(weeks)
        layout.addWidget(body, 1)
        follow(desk, self, self.reload, SHOWS, alliance=False)

    def _week_button(self, arrow: Qt.ArrowType, name: str, key: Qt.Key, step: int) -> QToolButton:
        """A compact arrow that steps through the weeks; Alt+its arrow key works anywhere in
        Habits (a shortcut of a hidden button does not fire in other sections)."""
        button = QToolButton()
        button.setArrowType(arrow)
        button.setAccessibleName(name)
        keys = QKeySequence(Qt.KeyboardModifier.AltModifier | key)
        button.setShortcut(keys)
        button.setToolTip(
            self.tr("{name} ({keys})").format(
                name=name, keys=keys.toString(QKeySequence.SequenceFormat.NativeText)
            )
        )
        button.clicked.connect(lambda: self.move_week(step))
        return button

    # -- loading ----------------------------------------------------------------------------------

    def move_week(self, step: int) -> None:
        today = week_start(wall.today(), self.desk.policy.week_start)
        self.week = today if step == 0 else self.week + timedelta(weeks=step)
        self.reload()

    def reload(self) -> None:
        store = self.desk.store
        if store is None:
            return
        start_day = self.desk.policy.week_start
        self.week = week_start(self.week, start_day)  # the rule may have changed meanwhile
        first_week = self.week - timedelta(weeks=YEAR_WEEKS - 1)
        year = habit_weeks.habit_year(store, first_week, self.week)
        self.counters = year.counters  # the week's first page is kept with them
        all_habits = year.habits
        keep = self.current_habit()
        minutes = {key: weeks.get(self.week, 0) for key, weeks in year.minutes.items()}
        self.lines = summarise_weeks(
            all_habits, year.counts, minutes, self.week, first_week=first_week
        )
        per_habit = {line.habit.key: line.counts for line in self.lines}
        self.model.set_rows(self.lines)
        score = group_score(
            {line.habit.key: line.strength for line in self.lines},
            {line.habit.key: line.habit.target for line in self.lines},
        )
        met = sum(1 for line in self.lines if line.on_target)
        self.week_label.setText(self.tr("Week of {week}").format(week=shown_weekday(self.week)))
        active = sum(1 for line in self.lines if line.habit.target)
        self.group.setText(
            self.tr(
                "Group score {score:.0f} / 100 · {met} of {active} habits on target this week"
            ).format(score=score, met=met, active=active)
        )
        self.habit_names.clear()
        self.habit_names.update((h.key, h.name) for h in all_habits)
        self.muted_colour[:] = [colours().muted.name()]
        self.checkins_model.restart(keep=False)
        self.no_checkins.setVisible(self.checkins_model.rowCount() == 0)
        weeks = [first_week + timedelta(weeks=i) for i in range(YEAR_WEEKS)]
        rows = [
            (
                h.name,
                [
                    min(1.0, per_habit[h.key].get(w, 0) / h.target) if h.target else 0.0
                    for w in weeks
                ],
            )
            for h in all_habits
        ]
        targeted = [values for (_, values), h in zip(rows, all_habits, strict=True) if h.target]
        group_row = (
            [sum(column) / len(targeted) for column in zip(*targeted, strict=True)]
            if targeted
            else []
        )
        self.heat.set_rows(weeks, [*rows, (self.tr("All seven"), group_row)])
        self.per_habit, self.first_week = per_habit, first_week
        self._fill_reviews(year.reviews)
        self.select(keep)

    def _checkins_page(self, _order, cursor, limit, _until):
        """A page of the week's check-ins, oldest first (the list does not sort otherwise);
        the first after a reload may be the one kept under the counters it read."""
        counters, self.counters = self.counters, None
        return habit_weeks.checkins_page(
            self.desk.require_store(),
            self.week,
            self.week + timedelta(days=6),
            cursor=cursor,
            limit=limit,
            counters=counters,
        )

    def current_habit(self) -> str | None:
        line = (
            self.model.row_at(self.table.currentIndex().row())
            if self.table.currentIndex().isValid()
            else None
        )
        return line.habit.key if line else None

    def select(self, key: str | None) -> None:
        self.selection.select(key)

    def _show(self, line: HabitSummary | None) -> None:
        if line is None:
            return
        habit = line.habit
        # The habit's name stands out from its words (it read as their first line).
        prompts = "<br>".join(f"•&nbsp; {escape(p)}" for p in habit.prompts)
        self.habit_text.setText(
            self.tr("<b>{name}</b><br>{description}<br><br>Try:<br>{prompts}").format(
                name=escape(habit.name), description=escape(habit.description), prompts=prompts
            )
        )
        self.target.blockSignals(True)
        self.target.setValue(habit.target)
        self.target.blockSignals(False)
        self.strength_line.set_points(
            strength_series(self.per_habit[habit.key], habit.target, self.first_week, self.week)
        )

    # -- edits ------------------------------------------------------------------------------------

    def _target_changed(self, value: int) -> None:
        key = self.current_habit()
        if key is None:
            return
        before = next(line.habit.target for line in self.lines if line.habit.key == key)
        self.desk.run(SetTargetCommand(self.desk, key, before, value))

    def check_in(self) -> None:
        store = self.desk.store
        if store is None:
            return
        dialog = checkin_dialog(
            store_habits.habits(store),
            portfolio.list_alliances(store),
            habit=self.current_habit(),
            day=min(wall.today(), self.week + timedelta(days=6)),
            alliance_id=self.desk.alliance_id,
            parent=self,
        )
        self.desk.run_dialog(
            dialog,
            lambda: (
                CheckInCommand(self.desk, dialog.result_value)
                if dialog.result_value is not None
                else None
            ),
        )

    def selected_checkin(self) -> ListedCheckIn | None:
        index = self.checkins.currentIndex()
        return self.checkins_model.row_at(index.row()) if index.isValid() else None

    def remove_checkin(self) -> None:
        listed = self.selected_checkin()
        if listed is not None:
            self.desk.run(RemoveCheckInCommand(self.desk, listed.checkin))

    def review(self, week: date) -> bool:
        """The weekly review of `week` (any saved one can be chosen in it)."""
        store = self.desk.store
        if store is None:
            return False
        start_day = self.desk.policy.week_start

        def read_week(day: date):
            return store_habits.week_facts(store, day, start_day), store_habits.review(store, day)

        saved_weeks = [row[0] for row in store_habits.reviews(store)]
        dialog = ReviewDialog(week, read_week, saved_weeks, self)
        saved = self.desk.run_dialog(
            dialog,
            lambda: (
                SaveReviewCommand(
                    self.desk, dialog.week, dialog.values, store_habits.review(store, dialog.week)
                )
                if dialog.values is not None
                else None
            ),
        )
        if saved is None:
            return False
        self.desk.status.emit(
            self.tr("Saved the review of the week of {week}.").format(week=shown(dialog.week))
        )
        return True

    def _fill_reviews(self, saved: list[tuple[date, str, str, str]]) -> None:
        self.reviews.clear()
        for week, went_well, _got, focus in saved:
            said = focus or went_well or self.tr("(nothing written)")
            item = QListWidgetItem(
                self.tr("Week of {week}\n{said}").format(
                    week=shown_weekday(week), said=said.splitlines()[0]
                )
            )
            item.setData(Qt.ItemDataRole.UserRole, week)
            item.setToolTip(said)
            self.reviews.addItem(item)
        if not self.reviews.count():
            self.reviews.addItem(
                self.tr(
                    "No review saved yet. Weekly review… looks back on the week shown, with its "
                    "facts beside you."
                )
            )
        count = self.reviews.count() if self.reviews.item(0).data(Qt.ItemDataRole.UserRole) else 0
        self.tabs.setTabText(
            1,
            (
                self.tr("Weekly reviews ({count})").format(count=count)
                if count
                else self.tr("Weekly reviews")
            ),
        )

    def _open_review(self, item: QListWidgetItem) -> None:
        week = item.data(Qt.ItemDataRole.UserRole)
        if week is not None:
            self.review(week)

    def export_csv(self, path: str | None = None) -> None:
        files.export_csv(self, path)
