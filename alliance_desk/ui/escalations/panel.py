"""One escalation beside the log: where it stands, its workflow steps (escalate, note,
resolve, close, reopen), its append-only history and its details, saved as each is left."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from alliance_desk.core import wall
from alliance_desk.core.dates import shown, shown_moment
from alliance_desk.core.escalations import LEVELS, Escalation, Status
from alliance_desk.core.i18n import by_count
from alliance_desk.store import escalation_moves, escalations, stakeholders
from alliance_desk.store.errors import StoreError
from alliance_desk.ui.button_grid import ButtonGrid
from alliance_desk.ui.escalations.commands import EditCommand, NoteCommand, WorkflowCommand
from alliance_desk.ui.escalations.dialogs import EscalationForm, ReasonDialog, ResolveDialog
from alliance_desk.ui.i18n import QT_TRANSLATE_NOOP, translate
from alliance_desk.ui.widgets import heading, muted_note, vertical_scroll

if TYPE_CHECKING:
    from alliance_desk.ui.escalations.view import EscalationsView

# The newest events listed at once: an escalation edited daily for a year has hundreds, and
# reading and laying out every one each time it was chosen cost more than the log beside it.
HISTORY_SHOWN = 50
EARLIER = "earlier"  # the data of the line that lists the rest

STEPS = (  # shown through translate("EscalationPanel", …)
    ("up", QT_TRANSLATE_NOOP("EscalationPanel", "Escalate ▲"), "Ctrl+Shift+Up"),
    ("down", QT_TRANSLATE_NOOP("EscalationPanel", "De-escalate ▼"), "Ctrl+Shift+Down"),
    ("note", QT_TRANSLATE_NOOP("EscalationPanel", "Note…"), "Ctrl+Shift+M"),
    ("resolve", QT_TRANSLATE_NOOP("EscalationPanel", "Resolve…"), ""),
    ("close", QT_TRANSLATE_NOOP("EscalationPanel", "Close"), ""),
    ("reopen", QT_TRANSLATE_NOOP("EscalationPanel", "Reopen…"), ""),
)


class EscalationPanel(QWidget):
    """The escalation selected in the log."""

    def __init__(self, view: EscalationsView) -> None:
        super().__init__()
        self.view, self.desk = view, view.desk
        self.current: Escalation | None = None
        self._read: dict[tuple[str, int], Any] = {}
        self._form_people: tuple | None = None
        self.title = heading("", level=2)
        self.title.setWordWrap(True)
        self.state = QLabel()
        self.state.setObjectName("muted")
        self.state.setWordWrap(True)
        self.form_holder = QVBoxLayout()
        self.form: EscalationForm | None = None
        self.history = QListWidget()
        self.history.setWordWrap(True)
        self.history.setAccessibleName(self.tr("History"))
        self.history.installEventFilter(self)
        self.history.itemClicked.connect(self._all_history)
        self.history.itemActivated.connect(self._all_history)
        slots = {
            "up": self.escalate,
            "down": self.deescalate,
            "note": self.add_note,
            "resolve": self.resolve,
            "close": self.close_escalation,
            "reopen": self.reopen,
        }
        self.buttons: dict[str, QPushButton] = {}
        # As many a row as the panel holds: two on a laptop (up and down, note and resolve,
        # close and reopen: three held the panel 304 px wide, and the log beside it cut a
        # typical title), three on a wide screen, where two a row took three rows.
        steps = ButtonGrid((6, 3, 2))
        for key, text, keys in STEPS:
            button = QPushButton(translate("EscalationPanel", text))
            button.clicked.connect(slots[key])
            button.setToolTip(keys)
            steps.addWidget(button)
            self.buttons[key] = button
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.addWidget(self.title)
        layout.addWidget(self.state)
        layout.addLayout(steps)
        layout.addWidget(heading(self.tr("History"), level=2))
        layout.addWidget(self.history)
        layout.addWidget(heading(self.tr("Details"), level=2))
        layout.addLayout(self.form_holder)
        layout.addStretch(1)
        # With none chosen (a filter hid the one that was), the pane says so and keeps its
        # place: it disappeared and the log took the whole width, and came back at the next
        # choice. No other escalation is taken instead (its steps would act on it unseen).
        none = QWidget()
        none_layout = QVBoxLayout(none)
        none_layout.addWidget(heading(self.tr("No escalation chosen"), level=2))
        none_layout.addWidget(
            muted_note(self.tr("Choose one in the log to see its history and take its next step."))
        )
        none_layout.addStretch(1)
        self.pages = QStackedWidget()
        self.pages.addWidget(vertical_scroll(inner, self.tr("Escalation details")))
        self.pages.addWidget(none)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.history
            and isinstance(event, QResizeEvent)
            and event.oldSize().width() != event.size().width()
        ):
            # Narrower, its entries wrap to more lines (laid out once the resize is done).
            QTimer.singleShot(0, self._fit_history)
        return False

    def _fit_history(self) -> None:
        """As tall as its entries, from two lines to eight entries (it scrolls past those):
        a short history no longer pushes the details below the fold."""
        if not isValid(self.history):
            return  # the window closed before a resize's refit came round
        shown = range(min(self.history.count(), 8))
        # As laid out, wrapped to the list's width (a row's size hint is one unwrapped line).
        rows = sum(self.history.visualItemRect(self.history.item(row)).height() for row in shown)
        lowest = 2 * self.history.fontMetrics().lineSpacing()
        self.history.setFixedHeight(max(rows, lowest) + 2 * self.history.frameWidth() + 4)

    def _show_history(self, escalation_id: int) -> None:
        """The newest events first; past `HISTORY_SHOWN`, a last line lists the rest."""
        store = self.desk.require_store()
        events, total = self._cached(
            ("history", escalation_id),
            lambda: escalations.recent_history(store, escalation_id, HISTORY_SHOWN),
        )
        self.history.clear()
        for event in reversed(events):
            self.history.addItem(f"{shown_moment(event.occurred_at)}  ·  {event.describe()}")
        if total > len(events):
            n = total - len(events)
            earlier = QListWidgetItem(
                by_count(
                    n, self.tr("Show {n} earlier event…"), self.tr("Show {n} earlier events…")
                ).format(n=f"{n:,}")
            )
            earlier.setData(Qt.ItemDataRole.UserRole, EARLIER)
            font = earlier.font()
            font.setItalic(True)
            earlier.setFont(font)
            self.history.addItem(earlier)
        self._fit_history()

    def _all_history(self, line: QListWidgetItem) -> None:
        """The line listing the rest, clicked or activated: every event, the newest first."""
        if line.data(Qt.ItemDataRole.UserRole) != EARLIER or self.current is None:
            return
        chosen = self.current.id
        store = self.desk.require_store()
        self._read[("history", chosen)] = escalations.recent_history(store, chosen, None)
        self._show_history(chosen)
        self.history.setCurrentRow(HISTORY_SHOWN)  # where the line was: the first of the rest
        self.history.scrollToItem(self.history.currentItem())

    def forget(self, escalation_ids=None) -> None:
        """Read again what was kept of these escalations (None: of all, and the people)."""
        if escalation_ids is None:
            self._read.clear()
        for escalation_id in escalation_ids or ():
            self._read.pop(("history", escalation_id), None)

    def _cached(self, key: tuple[str, int], read: Callable[[], Any]) -> Any:
        """What the panel read for `key`, kept until it changes (the panel is shown several
        times per reload, and again after each edit)."""
        if key not in self._read:
            self._read[key] = read()
        return self._read[key]

    def show_escalation(self, item: Escalation | None) -> None:
        self.current = item
        self.pages.setCurrentIndex(0 if item is not None else 1)
        if item is None:
            return
        today = wall.today()
        policy = self.desk.policy.sla
        self.title.setText(item.title)
        days = item.days_open(today)
        state = [
            item.status.label,
            self.tr("level {level} ({name}) since {day}").format(
                level=item.level, name=LEVELS[item.level].lower(), day=shown(item.level_since)
            ),
            by_count(days, self.tr("open {days} day"), self.tr("open {days} days")).format(
                days=days
            ),
        ]
        if item.status.active:
            state.append(
                self.tr("trigger {day} ({sla})").format(
                    day=shown(item.trigger_date(policy)),
                    sla=item.sla_text(today, policy, inside=True),
                )
            )
        if item.resolution:
            state.append(
                self.tr("resolved by {kind}: {resolution}").format(
                    kind=item.resolution.kind.label.lower(), resolution=item.resolution.resolution
                )
            )
        self.state.setText(" · ".join(state))
        active = item.status.active
        self.buttons["up"].setEnabled(active and item.level < 3)
        self.buttons["down"].setEnabled(active and item.level > 0)
        self.buttons["resolve"].setEnabled(active)
        self.buttons["close"].setEnabled(item.status is Status.RESOLVED)
        self.buttons["reopen"].setEnabled(not active)
        store = self.desk.require_store()
        self._show_history(item.id)
        people = self._cached(
            ("people", item.alliance_id),
            lambda: tuple(stakeholders.people_choices(store, item.alliance_id)),
        )
        if self.form is None or self._form_people != people:
            if self.form is not None:
                self.form.setParent(None)
                self.form.deleteLater()
            self.form = EscalationForm(list(people))
            self.form.edited.connect(self._save_form)
            self.form_holder.addWidget(self.form)
            self._form_people = people
        self.form.set_draft(item.draft)

    # -- edits ------------------------------------------------------------------------------------

    def _save_form(self) -> None:
        if self.current is None or self.form is None:
            return
        draft = self.form.validated()
        if draft is None or draft == self.current.draft:
            return
        if self.desk.run(EditCommand(self.desk, self.current, draft)):
            self.form.mark_saved()
        else:  # changed elsewhere? the next save, now warned, replaces that version
            with contextlib.suppress(StoreError):
                self.current = escalations.get_escalation(
                    self.desk.require_store(), self.current.id
                )

    def _workflow(self, label: str, action: Callable, dialog=None) -> None:
        """Run a workflow step; with a dialog (a reason, a resolution), until it is saved or
        cancelled, reopening the dialog with its text if the save fails."""
        item = self.current
        if item is None:
            return
        self.view.pinned = item.id

        def command() -> WorkflowCommand:
            return WorkflowCommand(self.desk, item, label, action)

        saved = self.desk.run_dialog(dialog, command) if dialog else self.desk.run(command())
        if saved:
            self.view.select(item.id)

    def _change_level(self, step: int) -> None:
        item = self.current
        if item is None or not item.status.active or not 0 <= item.level + step <= 3:
            return
        to_level = item.level + step
        verb = self.tr("Escalate") if step > 0 else self.tr("De-escalate")
        why = self.tr("Why move it to level {level} ({name})?")
        dialog = ReasonDialog(verb, why.format(level=to_level, name=LEVELS[to_level].lower()), self)
        self._workflow(
            self.tr("{verb} {level} → {to_level}").format(
                verb=verb, level=item.level, to_level=to_level
            ),
            lambda version: escalation_moves.change_level(
                self.desk.require_store(),
                item.id,
                to_level,
                dialog.reason,
                expected_version=version,
            ),
            dialog,
        )

    def escalate(self) -> None:
        self._change_level(+1)

    def deescalate(self) -> None:
        self._change_level(-1)

    def add_note(self) -> None:
        item = self.current
        if item is None:
            return
        dialog = ReasonDialog(self.tr("Add note"), "Note", self)
        if self.desk.run_dialog(dialog, lambda: NoteCommand(self.desk, item, dialog.reason)):
            self.view.select(item.id)

    def resolve(self) -> None:
        item = self.current
        if item is None or not item.status.active:
            return
        dialog = ResolveDialog(self)

        def resolve(version: int) -> escalation_moves.State:
            assert dialog.resolution is not None  # run once the dialog is accepted with one
            return escalation_moves.resolve(
                self.desk.require_store(), item.id, dialog.resolution, expected_version=version
            )

        self._workflow(self.tr("Resolve"), resolve, dialog)

    def close_escalation(self) -> None:
        item = self.current
        if item is not None and item.status is Status.RESOLVED:
            self._workflow(
                self.tr("Close"),
                lambda version: escalation_moves.close(
                    self.desk.require_store(), item.id, expected_version=version
                ),
            )

    def reopen(self) -> None:
        item = self.current
        if item is None or item.status.active:
            return
        dialog = ReasonDialog(self.tr("Reopen"), self.tr("Why is it open again?"), self)
        self._workflow(
            self.tr("Reopen"),
            lambda version: escalation_moves.reopen(
                self.desk.require_store(), item.id, dialog.reason, expected_version=version
            ),
            dialog,
        )
