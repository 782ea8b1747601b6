"""The Habits section's two lists: each habit this week, and the week's check-ins."""

from __future__ import annotations

from alliance_desk.core.dates import shown_short
from alliance_desk.core.habits import HabitSummary, ListedCheckIn
from alliance_desk.ui.i18n import QT_TRANSLATE_NOOP, translate
from alliance_desk.ui.table_model import Column
from alliance_desk.ui.theme import ACCENT

COLUMNS: tuple[Column[HabitSummary], ...] = (
    Column(QT_TRANSLATE_NOOP("Column", "Habit"), lambda h: h.habit.name),
    Column(
        QT_TRANSLATE_NOOP("Column", "This week"),
        lambda h: (
            f"{h.count} / {h.habit.target}"
            if h.habit.target
            else translate("Column", "{count} (paused)").format(count=h.count)
        ),
        key=lambda h: h.count / h.habit.target if h.habit.target else -1,
        colour=lambda h: ACCENT if h.on_target else None,
        priority=1,
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "Streak"),
        lambda h: translate("Column", "{weeks} wk").format(weeks=h.streak),
        key=lambda h: h.streak,
        align_right=True,
        priority=1,
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "Strength"),
        lambda h: f"{h.strength:.0f}",
        key=lambda h: h.strength,
        align_right=True,
        priority=1,
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "Minutes"),
        lambda h: str(h.minutes or ""),
        key=lambda h: h.minutes,
        align_right=True,
        priority=2,
    ),
)


def checkin_columns(
    names: dict[str, str], muted_colour: list[str]
) -> tuple[Column[ListedCheckIn], ...]:
    """The week's check-ins as the list shows them (`names`: each habit's name by its key);
    automatic credits in `muted_colour[0]` (worked out once a load, not for every cell)."""

    def muted(listed: ListedCheckIn) -> str | None:
        return muted_colour[0] if listed.checkin.automatic and muted_colour else None

    return (
        Column(
            QT_TRANSLATE_NOOP("Column", "Day"), lambda r: shown_short(r.checkin.day), colour=muted
        ),
        Column(
            QT_TRANSLATE_NOOP("Column", "Habit"),
            lambda r: names.get(r.checkin.habit, r.checkin.habit),
            colour=muted,
            whole=True,  # one of seven: "Manage and engage stakeholders" ended "st…" at 1024
        ),
        Column(QT_TRANSLATE_NOOP("Column", "What"), lambda r: r.checkin.note or "—", colour=muted),
        Column(QT_TRANSLATE_NOOP("Column", "Alliance"), lambda r: r.alliance, colour=muted),
        Column(
            QT_TRANSLATE_NOOP("Column", "From"),
            lambda r: (
                translate("Column", "auto") if r.checkin.automatic else translate("Column", "you")
            ),
            colour=muted,
        ),
    )
