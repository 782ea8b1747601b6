"""What can be done to a task without leaving Today: open it (Enter), log the call (L), tick
the onboarding item (Space), prepare the meeting's pack (P), snooze it to a day (S) or bring
a snoozed one back. Each button says when it does not apply to the selected task."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QPushButton

from alliance_desk.core.dates import shown_short
from alliance_desk.core.onboarding import ItemStatus
from alliance_desk.core.stakeholders import InteractionKind
from alliance_desk.core.task import Task
from alliance_desk.store.errors import StoreError
from alliance_desk.ui.i18n import translate
from alliance_desk.ui.today.snooze import SnoozeCommand, SnoozeDialog

if TYPE_CHECKING:
    from alliance_desk.ui.today.view import TodayView


class TaskActions:
    """The buttons under the list and what they do to the selected task."""

    def __init__(self, view: TodayView) -> None:
        self.view = view
        self.buttons = QHBoxLayout()
        self.open_button = self._button(
            translate("TaskActions", "&Open  (Enter)"), self.open, primary=True
        )
        self.log_button = self._button(
            translate("TaskActions", "&Log the call…  (L)"), self.log_call
        )
        self.tick_button = self._button(translate("TaskActions", "&Done  (Space)"), self.tick)
        self.pack_button = self._button(
            translate("TaskActions", "Prepare the pac&k…  (P)"), self.pack
        )
        self.snooze_button = self._button(translate("TaskActions", "S&nooze…  (S)"), self.snooze)
        self.wake_button = self._button(translate("TaskActions", "&Bring back"), self.wake)
        self.buttons.addStretch(1)

    def _button(self, text: str, slot, *, primary: bool = False) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName("primary" if primary else "secondary")
        button.clicked.connect(lambda _checked=False: slot())
        self.buttons.addWidget(button)
        return button

    def current(self) -> Task | None:
        index = self.view.list.currentIndex()
        return self.view.model.task_at(index.row()) if index.isValid() else None

    def update(self) -> None:
        task = self.current()
        acts = task.acts if task else ()
        self.open_button.setEnabled(task is not None)
        self.log_button.setVisible(task is None or "log" in acts)
        self.log_button.setEnabled("log" in acts)
        self.tick_button.setVisible(task is None or "tick" in acts)
        self.tick_button.setEnabled("tick" in acts)
        self.pack_button.setVisible(task is not None and "pack" in acts)
        self.snooze_button.setEnabled(task is not None and task.snoozed_until is None)
        self.wake_button.setVisible(task is not None and task.snoozed_until is not None)

    def _not_for(self, task: Task | None, what: str) -> None:
        """Said when a task's key was pressed on a task it does not act on (Space on a call
        did nothing, while the hint under the list says "Space ticks the item")."""
        if task is None:
            return
        acts = task.acts
        keys = [translate("TaskActions", "Enter opens it")]
        if "log" in acts:
            keys.append(translate("TaskActions", "L logs the call"))
        if "tick" in acts:
            keys.append(translate("TaskActions", "Space ticks it"))
        if "pack" in acts:
            keys.append(translate("TaskActions", "P prepares its pack"))
        if task.snoozed_until is None:
            keys.append(translate("TaskActions", "S snoozes it"))
        self.view.desk.status.emit(
            translate("TaskActions", "{what}. This one: {keys}.").format(
                what=what, keys=" · ".join(keys)
            )
        )

    # -- the commands ------------------------------------------------------------------------

    def open(self) -> None:
        task = self.current()
        if task is not None:
            self.view.open_record.emit(task.opens)

    def log_call(self, *, any_task: bool = False) -> None:
        """Log the contact a call is about, its person ticked; with `any_task`, a contact on
        the selected task's alliance (Ctrl+I), or on an alliance the user picks."""
        from alliance_desk.ui.alliance_picker import pick_alliance
        from alliance_desk.ui.stakeholders.dialogs import log_interaction

        task, desk = self.current(), self.view.desk
        if task is not None and "log" in task.acts:
            # A call opens its person on their alliance (core/task_kinds.py).
            assert task.opens.alliance_id is not None and task.person_id is not None
            log_interaction(
                desk, self.view, task.opens.alliance_id, [task.person_id], InteractionKind.CALL
            )
            return
        if not any_task:
            self._not_for(task, translate("TaskActions", "L logs the call a task is about"))
            return
        alliance_id = task.opens.alliance_id if task is not None else None
        if alliance_id is None:
            alliance_id = pick_alliance(
                desk,
                self.view,
                translate("TaskActions", "A contact is logged on one alliance."),
            )
        if alliance_id is not None:
            log_interaction(desk, self.view, alliance_id, ())

    def tick(self) -> None:
        """Mark the onboarding item done, never over a teammate's newer change to it."""
        task, desk = self.current(), self.view.desk
        if task is not None and "tick" not in task.acts:
            self._not_for(task, translate("TaskActions", "Space ticks an onboarding item"))
            return
        if task is None or desk.store is None:
            return
        assert task.opens.record_id is not None  # an onboarding item opens its plan
        from alliance_desk.store import onboarding
        from alliance_desk.ui.onboarding.commands import ItemStatusCommand

        try:
            plan = onboarding.get_plan(desk.store, task.opens.record_id)
        except StoreError as error:
            desk.report_error(str(error))
            return
        item = next((i for i in plan.items if i.id == task.item_id), None)
        if item is None or item.status is ItemStatus.DONE:
            return
        if desk.run(ItemStatusCommand(desk, plan, item, ItemStatus.DONE)):
            desk.status.emit(
                translate("TaskActions", "Done: {title}. Undo with Ctrl+Z.").format(
                    title=item.title
                )
            )

    def pack(self) -> None:
        task = self.current()
        if task is not None and "pack" in task.acts:
            self.view.prepare_pack.emit((task.opens.alliance_id, task.opens.record_id))
        else:
            self._not_for(task, translate("TaskActions", "P prepares a meeting's pack"))

    def snooze(self) -> None:
        task, desk = self.current(), self.view.desk
        if task is None or task.snoozed_until is not None:
            return
        dialog = SnoozeDialog(task, self.view.day(), self.view)
        if desk.run_dialog(
            dialog,
            lambda: SnoozeCommand(desk, task, dialog.until) if dialog.until else None,
        ):
            desk.status.emit(
                translate("TaskActions", "Snoozed until {until}. Undo with Ctrl+Z.").format(
                    until=shown_short(dialog.until)
                )
            )

    def wake(self) -> None:
        task, desk = self.current(), self.view.desk
        if task is not None and task.snoozed_until is not None:
            desk.run(SnoozeCommand(desk, task, None))
