"""Preferences: the portfolio's business rules (kept in the portfolio, shared with the team,
changed undoably) and this computer's own settings (backups, start-up; kept in QSettings)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core.escalations import LEVELS
from alliance_desk.core.policy import (
    BY_NAME,
    MAX_DAYS,
    MAX_SLA_DAYS,
    WEEKDAYS,
    Policy,
    differences,
    with_setting,
)
from alliance_desk.core.validation import FieldError
from alliance_desk.last_opened import REOPEN_LAST, reopen_last
from alliance_desk.store.errors import StoreError
from alliance_desk.ui.desk import Desk, StoreCommand
from alliance_desk.ui.dialogs import dialog_buttons
from alliance_desk.ui.i18n import translate
from alliance_desk.ui.rhythm_grid import RhythmGrid
from alliance_desk.ui.widgets import FieldError as FieldMessage
from alliance_desk.ui.widgets import heading

if TYPE_CHECKING:
    from alliance_desk.store.database import Store

BACKUPS_TO_KEEP = "backups/keep"
BACKUP_MAX_AGE = "backups/max_age_days"
DEFAULT_MAX_AGE_DAYS = 180
# Where earlier versions kept the portfolio's rules, per user: moved into the portfolio once.
LEGACY_POLICY = {
    **{f"escalations/sla_level_{level}": f"sla-level-{level}" for level in LEVELS},
    "escalations/holidays": "holidays",
    "habits/week_start": "week-start",
    "decisions/not_implemented_days": "not-implemented-days",
    "onboarding/keep_off_weekends": "keep-off-weekends",
}
POLICY_MOVED = "policy/moved_into"


def backups_to_keep(settings: QSettings) -> int:
    return max(1, int(cast("int | str", settings.value(BACKUPS_TO_KEEP, 10))))


def backup_max_age(settings: QSettings) -> int | None:
    """Days after which a backup is pruned (the newest is always kept); None: never."""
    days = int(cast("int | str", settings.value(BACKUP_MAX_AGE, DEFAULT_MAX_AGE_DAYS)))
    return days if days > 0 else None


def move_policy_into(store: Store, settings: QSettings) -> str | None:
    """Move the business rules an earlier version kept in this user's preferences into the
    portfolio, once: a rule the portfolio already holds (a teammate's) stays as it is. The
    old preferences are removed once the portfolio has them. Returns what to tell the user."""
    texts = {
        name: str(settings.value(key)).lower()
        for key, name in LEGACY_POLICY.items()
        if settings.contains(key)
    }
    if not texts:
        return None
    from alliance_desk.store.policy import adopt_settings

    kept = adopt_settings(store, texts)
    for key in LEGACY_POLICY:
        settings.remove(key)
    settings.setValue(POLICY_MOVED, store.location.display)
    message = translate(
        "preferences", "Your service levels, holidays and other rules now live in the portfolio."
    )
    if kept:
        message += translate(
            "preferences", " It already had its own for {kept}: those were kept."
        ).format(kept=", ".join(kept))
    return message


class PolicyCommand(StoreCommand):
    """A change of the portfolio's rules, undoable; never over a teammate's newer change."""

    refresh_on_conflict = True

    def __init__(self, desk: Desk, before: Policy, after: Policy) -> None:
        changed = ", ".join(differences(before, after))
        super().__init__(
            desk,
            translate("commands", "Change the portfolio's rules ({changed})").format(
                changed=changed
            ),
        )
        self.before, self.after = before, after

    def apply(self) -> None:
        from alliance_desk.store.policy import update_policy

        update_policy(self._store(), self.before, self.after)

    def revert(self) -> None:
        from alliance_desk.store.policy import update_policy

        update_policy(self._store(), self.after, self.before)

    def _store(self) -> Store:
        if self.desk.store is None:
            raise StoreError(translate("commands", "No portfolio is open."))
        return self.desk.store


def _days(low: int, high: int, value: int, suffix: str, special: str = "") -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setSuffix(suffix)
    if special:
        spin.setSpecialValueText(special)  # shown for the lowest value
    spin.setValue(value)
    # As wide as its longest value and suffix: stretched across the dialog (340 px for
    # "10 backups") the numbers sat far from the arrows that change them.
    spin.setSizePolicy(QSizePolicy.Policy.Fixed, spin.sizePolicy().verticalPolicy())
    return spin


class PreferencesDialog(QDialog):
    """This computer's settings and, with a portfolio open, the portfolio's rules.
    After `exec()`, `policy` holds the rules as the user left them."""

    def __init__(
        self,
        settings: QSettings,
        database: str,
        parent: QWidget | None = None,
        policy: Policy | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.policy = policy
        self.setWindowTitle(self.tr("Preferences"))
        self.keep = _days(1, 100, backups_to_keep(settings), self.tr(" backups"))
        self.max_age = _days(
            0, 3650, backup_max_age(settings) or 0, self.tr(" days"), self.tr("no age limit")
        )
        self.max_age.setToolTip(
            self.tr("Older backups are removed at start; the newest is always kept.")
        )
        self.reopen = QCheckBox(self.tr("Open the last portfolio I used"))
        self.reopen.setChecked(reopen_last(settings))
        where = QLabel(database)
        where.setObjectName("muted")
        where.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Portfolio file"), where)
        form.addRow(self.tr("Keep"), self.keep)
        form.addRow(self.tr("Remove backups older than"), self.max_age)
        form.addRow(self.tr("At start"), self.reopen)
        from alliance_desk.ui.lock import idle_minutes

        self.lock_after = _days(
            0, 480, idle_minutes(settings), self.tr(" minutes idle"), self.tr("never")
        )
        self.lock_after.setAccessibleName(self.tr("Lock an encrypted portfolio after"))
        self.lock_after.setToolTip(
            self.tr(
                "Without keyboard or mouse input this long (and whenever the computer locks), "
                "an encrypted portfolio is closed and hidden until its passphrase is typed again."
            )
        )
        form.addRow(self.tr("Lock an encrypted portfolio after"), self.lock_after)
        from alliance_desk.ui.theme import APPEARANCE

        # A dark theme was there, but only for a desktop that asks for one or an environment
        # variable: a choice of its own here, applied at once.
        self.appearance = QComboBox()
        for text, value in (
            (self.tr("As the desktop"), ""),
            (self.tr("Light"), "light"),
            (self.tr("Dark"), "dark"),
        ):
            self.appearance.addItem(text, value)
        chosen = str(settings.value(APPEARANCE, "") or "")
        self.appearance.setCurrentIndex(max(self.appearance.findData(chosen), 0))
        self.appearance.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.appearance.setAccessibleName(self.tr("Appearance"))
        form.addRow(self.tr("Appearance"), self.appearance)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("This computer"), level=2))
        layout.addLayout(form)
        if policy is not None:
            shared = self.tr("The portfolio's rules (shared with everyone using it)")
            layout.addWidget(heading(shared, level=2))
            rules = self._policy_form(policy)
            layout.addLayout(rules)
            _same_label_column(form, rules)
        layout.addWidget(dialog_buttons(self, self.tr("Save")))

    def _policy_form(self, policy: Policy) -> QFormLayout:
        form = QFormLayout()

        def row(label: str, widget: QWidget, setting: str) -> None:
            widget.setToolTip(BY_NAME[setting].meaning)
            widget.setAccessibleName(label)
            form.addRow(label, widget)

        self.sla = []
        for level, name in LEVELS.items():
            spin = _days(1, MAX_SLA_DAYS, policy.sla_days[level], self.tr(" business days"))
            row(
                self.tr("Service level {level} · {lower}").format(level=level, lower=name.lower()),
                spin,
                f"sla-level-{level}",
            )
            self.sla.append(spin)
        self.holidays = QPlainTextEdit(BY_NAME["holidays"].text(policy).replace("none", ""))
        self.holidays.setPlaceholderText(self.tr("Holidays, e.g. 2026-12-25, 2026-12-28"))
        self.holidays.setFixedHeight(60)
        self.holidays_error = FieldMessage()
        row(self.tr("Not business days"), self.holidays, "holidays")
        form.addRow("", self.holidays_error)
        self.week_start = QComboBox()
        self.week_start.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        for number, day in enumerate(WEEKDAYS):
            self.week_start.addItem(day.capitalize(), number)
        self.week_start.setCurrentIndex(policy.week_start)
        row(self.tr("Habit weeks start on"), self.week_start, "week-start")
        self.not_implemented = _days(1, MAX_DAYS, policy.not_implemented_days, " days")
        row(
            self.tr("Flag decisions not implemented after"),
            self.not_implemented,
            "not-implemented-days",
        )
        self.review_days = _days(0, MAX_DAYS, policy.decision_review_days, " days", "none")
        row(self.tr("Propose a decision's review after"), self.review_days, "decision-review-days")
        self.notice_days = _days(0, MAX_DAYS, policy.obligation_notice_days, " days")
        row(self.tr("New obligations give notice"), self.notice_days, "obligation-notice-days")
        self.weekends = QCheckBox(self.tr("Keep onboarding due dates off weekends"))
        self.weekends.setChecked(policy.keep_off_weekends)
        row(self.tr("Onboarding"), self.weekends, "keep-off-weekends")
        # Each tier's days between touches, under the names of the touches (ui/rhythm_grid.py).
        self.rhythm_grid = RhythmGrid(policy.rhythms)
        form.addRow(self.tr("Tier rhythms (days)"), self.rhythm_grid)
        return form

    def _edited_policy(self) -> Policy:
        """The rules as the form holds them; FieldError names a wrong one."""
        assert self.policy is not None
        try:
            policy = with_setting(
                self.policy, "holidays", self.holidays.toPlainText().strip() or "none"
            )
        except FieldError as error:
            self.holidays_error.show_message(str(error).removeprefix("holidays: "))
            raise
        return Policy(
            rhythms=self.rhythm_grid.rhythms(),
            sla_days=(
                self.sla[0].value(),
                self.sla[1].value(),
                self.sla[2].value(),
                self.sla[3].value(),
            ),
            holidays=policy.holidays,
            week_start=self.week_start.currentData(),
            not_implemented_days=self.not_implemented.value(),
            keep_off_weekends=self.weekends.isChecked(),
            decision_review_days=self.review_days.value(),
            obligation_notice_days=self.notice_days.value(),
        )

    def accept(self) -> None:
        if self.policy is not None:
            try:
                self.policy = self._edited_policy()
            except FieldError:
                return
        self.settings.setValue(BACKUPS_TO_KEEP, self.keep.value())
        self.settings.setValue(BACKUP_MAX_AGE, self.max_age.value())
        self.settings.setValue(REOPEN_LAST, self.reopen.isChecked())
        from alliance_desk.ui.lock import IDLE_MINUTES

        self.settings.setValue(IDLE_MINUTES, self.lock_after.value())
        self._apply_appearance()
        super().accept()

    def _apply_appearance(self) -> None:
        from PySide6.QtWidgets import QApplication

        from alliance_desk.ui.theme import APPEARANCE, apply_theme

        chosen = self.appearance.currentData()
        if chosen == str(self.settings.value(APPEARANCE, "") or ""):
            return
        self.settings.setValue(APPEARANCE, chosen)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, dark=None if not chosen else chosen == "dark")


def _same_label_column(*forms: QFormLayout) -> None:
    """One column of labels for every form, so that their fields start at the same x (each
    form sized its own: this computer's fields began 40 px left of the rules' below)."""
    labels: list[QWidget] = []
    for form in forms:
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            label = item.widget() if item is not None else None
            if label is not None:
                labels.append(label)
    widest = max((label.sizeHint().width() for label in labels), default=0)
    for label in labels:
        label.setMinimumWidth(widest)
