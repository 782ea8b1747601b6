"""The Habits section's file: a year of check-ins written out as CSV."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog

from alliance_desk.core.dates import stamp
from alliance_desk.store import habits as store_habits
from alliance_desk.ui.files import documents_path, file_name, save_reported
from alliance_desk.ui.i18n import translate

if TYPE_CHECKING:
    from alliance_desk.ui.habits.view import HabitsView

YEAR_WEEKS = 52


def export_csv(view: HabitsView, path: str | None = None) -> None:
    """The year of check-ins up to the week shown, to `path` (asked for when not given)."""
    if view.desk.store is None:
        return
    if not path:
        path, _ = QFileDialog.getSaveFileName(
            view,
            translate("habits.files", "Export check-ins"),
            documents_path(  # named for what it holds: the year up to this week
                file_name(
                    translate("habits.files", "Habit check-ins"),
                    translate("habits.files", "the year to {week}").format(week=stamp(view.week)),
                    suffix=".csv",
                )
            ),
            "CSV (*.csv)",
        )
    if not path:
        return
    first = view.week - timedelta(weeks=YEAR_WEEKS - 1)
    data = store_habits.checkins_csv(view.desk.store, first, view.week + timedelta(days=6))
    done = translate("habits.files", "Exported a year of check-ins to {path}.").format(path=path)
    save_reported(view.desk, path, data, done)
