"""The Onboarding section: every active plan across the portfolio, and one plan's checklist
grouped as before day one, first week, first month and later."""

from __future__ import annotations

import contextlib
from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core.changes import Kind
from alliance_desk.core.onboarding import (
    Group,
    ItemStatus,
    OwnerRole,
    Plan,
    PlanStart,
    Template,
    group_of,
    next_due,
)
from alliance_desk.core.validation import FieldError, parse_date
from alliance_desk.store import onboarding, portfolio, stakeholders
from alliance_desk.store.errors import StoreError
from alliance_desk.ui.desk import Desk, StoreCommand, ValueEditCommand, follow
from alliance_desk.ui.onboarding.dialogs import (
    AddItemDialog,
    StartOnboardingDialog,
    TemplatesDialog,
)
from alliance_desk.ui.table_model import Column, RowTableModel, Selection, make_table
from alliance_desk.ui.theme import ERROR, MUTED, OVERDUE
from alliance_desk.ui.widgets import EmptyState, heading
from alliance_desk.ui.widgets import FieldError as FieldMessage

SHOWS = frozenset(
    {Kind.PLAN, Kind.TEMPLATE, Kind.STAKEHOLDER, Kind.PERSON, Kind.ALLIANCE, Kind.POLICY}
)


def _next(plan: Plan) -> str:
    item = next_due(plan.items)
    return f"{item.due.isoformat()}  {item.title}" if item else "All done"


PLAN_COLUMNS = (
    Column("Person", lambda p: p.person_name),
    Column("Alliance", lambda p: p.alliance_name),
    Column("Role", lambda p: p.role),
    Column("Starts", lambda p: p.start_date.isoformat()),
    Column(
        "Progress",
        lambda p: f"{p.progress()}  ({p.progress().ratio:.0%})",
        key=lambda p: p.progress().ratio,
    ),
    Column(
        "Next item", _next, key=lambda p: next_due(p.items).due if next_due(p.items) else date.max
    ),
    Column(
        "Overdue",
        lambda p: str(p.progress(date.today()).overdue or ""),
        key=lambda p: p.progress(date.today()).overdue,
        align_right=True,
        colour=lambda p: OVERDUE if p.progress(date.today()).overdue else None,
    ),
)


# -- undoable edits -------------------------------------------------------------------------------


class StartPlanCommand(StoreCommand):
    def __init__(self, desk: Desk, start: PlanStart, template: Template, name: str) -> None:
        super().__init__(desk, f"Start onboarding {name} as {start.role}")
        self.start, self.template = start, template
        self.plan_id: int | None = None
        self.snapshot = None

    def apply(self) -> None:
        if self.snapshot is not None:
            onboarding.restore_plan(self.desk.store, self.snapshot)
        else:
            self.plan_id = onboarding.start_plan(self.desk.store, self.start, self.template)

    def revert(self) -> None:
        self.snapshot = onboarding.remove_plan(self.desk.store, self.plan_id)


class DeletePlanCommand(StoreCommand):
    def __init__(self, desk: Desk, plan: Plan) -> None:
        super().__init__(desk, f"Delete the onboarding plan of {plan.person_name}")
        self.plan_id = plan.id
        self.snapshot = None

    def apply(self) -> None:
        self.snapshot = onboarding.remove_plan(self.desk.store, self.plan_id)

    def revert(self) -> None:
        onboarding.restore_plan(self.desk.store, self.snapshot)


def item_status_command(desk: Desk, plan: Plan, item, status: ItemStatus) -> ValueEditCommand:
    """Tick, set aside or reopen an item, never over a teammate's newer change to it."""
    verb = {ItemStatus.DONE: "Tick", ItemStatus.NOT_APPLICABLE: "Set aside"}.get(status, "Reopen")
    store, before = desk.store, onboarding.ItemState(item.status, item.done_on)

    def read():
        now = next((i for i in onboarding.get_plan(store, plan.id).items if i.id == item.id), None)
        if now is None:
            raise StoreError("That onboarding item no longer exists.")
        return now.status, now.version

    def write(value, expected_version):
        if value is before.status:
            onboarding.restore_item_state(store, item.id, before, expected_version=expected_version)
        else:
            onboarding.set_item_status(store, item.id, value, expected_version=expected_version)

    return ValueEditCommand(
        desk, f"{verb} “{item.title}”", item.title, item.status, status, item.version, read, write
    )


