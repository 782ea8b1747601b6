"""One onboarding plan: its items by phase (before day one, first week, first month, later),
ticked with Space, set aside with N, reopened with R; its start date and note."""

from __future__ import annotations

import contextlib
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QBrush, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core import wall
from alliance_desk.core.dates import entered, shown, shown_short
from alliance_desk.core.i18n import by_count
from alliance_desk.core.onboarding import Group, ItemStatus, Plan, group_of
from alliance_desk.core.validation import FieldError, parse_date
from alliance_desk.store import onboarding
from alliance_desk.store.errors import StoreError
from alliance_desk.ui.i18n import translate
from alliance_desk.ui.onboarding.commands import (
    AddItemCommand,
    DeletePlanCommand,
    ItemStatusCommand,
    PlanEditCommand,
)
from alliance_desk.ui.onboarding.dialogs import AddItemDialog
from alliance_desk.ui.theme import colours
from alliance_desk.ui.widgets import FieldError as FieldMessage
from alliance_desk.ui.widgets import heading
from alliance_desk.ui.wrapping import WrappingDelegate

if TYPE_CHECKING:
    from alliance_desk.ui.onboarding.view import OnboardingView


class PlanDetail(QWidget):
    """One plan's items by phase, with keys: Space ticks, N sets aside, R reopens."""

    def __init__(self, view: OnboardingView) -> None:
        super().__init__()
        self.view = view
        self.plan: Plan | None = None
        self.title = heading("", level=2)
        self.title.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("muted")
        self.start = QLineEdit()
        self.start.setPlaceholderText(self.tr("YYYY-MM-DD"))
        self.start.setAccessibleName(self.tr("Start date"))
        self.start.setMaximumWidth(140)
        self.start.editingFinished.connect(self._move_start)
        self.start_error = FieldMessage()
        self.items = QTreeWidget()
        self.items.setColumnCount(4)
        self.items.setAccessibleName(self.tr("Checklist"))
        self.items.setHeaderLabels(
            [self.tr("Item"), self.tr("Due"), self.tr("Owner"), self.tr("Status")]
        )
        self.items.setRootIsDecorated(False)
        # A long item wraps in the room the other columns leave it rather than being cut.
        WrappingDelegate(self.items)
        self.items.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.items.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.items.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):  # as wide as their short words, the rest for the item
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.items.itemChanged.connect(self._check_changed)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(
            self.tr("A note on this onboarding (what they asked, what to watch)")
        )
        self.note.setAccessibleName(self.tr("Note"))
        self.note.setFixedHeight(2 * self.note.fontMetrics().lineSpacing() + 14)  # two lines
        self.note.installEventFilter(self)
        done = QPushButton(self.tr("Done  (Space)"))
        done.setObjectName("primary")
        done.clicked.connect(lambda: self.set_status(ItemStatus.DONE))
        aside = QPushButton(self.tr("Not applicable  (N)"))
        aside.clicked.connect(lambda: self.set_status(ItemStatus.NOT_APPLICABLE))
        reopen = QPushButton(self.tr("Reopen  (R)"))
        reopen.clicked.connect(lambda: self.set_status(ItemStatus.OPEN))
        add = QPushButton(self.tr("Add item…"))
        add.clicked.connect(self.add_item)
        remove = QPushButton(self.tr("Delete plan"))
        remove.setObjectName("secondary")
        remove.clicked.connect(self.delete_plan)
        for key, status in (
            ("Space", ItemStatus.DONE),
            ("N", ItemStatus.NOT_APPLICABLE),
            ("R", ItemStatus.OPEN),
        ):
            action = QAction(self.items)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(lambda _checked=False, s=status: self.set_status(s))
            self.items.addAction(action)

        self.summary.setWordWrap(True)
        # The summary and the start date share a line, the note sits beside its label: the
        # checklist gets the height (8 items showed at 1024×700, now 12 or more).
        start_row = QHBoxLayout()
        start_row.addWidget(self.summary, 1)
        start_row.addSpacing(12)
        start_row.addWidget(QLabel(self.tr("Start date")))
        start_row.addWidget(self.start)
        start_row.addWidget(self.start_error)
        note_row = QHBoxLayout()
        note_label = QLabel(self.tr("Note"))
        note_label.setBuddy(self.note)
        note_row.addWidget(note_label, 0, Qt.AlignmentFlag.AlignTop)
        note_row.addWidget(self.note, 1)
        buttons = QHBoxLayout()
        for button in (done, aside, reopen, add):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(start_row)
        layout.addLayout(buttons)
        layout.addWidget(self.items, 1)
        layout.addLayout(note_row)

    def show_plan(self, plan: Plan | None) -> None:
        kept = self.current_item_id() if self.plan is not None and plan is not None else None
        if plan is None or self.plan is None or plan.id != self.plan.id:
            kept = None
        self.plan = plan
        self.setEnabled(plan is not None)
        self.items.blockSignals(True)
        self.items.clear()
        if plan is None:
            self.title.setText(self.tr("Choose a plan"))
            self.summary.setText("")
            self.start.clear()
            self.note.clear()
            self.items.blockSignals(False)
            return
        today = wall.today()
        result = plan.progress(today)
        self.title.setText(
            self.tr("{person_name} — {role} on {alliance_name}").format(
                person_name=plan.person_name, role=plan.role, alliance_name=plan.alliance_name
            )
        )
        overdue = (
            self.tr(" · {count} overdue").format(count=result.overdue) if result.overdue else ""
        )
        self.summary.setText(
            self.tr(
                "{result} done ({ratio:.0%}){overdue} · from the “{template_name}” checklist"
            ).format(
                result=result, ratio=result.ratio, overdue=overdue, template_name=plan.template_name
            )
        )
        self.start.setText(entered(plan.start_date))
        self.start.setModified(False)
        self.start_error.show_message(None)
        if self.note.toPlainText() != plan.note:
            self.note.setPlainText(plan.note)
        self.note.document().setModified(False)
        header_font = QFont()
        header_font.setBold(True)
        groups: dict[Group, QTreeWidgetItem] = {}
        for group in Group:
            header = QTreeWidgetItem([group.label])
            header.setFont(0, header_font)
            header.setFlags(Qt.ItemFlag.ItemIsEnabled)
            header.setForeground(0, QBrush(colours().muted))
            groups[group] = header
        for item in plan.items:
            row = QTreeWidgetItem(
                [
                    self.tr("{title}  (optional)").format(title=item.title)
                    if item.optional
                    else item.title,
                    _day(item.due, today),
                    item.owner.label,
                    _status_text(item, today),
                ]
            )
            row.setData(0, Qt.ItemDataRole.UserRole, item.id)
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            row.setCheckState(
                0,
                Qt.CheckState.Checked
                if item.status is ItemStatus.DONE
                else Qt.CheckState.Unchecked,
            )
            row.setToolTip(0, f"{item.title}\n\n{item.detail}" if item.detail else item.title)
            if item.overdue(today):
                for column in range(4):
                    row.setForeground(column, QBrush(colours().overdue))
            elif item.status is not ItemStatus.OPEN:
                for column in range(4):
                    row.setForeground(column, QBrush(colours().muted))
            groups[group_of(item, plan.start_date)].addChild(row)
        for group in Group:
            if groups[group].childCount():
                self.items.addTopLevelItem(groups[group])
                groups[group].setExpanded(True)
        # The current row an item, never a group's heading (Space there did nothing): the one
        # that was current, else the first still open, else the first.
        rows = [self._row(top, child) for top, child in self._places()]
        open_ids = {i.id for i in plan.items if i.status is ItemStatus.OPEN}
        first = next((r for r in rows if r.data(0, Qt.ItemDataRole.UserRole) in open_ids), None)
        chosen = next((r for r in rows if r.data(0, Qt.ItemDataRole.UserRole) == kept), None)
        if chosen or first or rows:
            self.items.setCurrentItem(chosen or first or rows[0])
        self.items.blockSignals(False)

    def _places(self) -> list[tuple[int, int]]:
        """(group, row) of every item in the checklist, top to bottom."""
        places: list[tuple[int, int]] = []
        for top in range(self.items.topLevelItemCount()):
            group = self.items.topLevelItem(top)
            assert group is not None  # top < topLevelItemCount()
            places.extend((top, child) for child in range(group.childCount()))
        return places

    def _row(self, top: int, child: int) -> QTreeWidgetItem:
        group = self.items.topLevelItem(top)
        assert group is not None
        row = group.child(child)
        assert row is not None
        return row

    def current_item_id(self) -> int | None:
        row = self.items.currentItem()
        return row.data(0, Qt.ItemDataRole.UserRole) if row else None

    def set_status(self, status: ItemStatus) -> None:
        item_id = self.current_item_id()
        if self.plan is None or item_id is None:
            return
        item = next(i for i in self.plan.items if i.id == item_id)
        if item.status is not status:
            self.view.desk.run(ItemStatusCommand(self.view.desk, self.plan, item, status))
            self.select_item(item_id)

    def select_item(self, item_id: int) -> None:
        for top, child in self._places():
            row = self._row(top, child)
            if row.data(0, Qt.ItemDataRole.UserRole) == item_id:
                self.items.setCurrentItem(row)
                return

    def _check_changed(self, row: QTreeWidgetItem, column: int) -> None:
        item_id = row.data(0, Qt.ItemDataRole.UserRole)
        if column != 0 or item_id is None:
            return
        self.items.setCurrentItem(row)
        status = ItemStatus.DONE if row.checkState(0) == Qt.CheckState.Checked else ItemStatus.OPEN
        # Saving rebuilds the tree, which would delete `row` while Qt is still inside it
        # (the signal comes from the item's own setData): finish the click first.
        QTimer.singleShot(0, lambda: self._set_status_of(item_id, status))

    def _set_status_of(self, item_id: int, status: ItemStatus) -> None:
        self.select_item(item_id)
        self.set_status(status)

    def _move_start(self) -> None:
        if self.plan is None or not self.start.isModified():
            return
        try:
            start = parse_date(self.start.text(), required=True)
            assert start is not None  # required: a missing day raised FieldError
        except FieldError as error:
            self.start_error.show_message(str(error))
            return
        self.start_error.show_message(None)
        if start != self.plan.start_date:
            text = self.tr("Move the start of {name} to {day}").format(
                name=self.plan.person_name, day=shown(start)
            )
            command = PlanEditCommand(self.view.desk, self.plan, text, "start_date", start)
            if not self.view.desk.run(command):
                self._take_newer_version()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.note and event.type() == event.Type.FocusOut:
            self.save_note()
        return False

    def save_note(self) -> None:
        if self.plan is not None and self.note.document().isModified():
            text = self.note.toPlainText().strip()
            self.note.document().setModified(False)
            command = PlanEditCommand(
                self.view.desk, self.plan, self.tr("Edit the onboarding note"), "note", text
            )
            if text != self.plan.note and not self.view.desk.run(command):
                self.note.document().setModified(True)  # not saved: try again on next leave
                self._take_newer_version()

    def _take_newer_version(self) -> None:
        """After a refused save the form keeps what was typed; the next save, now warned,
        replaces the version saved elsewhere."""
        assert self.plan is not None  # the plan whose save was refused
        with contextlib.suppress(StoreError):
            self.plan = onboarding.get_plan(self.view.desk.require_store(), self.plan.id)

    def add_item(self) -> None:
        if self.plan is None:
            return
        dialog = AddItemDialog(self, due=max(wall.today(), self.plan.start_date))
        plan_id = self.plan.id
        added = self.view.desk.run_dialog(
            dialog,
            lambda: (
                AddItemCommand(self.view.desk, plan_id, *dialog.result_values)
                if dialog.result_values is not None
                else None
            ),
        )
        # The new item chosen, the keyboard in the checklist: it stayed on "Add item…", where
        # Space opened the dialog again.
        if isinstance(added, AddItemCommand) and added.item_id is not None:
            self.select_item(added.item_id)
            current = self.items.currentItem()
            if current is not None:
                self.items.scrollToItem(current)
            self.items.setFocus()

    def delete_plan(self) -> None:
        if self.plan is not None:
            plan = self.plan
            self.view.desk.run(DeletePlanCommand(self.view.desk, plan))
            self.view.desk.status.emit(
                self.tr("Deleted the onboarding plan of {person_name}. Undo with Ctrl+Z.").format(
                    person_name=plan.person_name
                )
            )


def _day(day: date, today: date) -> str:
    """A due date as people say it: 'Mon 02 Nov', with the year only when it is not this one."""
    return shown_short(day, today)


def _status_text(item, today: date) -> str:
    if item.status is ItemStatus.DONE:
        if item.done_on:
            # as the due day beside it says a day ("Fri 13 Nov"; the year when not this one)
            return translate("PlanDetail", "Done {day}").format(day=_day(item.done_on, today))
        return translate("PlanDetail", "Done")
    if item.status is ItemStatus.NOT_APPLICABLE:
        return translate("PlanDetail", "Not applicable")
    if item.overdue(today):
        days = (today - item.due).days
        return by_count(
            days,
            translate("PlanDetail", "Overdue {days} day"),
            translate("PlanDetail", "Overdue {days} days"),
        ).format(days=days)
    return translate("PlanDetail", "Open")