class AddItemCommand(StoreCommand):
    def __init__(self, desk: Desk, plan_id: int, title: str, due: date, owner: OwnerRole):
        super().__init__(desk, f"Add “{title}”")
        self.plan_id, self.values = plan_id, (title, due, owner)
        self.item_id: int | None = None

    def apply(self) -> None:
        self.item_id = onboarding.add_item(self.desk.store, self.plan_id, *self.values)

    def revert(self) -> None:
        onboarding.delete_item(self.desk.store, self.item_id)


def plan_edit_command(desk: Desk, plan: Plan, text: str, field: str, after) -> ValueEditCommand:
    """Change a plan's start date or note (`field`), never over a newer version saved
    elsewhere; what was typed stays in the form when refused."""
    store = desk.store
    save = {"start_date": onboarding.set_start_date, "note": onboarding.set_note}[field]

    def read():
        now = onboarding.get_plan(store, plan.id)
        return getattr(now, field), now.version

    def write(value, expected_version):
        save(store, plan.id, value, expected_version=expected_version)

    name = f"The onboarding plan of {plan.person_name}"
    before = getattr(plan, field)
    return ValueEditCommand(desk, text, name, before, after, plan.version, read, write, form=True)


# -- one plan -------------------------------------------------------------------------------------


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
        self.start.setPlaceholderText("YYYY-MM-DD")
        self.start.setMaximumWidth(140)
        self.start.editingFinished.connect(self._move_start)
        self.start_error = FieldMessage()
        self.items = QTreeWidget()
        self.items.setColumnCount(4)
        self.items.setHeaderLabels(["Item", "Due", "Owner", "Status"])
        self.items.setRootIsDecorated(False)
        self.items.setUniformRowHeights(True)
        self.items.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.items.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 120), (2, 120), (3, 150)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, width)
        self.items.itemChanged.connect(self._check_changed)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("A note on this onboarding (what they asked, what to watch)")
        self.note.setFixedHeight(60)
        self.note.installEventFilter(self)
        done = QPushButton("Done  (Space)")
        done.setObjectName("primary")
        done.clicked.connect(lambda: self.set_status(ItemStatus.DONE))
        aside = QPushButton("Not applicable  (N)")
        aside.clicked.connect(lambda: self.set_status(ItemStatus.NOT_APPLICABLE))
        reopen = QPushButton("Reopen  (R)")
        reopen.clicked.connect(lambda: self.set_status(ItemStatus.OPEN))
        add = QPushButton("Add item…")
        add.clicked.connect(self.add_item)
        remove = QPushButton("Delete plan")
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

        start_row = QHBoxLayout()
        start_row.addWidget(QLabel("Start date"))
        start_row.addWidget(self.start)
        start_row.addWidget(self.start_error)
        start_row.addStretch(1)
        buttons = QHBoxLayout()
        for button in (done, aside, reopen, add):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addLayout(start_row)
        layout.addLayout(buttons)
        layout.addWidget(self.items, 1)
        layout.addWidget(QLabel("Note"))
        layout.addWidget(self.note)

    def show_plan(self, plan: Plan | None) -> None:
        self.plan = plan
        self.setEnabled(plan is not None)
        self.items.blockSignals(True)
        self.items.clear()
        if plan is None:
            self.title.setText("Choose a plan")
            self.summary.setText("")
            self.start.clear()
            self.note.clear()
            self.items.blockSignals(False)
            return
        today = date.today()
        result = plan.progress(today)
        self.title.setText(f"{plan.person_name} — {plan.role} on {plan.alliance_name}")
        overdue = f" · {result.overdue} overdue" if result.overdue else ""
        self.summary.setText(
            f"{result} done ({result.ratio:.0%}){overdue}"
            f" · from the “{plan.template_name}” checklist"
        )
        self.start.setText(plan.start_date.isoformat())
        self.start.setModified(False)
        self.start_error.show_message(None)
        if self.note.toPlainText() != plan.note:
            self.note.setPlainText(plan.note)
        self.note.document().setModified(False)
        header_font = QFont()
        header_font.setBold(True)
        groups: dict[Group, QTreeWidgetItem] = {}
        for group in Group:
            header = QTreeWidgetItem([group.value])
            header.setFont(0, header_font)
            header.setFlags(Qt.ItemFlag.ItemIsEnabled)
            header.setForeground(0, QBrush(QColor(MUTED)))
            groups[group] = header
        for item in plan.items:
            row = QTreeWidgetItem(
                [
                    item.title + ("  (optional)" if item.optional else ""),
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
            row.setToolTip(0, item.detail or item.title)
            if item.overdue(today):
                for column in range(4):
                    row.setForeground(column, QBrush(QColor(OVERDUE)))
            elif item.status is not ItemStatus.OPEN:
                for column in range(4):
                    row.setForeground(column, QBrush(QColor(MUTED)))
            groups[group_of(item, plan.start_date)].addChild(row)
        for group in Group:
            if groups[group].childCount():
                self.items.addTopLevelItem(groups[group])
                groups[group].setExpanded(True)
        self.items.blockSignals(False)

    def current_item_id(self) -> int | None:
        row = self.items.currentItem()
        return row.data(0, Qt.ItemDataRole.UserRole) if row else None

    def set_status(self, status: ItemStatus) -> None:
        item_id = self.current_item_id()
        if self.plan is None or item_id is None:
            return
        item = next(i for i in self.plan.items if i.id == item_id)
        if item.status is not status:
            self.view.desk.run(item_status_command(self.view.desk, self.plan, item, status))
            self.select_item(item_id)

    def select_item(self, item_id: int) -> None:
        for top in range(self.items.topLevelItemCount()):
            group = self.items.topLevelItem(top)
            for child in range(group.childCount()):
                if group.child(child).data(0, Qt.ItemDataRole.UserRole) == item_id:
                    self.items.setCurrentItem(group.child(child))
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
        except FieldError as error:
            self.start_error.show_message(str(error))
            return
        self.start_error.show_message(None)
        if start != self.plan.start_date:
            text = f"Move the start of {self.plan.person_name} to {start.isoformat()}"
            command = plan_edit_command(self.view.desk, self.plan, text, "start_date", start)
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
            command = plan_edit_command(
                self.view.desk, self.plan, "Edit the onboarding note", "note", text
            )
            if text != self.plan.note and not self.view.desk.run(command):
                self.note.document().setModified(True)  # not saved: try again on next leave
                self._take_newer_version()

    def _take_newer_version(self) -> None:
        """After a refused save the form keeps what was typed; the next save, now warned,
        replaces the version saved elsewhere."""
        with contextlib.suppress(StoreError):
            self.plan = onboarding.get_plan(self.view.desk.store, self.plan.id)

    def add_item(self) -> None:
        if self.plan is None:
            return
        dialog = AddItemDialog(self, due=max(date.today(), self.plan.start_date))
        plan_id = self.plan.id
        self.view.desk.run_dialog(
            dialog,
            lambda: (
                AddItemCommand(self.view.desk, plan_id, *dialog.result_values)
                if dialog.result_values is not None
                else None
            ),
        )

    def delete_plan(self) -> None:
        if self.plan is not None:
            plan = self.plan
            self.view.desk.run(DeletePlanCommand(self.view.desk, plan))
            self.view.desk.status.emit(
                f"Deleted the onboarding plan of {plan.person_name}. Undo with Ctrl+Z."
            )


def _day(day: date, today: date) -> str:
    """A due date as people say it: 'Mon 02 Nov', with the year only when it is not this one."""
    return day.strftime("%a %d %b" if day.year == today.year else "%a %d %b %Y")


def _status_text(item, today: date) -> str:
    if item.status is ItemStatus.DONE:
        return f"Done {item.done_on.isoformat()}" if item.done_on else "Done"
    if item.status is ItemStatus.NOT_APPLICABLE:
        return "Not applicable"
    if item.overdue(today):
        days = (today - item.due).days
        return f"Overdue {days} day{'s' if days != 1 else ''}"
    return "Open"


# -- the section ----------------------------------------------------------------------------------


class OnboardingView(QWidget):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.builtin, self.template_problems = onboarding.load_builtin_templates()
        self.title = heading("Onboarding")
        start = QPushButton("Start onboarding…")
        start.setObjectName("primary")
        start.setToolTip("Ctrl+Shift+O")
        start.clicked.connect(self.start_plan)
        templates = QPushButton("Checklists…")
        templates.clicked.connect(self.edit_templates)
        self.start_action = QAction("Start onboarding…", self)
        self.start_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.start_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.start_action.triggered.connect(self.start_plan)
        self.addAction(self.start_action)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(f"color: {ERROR};")
        if self.template_problems:
            self.problems.setText(
                "Some built-in checklists could not be loaded and were left out: "
                + "; ".join(self.template_problems)
            )
        self.problems.setVisible(bool(self.template_problems))

        self.model: RowTableModel[Plan] = RowTableModel(PLAN_COLUMNS, self)
        self.table = make_table(self.model, sort_column=5)
        self.table.horizontalHeader().setDefaultSectionSize(120)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().resizeSection(5, 260)
        self.selection = Selection(self.table, self._show_plan, lambda plan: plan.id)
        self.detail = PlanDetail(self)
        self.scope = QLabel()
        self.scope.setObjectName("muted")

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setSizes([220, 480])
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scope)
        layout.addWidget(splitter, 1)
        self.empty = EmptyState(
            "No one is being onboarded",
            "When someone joins a committee or a team, start a checklist for them: the "
            "welcome, the briefing, the introduction to their counterpart, each due on its day.",
            [("Start onboarding…", self.start_plan), ("Checklists…", self.edit_templates)],
        )
        self.pages = QStackedWidget()
        self.pages.addWidget(content)
        self.pages.addWidget(self.empty)
        bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        bar.addWidget(templates)
        bar.addWidget(start)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        outer.addLayout(bar)
        outer.addWidget(self.problems)
        outer.addWidget(self.pages, 1)
        follow(desk, self, self.reload, SHOWS)

    # -- loading -----------------------------------------------------------------------------------

    def templates(self) -> list[Template]:
        mine = onboarding.list_templates(self.desk.store) if self.desk.store else []
        return [*self.builtin, *mine]

    def reload(self) -> None:
        store = self.desk.store
        alliance_id = self.desk.alliance_id
        plans = onboarding.list_plans(store, alliance_id) if store else []
        if alliance_id is not None and store is not None:
            try:
                name = portfolio.get_alliance(store, alliance_id).name
            except StoreError:
                name = "this alliance"
            self.scope.setText(f"Plans on {name} (choose “All alliances” above to see every plan)")
        else:
            self.scope.setText("Plans across all your alliances")
        keep = self.detail.plan.id if self.detail.plan else None
        self.model.set_rows(plans)
        self.pages.setCurrentIndex(0 if plans else 1)
        self.select_plan(keep)

    def select_plan(self, plan_id: int | None) -> None:
        self.selection.select(plan_id)

    def _show_plan(self, plan: Plan | None) -> None:
        keep_item = self.detail.current_item_id()  # stays put when the same plan is redrawn
        self.detail.show_plan(plan)
        if keep_item is not None:
            self.detail.select_item(keep_item)

    # -- actions -----------------------------------------------------------------------------------

    def keep_off_weekends(self) -> bool:
        """The portfolio's rule, proposed for a new plan (the dialog can change it)."""
        return self.desk.policy.keep_off_weekends

    def start_plan(self, stakeholder_id: int | None = None) -> None:
        store = self.desk.store
        if store is None:
            return
        alliances = [(a.name, a.id) for a in portfolio.list_alliances(store)]
        if not alliances:
            self.desk.report_error(
                "Create an alliance first: onboarding is for people joining one."
            )
            return

        def people_of(alliance_id: int):
            return [
                (s.id, f"{s.name} ({s.side.label})", s.details.roles)
                for s in stakeholders.list_stakeholders(store, alliance_id)
            ]

        dialog = StartOnboardingDialog(
            alliances,
            people_of,
            self.templates(),
            alliance_id=self.desk.alliance_id,
            stakeholder_id=stakeholder_id or None,
            keep_off_weekends=self.keep_off_weekends(),
            parent=self,
        )
        command = self.desk.run_dialog(
            dialog,
            lambda: (
                StartPlanCommand(
                    self.desk,
                    dialog.start_result,
                    dialog.chosen_template,
                    dialog.person.currentText(),
                )
                if dialog.start_result is not None
                else None
            ),
        )
        if command is not None:
            self.select_plan(command.plan_id)
            self.desk.status.emit(f"Started onboarding for {dialog.person.currentText()}.")

    def edit_templates(self) -> None:
        TemplatesDialog(self, self).exec()

    def save_template(self, template: Template) -> bool:
        try:
            onboarding.save_template(self.desk.store, template)
        except StoreError as error:
            self.desk.report_error(str(error))
            return False
        return True

    def newer_version_of(self, edited: Template) -> Template:
        """What the user typed, based on the template's version as stored now (or as a new
        template, if it was deleted meanwhile)."""
        try:
            stored = next(
                t for t in onboarding.list_templates(self.desk.store) if t.id == edited.id
            )
        except (StopIteration, StoreError):
            return replace(edited, id=None, version=None)
        return replace(edited, version=stored.version)

    def delete_template(self, template: Template) -> None:
        try:
            onboarding.delete_template(self.desk.store, template.id)
        except StoreError as error:
            self.desk.report_error(str(error))
